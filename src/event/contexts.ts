// Host contexts (os, runtime, app, device, culture, cloud_resource). Static facts are computed
// once; only the OS needs I/O, which runs async at init so capture never waits on it. Every
// field is read behind a guard: a host that throws from os.cpus() still gets the other fields.
import { readFile } from 'node:fs/promises';
import * as nodeOs from 'node:os';
import type { Context, Contexts } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { sdkBuilt } from './sdk-built.js';

interface StaticContexts {
  runtime: Context;
  app: Context;
  device: Context;
  culture: Context;
  cloud_resource?: Context;
}

let staticContexts: StaticContexts | undefined;
let osContext: Context | undefined;
let osDetection: Promise<void> | undefined;

/** Returns `fn()`, or undefined when it throws: one bad field must not cost the rest. */
function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Drops undefined values so they are not serialized as missing fields. */
function compact(obj: Record<string, unknown>): Context {
  const out: Context = {};
  for (const [key, value] of Object.entries(obj)) if (value !== undefined) out[key] = value;
  return out;
}

function isoTime(msAgo: number | undefined): string | undefined {
  return msAgo === undefined || !Number.isFinite(msAgo)
    ? undefined
    : new Date(Date.now() - msAgo).toISOString();
}

let detectionDone = false;

/** Starts the async OS detection once; safe to call repeatedly. */
export function startContextDetection(): void {
  osDetection ??= detectOs()
    .then(
      (os) => {
        osContext = os;
      },
      (err: unknown) => debug.error('OS context detection failed:', err),
    )
    .finally(() => {
      detectionDone = true;
    });
}

/** Whether `getContextsSync()` is complete (OS detection finished), so events need not wait. */
export function contextsReady(): boolean {
  return detectionDone;
}

// Memory figures are read at most once a second: `process.memoryUsage.rss()` costs tens of µs,
// which would dominate the cost of a capture in a burst.
const MEMORY_TTL_MS = 1000;
let memory: { at: number; rss: number | undefined; free: number | undefined } | undefined;

function memoryNow(): { rss: number | undefined; free: number | undefined } {
  const now = Date.now();
  if (!memory || now - memory.at > MEMORY_TTL_MS) {
    memory = {
      at: now,
      rss: attempt(() => process.memoryUsage.rss()),
      free: attempt(() => nodeOs.freemem()),
    };
  }
  return memory;
}

/** All contexts, waiting for OS detection to finish. Never rejects. */
export async function getContexts(): Promise<Contexts> {
  startContextDetection();
  await osDetection;
  return getContextsSync();
}

/** What is known right now, without waiting: `os` appears once the async detection finished. */
export function getContextsSync(): Contexts {
  try {
    staticContexts ??= computeStatic();
    const { runtime, app, device, culture, cloud_resource } = staticContexts;
    // Fresh copies (a beforeSend that edits an event cannot corrupt the cache), each built by
    // sdkBuilt's Object.assign, not a spread (see copyRecord in utils/is.ts).
    const { rss, free } = memoryNow();
    const contexts: Contexts = {
      runtime: sdkBuilt(runtime),
      app: sdkBuilt(app, { app_memory: rss }),
      device: sdkBuilt(device, { free_memory: free }),
      culture: sdkBuilt(culture),
    };
    // os has a nested object: a deep copy, so an in-place edit cannot reach the cache.
    if (osContext) contexts.os = sdkBuilt(structuredOs(osContext));
    if (cloud_resource) contexts.cloud_resource = sdkBuilt(cloud_resource);
    return contexts;
  } catch (err) {
    debug.error('building contexts failed:', err);
    return {};
  }
}

