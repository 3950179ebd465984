// The framework examples in examples/, run as their READMEs say, against the inbox.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const example = (path: string) => fileURLToPath(new URL(`../../../examples/${path}`, import.meta.url));

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function eventOf(release: string) {
  await receiver.waitFor(() => receiver.events().some((e) => e.release === release));
  expect(receiver.problems).toEqual([]);
  const events = receiver.events().filter((e) => e.release === release);
  expect(events).toHaveLength(1);
  return events[0];
}

it.concurrent('examples/connect: the failing middleware is one event named after its mount path', async () => {
  const result = await runScenario(example('connect/app.cjs'), {
    nodeArgs: ['--require', 'otel-sentry/preload'],
    env: { SENTRY_DSN: receiver.dsn, SENTRY_RELEASE: 'example-connect', NODE_ENV: 'test' },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('GET /reports/monthly -> 500');
  const event = await eventOf('example-connect');
  expect(event).toMatchObject({ transaction: 'GET /reports', transaction_info: { source: 'route' } });
  expect(event?.exception?.values.at(-1)).toMatchObject({
    value: 'report generation failed',
    mechanism: { type: 'auto.http.connect', handled: false },
  });
});

it.concurrent('examples/node-http: the rejection after the answer is one event; a warning is printed', async () => {
  const result = await runScenario(example('node-http/app.mjs'), {
    nodeArgs: ['--import', 'otel-sentry/preload'],
    env: { SENTRY_DSN: receiver.dsn, SENTRY_RELEASE: 'example-node-http' },
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('POST /webhooks/payments -> 202');
  expect(result.stderr).toContain('The promise rejected with the reason:\nError: invoice inv-17');
  const event = await eventOf('example-node-http');
  expect(event).toMatchObject({ transaction: 'POST /webhooks/payments', request: { method: 'POST' } });
  expect(event?.exception?.values.at(-1)).toMatchObject({
    value: 'invoice inv-17 could not be matched to an order',
    mechanism: { type: 'auto.http.node', handled: false },
  });
});
