import { readFileSync } from 'node:fs';
import * as realOs from 'node:os';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  _resetContexts,
  detectCloud,
  getContexts,
  getContextsSync,
  parseOsRelease,
  startContextDetection,
} from '../../../../src/event/contexts.js';
import type { Contexts } from '../../../../src/protocol/types.js';

// Mocks delegate to the real modules unless a test overrides them.
const mocks = vi.hoisted(() => ({
  cpus: undefined as undefined | (() => unknown),
  freemem: undefined as undefined | (() => number),
  platform: undefined as undefined | (() => string),
  release: undefined as undefined | (() => string),
  readFile: undefined as undefined | ((file: unknown) => Promise<string>),
}));

vi.mock('node:os', async (importOriginal) => {
  const os = await importOriginal<typeof import('node:os')>();
  return {
    ...os,
    cpus: () => (mocks.cpus ? mocks.cpus() : os.cpus()),
    freemem: () => (mocks.freemem ? mocks.freemem() : os.freemem()),
    platform: () => (mocks.platform ? mocks.platform() : os.platform()),
    release: () => (mocks.release ? mocks.release() : os.release()),
  };
});

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    readFile: (file: string, options: 'utf8') =>
      mocks.readFile ? mocks.readFile(file) : fs.readFile(file, options),
  };
});

const CLOUD_VARS = [
  'VERCEL',
  'VERCEL_REGION',
  'FLY_REGION',
  'K_SERVICE',
  'GOOGLE_CLOUD_REGION',
  'FUNCTION_TARGET',
  'FUNCTION_REGION',
  'WEBSITE_SITE_NAME',
  'REGION_NAME',
  'FUNCTIONS_WORKER_RUNTIME',
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
];

/** One context as a plain record (the index signature's union with TraceContext hides its fields). */
const ctx = (contexts: Contexts, key: string): Record<string, unknown> | undefined =>
  contexts[key] as Record<string, unknown> | undefined;

beforeEach(() => {
  _resetContexts();
  for (const name of CLOUD_VARS) vi.stubEnv(name, undefined);
});

afterEach(() => {
  for (const key of Object.keys(mocks) as (keyof typeof mocks)[]) mocks[key] = undefined;
  vi.unstubAllEnvs();
});

describe('getContextsSync', () => {
  it('returns runtime, app, device and culture right away', () => {
    const contexts = getContextsSync();
    expect(contexts.runtime).toEqual({ name: 'node', version: process.version });
    const startTime = Date.parse(String(ctx(contexts, 'app')?.app_start_time));
    expect(Math.abs(startTime - (Date.now() - process.uptime() * 1000))).toBeLessThan(1000);
    expect(ctx(contexts, 'app')?.app_memory).toBeGreaterThan(0);
    expect(contexts.device).toMatchObject({
      arch: realOs.arch(),
      memory_size: realOs.totalmem(),
      processor_count: expect.any(Number),
    });
    expect(Date.parse(String(ctx(contexts, 'device')?.boot_time))).toBeLessThan(Date.now());
    expect(ctx(contexts, 'device')?.free_memory).toBeGreaterThan(0);
    const intl = Intl.DateTimeFormat().resolvedOptions();
    expect(contexts.culture).toEqual({ locale: intl.locale, timezone: intl.timeZone });
    expect(contexts).not.toHaveProperty('cloud_resource');
  });

  it('does not wait for OS detection', () => {
    mocks.platform = () => 'linux';
    mocks.readFile = () => new Promise<string>(() => {}); // never settles
    startContextDetection();
    const contexts = getContextsSync();
    expect(contexts.os).toBeUndefined();
    expect(ctx(contexts, 'runtime')?.name).toBe('node');
  });

  it('refreshes memory at most once a second but computes static fields once', () => {
    let free = 1000;
    mocks.freemem = () => free++;
    const now = vi.spyOn(Date, 'now');
    now.mockReturnValue(1_000_000);
    const cpu = (model: string) => [
      { model, speed: 2000, times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 } },
    ];
    mocks.cpus = () => cpu('first');
    const first = getContextsSync();
    mocks.cpus = () => cpu('second');
    const cached = getContextsSync();
    now.mockReturnValue(1_001_500);
    const second = getContextsSync();
    now.mockRestore();
    expect(ctx(first, 'device')?.free_memory).toBe(1000);
    expect(ctx(cached, 'device')?.free_memory).toBe(1000);
    expect(ctx(second, 'device')?.free_memory).toBe(1001);
    expect(second.device).toMatchObject({
      cpu_description: 'first',
      processor_frequency: 2000,
      processor_count: 1,
    });
  });

  it('returns copies that callers may mutate', () => {
    const first = getContextsSync();
    const runtime = ctx(first, 'runtime');
    if (runtime) runtime.name = 'changed';
    expect(ctx(getContextsSync(), 'runtime')?.name).toBe('node');
  });

  it('survives a throwing os.cpus()', () => {
    mocks.cpus = () => {
      throw new Error('no /proc');
    };
    const device = ctx(getContextsSync(), 'device');
    expect(device).toMatchObject({ arch: realOs.arch(), memory_size: realOs.totalmem() });
    expect(device).not.toHaveProperty('cpu_description');
    expect(device?.processor_count).toBeGreaterThan(0);
  });

  it('adds cloud_resource from the environment', () => {
    vi.stubEnv('AWS_REGION', 'eu-west-1');
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs20.x');
    expect(getContextsSync().cloud_resource).toEqual({
      'cloud.provider': 'aws',
      'cloud.region': 'eu-west-1',
      'cloud.platform': 'aws_lambda',
    });
  });
});

