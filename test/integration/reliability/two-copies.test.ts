// Process safety: two copies of the package in one app (npm can install a library's own copy),
// init called twice, close then init: one working client, no duplicate handlers or breadcrumbs,
// and a debug line saying what happened.
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from '../instrumentations/marks.js';
import { REPO, runnable } from '../otel/package.js';

// Inside the repo, so both copies find the OpenTelemetry peers in its node_modules.
const APP = join(REPO, '.tmp', `two-copies-${process.pid}`);

function copyPackage(to: string): void {
  mkdirSync(to, { recursive: true });
  cpSync(join(REPO, 'package.json'), join(to, 'package.json'));
  cpSync(join(REPO, 'build'), join(to, 'build'), { recursive: true });
}

let receiver: Receiver;
beforeAll(async () => {
  runnable(join(REPO, 'build')); // checks the build exists
  copyPackage(join(APP, 'node_modules', 'otel-sentry'));
  const lib = join(APP, 'node_modules', 'lib');
  copyPackage(join(lib, 'node_modules', 'otel-sentry'));
  writeFileSync(join(lib, 'package.json'), JSON.stringify({ name: 'lib', main: 'index.cjs' }));
  writeFileSync(
    join(lib, 'index.cjs'),
    "exports.Sentry = require('otel-sentry');\nexports.resolved = require.resolve('otel-sentry');\n",
  );
  cpSync(join(REPO, 'test/integration/reliability/fixtures/two-copies-app.cjs'), join(APP, 'app.cjs'));
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  rmSync(APP, { recursive: true, force: true });
});

test('two copies, init twice, close then init: one client, no duplicates, debug lines', async () => {
  const result = await runScenario(join(APP, 'app.cjs'), { cwd: APP, env: { SENTRY_DSN: receiver.dsn } });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const out = marks(result.stdout);
  expect(Object.fromEntries(out)).toEqual({
    'distinct-copies': [true],
    'handlers-stable': [true],
    'one-client': [true],
    'closed-sends-nothing': [true],
    'handlers-after-reinit': [true],
    flushed: [true],
  });
  const events = await receiver.waitForEvents(3);
  expect(receiver.problems).toEqual([]);
  expect(events.map((e) => e.exception?.values.at(-1)?.value).sort()).toEqual([
    'after re-init',
    'from copy A',
    'from copy B',
  ]);
  for (const event of events) {
    // One breadcrumb per request: the http and undici instrumentations are not installed twice.
    const urls = breadcrumbsOf(event)
      .filter((c) => c.category === 'http')
      .map((c) => c.data?.url);
    expect(urls.length).toBe(new Set(urls).size);
    expect(urls.length).toBeGreaterThan(0);
  }
  expect(result.stdout).toContain('init() called again');
  expect(result.stdout).toMatch(/another copy of otel-sentry/);
});
