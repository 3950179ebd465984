// Outgoing trace headers: only to tracePropagationTargets, and never over the app's own.
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from '../otel/package.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

type Seen = { baggage?: string; sentryTrace?: string; traceparent?: string };

it('sends trace headers to matching URLs only, and keeps the ones the app set (http and fetch)', async () => {
  const path = runnable(join(REPO, 'test/integration/tracing/fixtures/targets.cjs'));
  const result = await runScenario(path, { env: { SENTRY_DSN: receiver.dsn }, cwd: runDir(path) });
  expect(result.stderr).toBe('');
  const out = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, Seen>;
  for (const via of ['http', 'fetch']) {
    const allowed = out[`${via}Allowed`];
    expect(allowed?.sentryTrace).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-1$/);
    expect(allowed?.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(allowed?.baggage).toMatch(/sentry-trace_id=[0-9a-f]{32}/);
    expect(out[`${via}Denied`]).toEqual({});
    const own = out[`${via}Own`];
    expect(own?.sentryTrace).toBe('app-set');
    expect(own?.baggage?.startsWith('app=1')).toBe(true);
  }
  const calls = () => receiver.transactions().find((t) => t.transaction === 'calls');
  await receiver.waitFor(() => calls() !== undefined);
  const tx = calls();
  expect(tx?.spans?.filter((s) => s.op === 'http.client')).toHaveLength(6);
});

it("works in the app's own NodeSDK with our sampler, processor and propagator", async () => {
  const trace = '4bf92f3577b34da6a3ce929d0e0e4736';
  const path = runnable(join(REPO, 'test/integration/tracing/fixtures/node-sdk.cjs'));
  const result = await runScenario(path, {
    env: { SENTRY_DSN: receiver.dsn, TRACE: trace },
    cwd: runDir(path),
  });
  expect(result.stderr).toBe('');
  const seen = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, string>;
  // The caller sampled (rate 0 here does not matter): the trace and its DSC go on unchanged.
  expect(seen['sentry-trace']).toMatch(new RegExp(`^${trace}-[0-9a-f]{16}-1$`));
  expect(seen.baggage).toBe(
    `other=1,sentry-trace_id=${trace},sentry-public_key=caller,sentry-sample_rate=0.25,sentry-sampled=true,sentry-sample_rand=0.1`,
  );
  await receiver.waitFor(() => receiver.transactions().length >= 1);
  const tx = receiver.transactions().find((t) => t.transaction === 'GET /start');
  expect(tx?.contexts?.trace?.trace_id).toBe(trace);
  expect(tx?.contexts?.trace?.parent_span_id).toBe('b7ad6b7169203331');
  const header = receiver.requests.find((r) => r.envelope[1][0]?.[1] === tx)?.envelope[0].trace;
  expect(header).toMatchObject({
    trace_id: trace,
    public_key: 'caller',
    sample_rate: '0.25',
    sampled: 'true',
  });
});
