// Framework instrumentations in an ES module app: `import express from 'express'` is patched
// through import-in-the-middle's loader hook, which otel-sentry's own setup registers (only for
// the frameworks whose instrumentation works through it: Connect's does not, and stays off).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const dir = fileURLToPath(new URL('./fixtures/esm/', import.meta.url));

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe.concurrent.each([
  ['the preload', 'otel-sentry/preload'],
  ['init() in an --import file', './instrument.mjs'],
])('ESM app, %s', (_name, preload) => {
  it('instruments Express imported as an ES module; the error is named after its route', async () => {
    const release = `esm-${preload}`;
    const result = await runScenario(`${dir}app.mjs`, {
      cwd: dir,
      nodeArgs: ['--import', preload],
      env: { SENTRY_DSN: receiver.dsn, SENTRY_RELEASE: release, NODE_ENV: 'test' },
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      status: 500,
      flushed: true,
      instrumented: { express: true, connect: false },
      hook: true,
    });
    await receiver.waitFor(() => receiver.events().some((e) => e.release === release));
    expect(receiver.problems).toEqual([]);
    const events = receiver.events().filter((e) => e.release === release);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ transaction: 'GET /users/:id', transaction_info: { source: 'route' } });
    expect(events[0]?.exception?.values?.at(-1)?.mechanism).toEqual({
      type: 'auto.http.express',
      handled: false,
    });
  });
});
