// The published artifact, not the source tree: `npm pack`, install the tarball into a fresh app,
// run the capture scenario from it (ESM and CJS), and type-check a consumer against its types.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const fixtures = fileURLToPath(new URL('../capture/fixtures/', import.meta.url));
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });

describe('the packed tarball', () => {
  let app: string;
  let receiver: Receiver;

  beforeAll(async () => {
    app = mkdtempSync(join(tmpdir(), 'otel-sentry-app-'));
    const packed = JSON.parse(npm(['pack', '--json', '--pack-destination', app], root)) as {
      filename: string;
    }[];
    const tarball = join(app, packed[0]?.filename ?? '');
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'fresh-app', version: '1.0.0', private: true }),
    );
    npm(['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], app);
    for (const f of ['capture.mjs', 'capture.cjs']) copyFileSync(join(fixtures, f), join(app, f));
    receiver = await startReceiver();
  }, 180_000);

  afterAll(async () => {
    await receiver?.close();
    rmSync(app, { recursive: true, force: true });
  });

  it('ships only the build output, package.json, README and license', () => {
    const files = readdirSync(join(app, 'node_modules', 'otel-sentry')).sort();
    expect(files).toEqual(expect.arrayContaining(['build', 'package.json', 'README.md']));
    expect(files).not.toContain('src');
    expect(files).not.toContain('test');
  });

  it('works from an installed tarball in ESM and CJS', async () => {
    const esm = await runScenario(join(app, 'capture.mjs'), { env: { SENTRY_DSN: receiver.dsn }, cwd: app });
    expect(esm.stderr).toBe('');
    expect(esm.code).toBe(0);
    const cjs = await runScenario(join(app, 'capture.cjs'), { env: { SENTRY_DSN: receiver.dsn }, cwd: app });
    expect(cjs.code).toBe(0);
    await receiver.waitForEvents(8);
    expect(receiver.problems).toEqual([]);
  });

  it('publishes types that resolve for import and require', () => {
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const use = `
      export const id: string = Sentry.captureException(new Error('x'));
      export const done: Promise<boolean> = Sentry.flush(10);
      Sentry.init({ dsn: '', beforeSend: (event, hint) => (hint.originalException ? event : null) });`;
    writeFileSync(join(app, 'esm.mts'), `import * as Sentry from 'otel-sentry';${use}`);
    writeFileSync(join(app, 'cjs.cts'), `import Sentry = require('otel-sentry');${use}`);
    const args = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--types',
      'node',
    ];
    const typeRoots = ['--typeRoots', join(root, 'node_modules', '@types')];
    expect(() =>
      execFileSync(process.execPath, [tsc, ...args, ...typeRoots, 'esm.mts', 'cjs.cts'], {
        cwd: app,
        encoding: 'utf8',
      }),
    ).not.toThrow();
  });
});
