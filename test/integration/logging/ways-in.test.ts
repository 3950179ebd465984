// The logger integrations are defaults in every way in: `init` after the loggers were imported,
// the preload with `--import` and with `--require` (loggers imported after); none with
// `defaultIntegrations: false`; and an app without loggers loads none.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { breadcrumbsOf, messageOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

const mechanisms = (events: Awaited<ReturnType<Receiver['waitForEvents']>>) =>
  events
    .map((e) => `${e.exception?.values?.at(-1)?.mechanism?.type} ${e.exception?.values?.at(-1)?.value}`)
    .sort();

const preload = fileURLToPath(new URL('../../../build/cjs/src/preload.js', import.meta.url));

it.each([
  ['init after the imports', [], {}, undefined],
  ['--import otel-sentry/preload', ['--import', 'otel-sentry/preload'], { PRELOADED: '1' }, undefined],
  ['--require otel-sentry/preload', ['--require', 'otel-sentry/preload'], { PRELOADED: '1' }, undefined],
  // Packages found from the main script's directory too, not only the working directory's.
  ['the preload, run from /', ['--require', preload], { PRELOADED: '1' }, '/'],
])('%s: each logger reports its error', async (_name, nodeArgs, env, cwd) => {
  const result = await runScenario(fixture('ways-in.mjs'), {
    nodeArgs,
    cwd,
    env: { SENTRY_DSN: receiver.dsn, ...env },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const events = await receiver.waitForEvents(4);
  expect(events).toHaveLength(4);
  expect(mechanisms(events.filter((e) => e.exception))).toEqual([
    'auto.log.bunyan from bunyan',
    'auto.log.pino from pino',
    'auto.log.winston from winston',
  ]);
});

it('defaultIntegrations: false turns them off', async () => {
  const result = await runScenario(fixture('ways-in.mjs'), {
    env: { SENTRY_DSN: receiver.dsn, NO_DEFAULTS: '1' },
  });
  expect(result.code).toBe(0);
  const events = await receiver.waitForEvents(1);
  expect(events.map((e) => messageOf(e))).toEqual(['done']);
});

it('an app without loggers loads none of them', async () => {
  const result = await runScenario(fixture('no-loggers.cjs'), { env: { SENTRY_DSN: receiver.dsn } });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('LOADED []');
});

it('options: only the named loggers, from the levels given', async () => {
  const result = await runScenario(fixture('options.mjs'), { env: { SENTRY_DSN: receiver.dsn } });
  expect(result.code).toBe(0);
  const events = await receiver.waitForEvents(1);
  expect(events).toHaveLength(1);
  const [event] = events;
  expect(event).toMatchObject({ level: 'fatal', logger: 'keep' });
  expect(event?.exception?.values?.at(-1)?.value).toBe('keep fatal');
  expect(breadcrumbsOf(event).map((b) => [b.category, b.level, b.message, b.data])).toEqual([
    ['keep', 'warning', 'keep warn', undefined],
    ['keep', 'error', 'keep error', { reqId: 1 }],
  ]);
});
