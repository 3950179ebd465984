// init() alone continues the caller's trace and passes it on, in W3C and Sentry headers.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from './package.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

it('continues an incoming traceparent and passes the trace on to outgoing requests', async () => {
  const path = runnable(join(REPO, 'test/integration/otel/fixtures/propagation.cjs'));
  const result = await runScenario(path, { env: { SENTRY_DSN: receiver.dsn }, cwd: runDir(path) });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
  const trace = '0af7651916cd43dd8448eb211c80319c';
  expect(seen.traceparent).toMatch(new RegExp(`^00-${trace}-[0-9a-f]{16}-01$`));
  expect(seen.sentryTrace).toMatch(new RegExp(`^${trace}-[0-9a-f]{16}-1$`));
  const [event] = await receiver.waitForEvents(1);
  expect(event?.contexts?.trace?.trace_id).toBe(trace);
  expect(receiver.problems).toEqual([]);
});