function structuredOs(os: Context): Context {
  const copy = { ...os };
  if (isRecord(copy.distribution)) copy.distribution = { ...copy.distribution };
  return copy;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function computeStatic(): StaticContexts {
  const cpus = attempt(() => nodeOs.cpus()) ?? [];
  const intl = attempt(() => Intl.DateTimeFormat().resolvedOptions());
  return {
    runtime: compact({ name: 'node', version: attempt(() => process.version) }),
    app: compact({ app_start_time: isoTime(attempt(() => process.uptime() * 1000)) }),
    device: compact({
      arch: attempt(() => nodeOs.arch()),
      boot_time: isoTime(attempt(() => nodeOs.uptime() * 1000)),
      memory_size: attempt(() => nodeOs.totalmem()),
      // cpus() is empty in some sandboxes; availableParallelism() still knows the count.
      processor_count: cpus.length || attempt(() => nodeOs.availableParallelism()),
      cpu_description: cpus[0]?.model,
      processor_frequency: cpus[0]?.speed,
    }),
    culture: compact({ locale: intl?.locale, timezone: intl?.timeZone }),
    cloud_resource: attempt(() => detectCloud(process.env)),
  };
}

/** OTel cloud conventions from the platform's well-known env vars; undefined when none match. */
export function detectCloud(env: NodeJS.ProcessEnv): Context | undefined {
  let ctx: Record<string, unknown> | undefined;
  // Vercel functions run on AWS Lambda and set AWS_* too: check Vercel first, AWS last.
  if (env.VERCEL) {
    ctx = { 'cloud.provider': 'vercel', 'cloud.region': env.VERCEL_REGION };
  } else if (env.FLY_REGION) {
    ctx = { 'cloud.provider': 'fly', 'cloud.region': env.FLY_REGION };
  } else if (env.K_SERVICE || env.GOOGLE_CLOUD_REGION || env.FUNCTION_TARGET) {
    ctx = {
      'cloud.provider': 'gcp',
      'cloud.region': env.GOOGLE_CLOUD_REGION ?? env.FUNCTION_REGION,
      'cloud.platform': env.FUNCTION_TARGET
        ? 'gcp_cloud_functions'
        : env.K_SERVICE
          ? 'gcp_cloud_run'
          : undefined,
    };
  } else if (env.WEBSITE_SITE_NAME || env.REGION_NAME) {
    ctx = {
      'cloud.provider': 'azure',
      'cloud.region': env.REGION_NAME,
      'cloud.platform': env.FUNCTIONS_WORKER_RUNTIME ? 'azure_functions' : 'azure_app_service',
    };
  } else if (env.AWS_REGION || env.AWS_EXECUTION_ENV) {
    const exec = env.AWS_EXECUTION_ENV ?? '';
    ctx = {
      'cloud.provider': 'aws',
      'cloud.region': env.AWS_REGION ?? env.AWS_DEFAULT_REGION,
      'cloud.platform':
        exec.startsWith('AWS_Lambda') || env.AWS_LAMBDA_FUNCTION_NAME
          ? 'aws_lambda'
          : exec.startsWith('AWS_ECS')
            ? 'aws_ecs'
            : undefined,
    };
  }
  return ctx && compact(ctx);
}

async function detectOs(): Promise<Context> {
  const platform = nodeOs.platform();
  const kernel = attempt(() => nodeOs.release());
  if (platform === 'darwin') return compact({ name: 'macOS', kernel_version: kernel });
  if (platform === 'win32') {
    // release() is e.g. "10.0.22631"; the third part is the build number.
    return compact({
      name: 'Windows',
      version: kernel,
      kernel_version: kernel,
      build: kernel?.split('.')[2],
    });
  }
  if (platform === 'linux') {
    const release = await readOsRelease();
    if (release) {
      const distribution = compact({
        name: release.ID,
        version: release.VERSION_ID,
        pretty_name: release.PRETTY_NAME,
      });
      return compact({
        name: release.NAME ?? 'Linux',
        version: release.VERSION_ID,
        kernel_version: kernel,
        distribution: Object.keys(distribution).length > 0 ? distribution : undefined,
      });
    }
    return compact({ name: 'Linux', kernel_version: kernel });
  }
  return compact({ name: attempt(() => nodeOs.type()) ?? platform, version: kernel, kernel_version: kernel });
}

async function readOsRelease(): Promise<Record<string, string> | undefined> {
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      return parseOsRelease(await readFile(file, 'utf8'));
    } catch {
      // Missing or unreadable: try the fallback location.
    }
  }
  return undefined;
}

/** Parses os-release `KEY=value` lines, unquoting and trimming values. */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (!match?.[1] || match[2] === undefined) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2)
      value = value.slice(1, -1);
    value = value.replace(/\\(["'$`\\])/g, '$1').trim();
    if (value) out[match[1]] = value;
  }
  return out;
}

/** @internal exported for tests */
export function _resetContexts(): void {
  detectionDone = false;
  memory = undefined;
  staticContexts = undefined;
  osContext = undefined;
  osDetection = undefined;
}