describe('getContexts', () => {
  it('reads the Linux distribution from /etc/os-release once', async () => {
    mocks.platform = () => 'linux';
    mocks.release = () => '6.1.0-test';
    const files: unknown[] = [];
    mocks.readFile = async (file) => {
      files.push(file);
      return 'NAME="Debian GNU/Linux"\nID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n';
    };
    const contexts = await getContexts();
    expect(contexts.os).toEqual({
      name: 'Debian GNU/Linux',
      version: '12',
      kernel_version: '6.1.0-test',
      distribution: { name: 'debian', version: '12', pretty_name: 'Debian GNU/Linux 12 (bookworm)' },
    });
    await getContexts();
    expect(getContextsSync().os).toEqual(contexts.os);
    expect(files).toEqual(['/etc/os-release']);
  });

  it('falls back to a bare Linux context when os-release is unreadable', async () => {
    mocks.platform = () => 'linux';
    mocks.release = () => '5.15.0';
    mocks.readFile = () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }));
    expect((await getContexts()).os).toEqual({ name: 'Linux', kernel_version: '5.15.0' });
  });

  it('names Windows and macOS without any file access', async () => {
    mocks.readFile = () => Promise.reject(new Error('must not read'));
    mocks.platform = () => 'win32';
    mocks.release = () => '10.0.22631';
    expect((await getContexts()).os).toEqual({
      name: 'Windows',
      version: '10.0.22631',
      kernel_version: '10.0.22631',
      build: '22631',
    });
    _resetContexts();
    mocks.platform = () => 'darwin';
    mocks.release = () => '23.4.0';
    expect((await getContexts()).os).toEqual({ name: 'macOS', kernel_version: '23.4.0' });
  });

  it('matches the real host', async () => {
    const os = ctx(await getContexts(), 'os');
    expect(os?.kernel_version).toBe(realOs.release());
    if (realOs.platform() === 'linux') {
      let expected = 'Linux';
      try {
        expected = parseOsRelease(readFileSync('/etc/os-release', 'utf8')).NAME ?? 'Linux';
      } catch {
        // no os-release on this host
      }
      expect(os?.name).toBe(expected);
    }
  });
});

describe('parseOsRelease', () => {
  it('unquotes, unescapes and trims values and skips comments', () => {
    const text =
      '# comment\nNAME="Ubuntu"\nVERSION_ID=\'22.04\'\nID=ubuntu \nPRETTY_NAME="A \\"quoted\\" name"\nEMPTY=\n';
    expect(parseOsRelease(text)).toEqual({
      NAME: 'Ubuntu',
      VERSION_ID: '22.04',
      ID: 'ubuntu',
      PRETTY_NAME: 'A "quoted" name',
    });
  });
});

describe('detectCloud', () => {
  it('returns undefined without cloud variables', () => {
    expect(detectCloud({ HOME: '/root' })).toBeUndefined();
  });

  it.each([
    [
      { VERCEL: '1', VERCEL_REGION: 'iad1', AWS_REGION: 'us-east-1' },
      { 'cloud.provider': 'vercel', 'cloud.region': 'iad1' },
    ],
    [{ FLY_REGION: 'cdg' }, { 'cloud.provider': 'fly', 'cloud.region': 'cdg' }],
    [
      { K_SERVICE: 'api', GOOGLE_CLOUD_REGION: 'europe-west1' },
      { 'cloud.provider': 'gcp', 'cloud.region': 'europe-west1', 'cloud.platform': 'gcp_cloud_run' },
    ],
    [
      { WEBSITE_SITE_NAME: 'app', REGION_NAME: 'West Europe' },
      { 'cloud.provider': 'azure', 'cloud.region': 'West Europe', 'cloud.platform': 'azure_app_service' },
    ],
    [{ AWS_REGION: 'eu-west-1' }, { 'cloud.provider': 'aws', 'cloud.region': 'eu-west-1' }],
    [
      { AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE', AWS_DEFAULT_REGION: 'us-west-2' },
      { 'cloud.provider': 'aws', 'cloud.region': 'us-west-2', 'cloud.platform': 'aws_ecs' },
    ],
  ])('maps %o', (env, expected) => {
    expect(detectCloud(env)).toEqual(expected);
  });
});
