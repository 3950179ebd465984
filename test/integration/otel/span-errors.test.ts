// Span exceptions from real instrumentations in child processes, sent over HTTP to the receiver.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from './package.js';

const fixture = (file: string) => runnable(join(REPO, 'test/integration/otel/fixtures', file));

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

async function run(file: string, env: Record<string, string> = {}) {
  const path = fixture(file);
  const result = await runScenario(path, { env: { SENTRY_DSN: receiver.dsn, ...env }, cwd: runDir(path) });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  return { ...result, output: last.startsWith('{') ? (JSON.parse(last) as Record<string, unknown>) : {} };
}

/** Waits a little longer than for the first event, so duplicates would have arrived. */
async function allEvents(): Promise<Event[]> {
  await receiver.waitForEvents(1);
  await new Promise((r) => setTimeout(r, 300));
  return receiver.events();
}

interface SpanSummary {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
}

describe.each(['koa', 'express'])('%s errors recorded on spans', (framework) => {
  for (const alsoCapture of [false, true]) {
    it(`give one event with the original error${alsoCapture ? ', also when captureException saw it' : ''}`, async () => {
      const { output } = await run('framework-errors.cjs', {
        FRAMEWORK: framework,
        ALSO_CAPTURE: alsoCapture ? '1' : '0',
      });
      expect(output.status).toBe(500);
      const spans = output.spans as SpanSummary[];
      if (framework === 'koa') expect(spans.length).toBeGreaterThanOrEqual(3); // one per layer it crossed
      const events = await allEvents();
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event?.exception?.values.map((v) => [v.type, v.value])).toEqual([
        ['RangeError', 'quantity out of range'],
        ['OrderError', 'order 42 failed'],
      ]);
      expect(event?.exception?.values[1]?.mechanism).toMatchObject({
        type: `auto.http.${framework}`,
        handled: false,
      });
      expect(event?.contexts?.OrderError).toEqual({ orderId: 42 });
      // Linked to the first span that recorded it (the innermost layer).
      const first = spans[0];
      expect(event?.contexts?.trace).toEqual({
        trace_id: first?.traceId,
        span_id: first?.spanId,
        parent_span_id: first?.parentSpanId,
      });
      const otel = event?.contexts?.otel as { attributes: Record<string, unknown> };
      expect(Object.keys(otel.attributes).some((k) => k.startsWith(`${framework}.`))).toBe(true);
      // The request's isolation scope: request data and the route as transaction name.
      expect(event?.request).toMatchObject({ method: 'GET' });
    });
  }
});

describe('init({ dsn }) alone', () => {
  it('errors only: spans are not recorded, and an Error recorded on one is one event with its ids', async () => {
    const { output } = await run('errors-only.cjs');
    expect(output).toMatchObject({ status: 500, recording: false, requestRecording: false });
    expect(output.traceId).toBe(output.requestTraceId); // the request's trace, propagated
    const events = await allEvents();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.exception?.values.map((v) => [v.type, v.value])).toEqual([
      ['Error', 'issuer unavailable'],
      ['PaymentError', 'card declined'],
    ]);
    expect(event?.exception?.values[1]?.mechanism).toMatchObject({ type: 'auto.otel.span', handled: false });
    expect(event?.contexts?.PaymentError).toEqual({ provider: 'acme-pay' });
    // A non-recording span has ids but no parent id, name or attributes.
    expect(event?.contexts?.trace).toEqual({ trace_id: output.traceId, span_id: output.spanId });
    expect(event?.contexts?.otel).toEqual({ attributes: {}, resource: {} });
    // The request's isolation scope: its name, and its data, built for this event.
    expect(event?.transaction).toBe('GET /orders/42');
    expect(event?.request).toMatchObject({
      method: 'GET',
      url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/orders\/42$/),
      query_string: 'token=[Filtered]',
      headers: { cookie: '[Filtered]' },
    });
  });

  it('errors only, with express: events are named after the matched route', async () => {
    const { output } = await run('errors-only-express.cjs');
    expect(output.statuses).toEqual([200, 500]);
    await receiver.waitForEvents(2);
    await new Promise((r) => setTimeout(r, 300));
    const events = receiver.events();
    const names = events.map((e) => [e.exception?.values.at(-1)?.value, e.transaction]).sort();
    expect(names).toEqual([
      ['passed to next', 'GET /fail/:id'],
      ['user 42', 'GET /users/:id'],
    ]);
    const fromSpan = events.find((e) => e.exception?.values.at(-1)?.value === 'passed to next');
    expect(fromSpan?.exception?.values.at(-1)?.mechanism).toMatchObject({
      type: 'auto.otel.span',
      handled: false,
    });
  });

  it('with tracesSampleRate: 1 spans are recorded, linked to their parent, and sent as transactions', async () => {
    const { output } = await run('errors-only.cjs', { RATE: '1' });
    expect(output).toMatchObject({ status: 500, recording: true, requestRecording: true });
    const [event] = await allEvents();
    expect(event?.contexts?.trace).toEqual({
      trace_id: output.traceId,
      span_id: output.spanId,
      parent_span_id: output.requestSpanId,
    });
    expect(event?.exception?.values[1]?.mechanism).toMatchObject({ data: { span_name: 'charge' } });
    await receiver.waitFor(() => receiver.transactions().length >= 1);
    const [tx] = receiver.transactions();
    expect(tx).toMatchObject({
      transaction: 'GET /orders/42',
      contexts: { trace: { trace_id: output.traceId } },
    });
    expect(tx?.spans?.map((s) => s.span_id)).toContain(output.spanId);
  });
});

describe('an app that registered its own tracer provider before init()', () => {
  it('keeps exporting what it did, and its span exceptions become events', async () => {
    const { output } = await run('own-provider.cjs', { INIT_TWICE: '1' });
    expect(output.exported).toEqual([
      { name: 'step', spanId: expect.any(String) },
      { name: 'job', spanId: expect.any(String) },
    ]);
    const events = await allEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.exception?.values.map((v) => v.type)).toEqual(['Error', 'SyntaxError']);
    const step = (output.exported as { spanId: string }[])[0];
    expect(events[0]?.contexts?.trace?.span_id).toBe(step?.spanId);
  });

  it('says what to add when the provider is not the OTel SDK', async () => {
    const path = fixture('own-provider.cjs');
    const result = await runScenario(path, {
      env: { SENTRY_DSN: receiver.dsn, PROVIDER: 'custom' },
      cwd: runDir(path),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('cannot add its span processor');
    expect(result.stderr).toContain('new SentrySpanProcessor()');
    expect(result.stderr.match(/cannot add its span processor/g)).toHaveLength(1);
    expect(JSON.parse(result.stdout.trim()).exported).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.events()).toHaveLength(0);
  });
});

describe('a missing peer dependency', () => {
  it('is a debug warning, not a crash; errors are still captured', async () => {
    const path = fixture('missing-peer.cjs');
    const result = await runScenario(path, { env: { SENTRY_DSN: receiver.dsn }, cwd: runDir(path) });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('flushed true');
    expect(result.stderr + result.stdout).toContain(
      '@opentelemetry/sdk-trace (a peer dependency) could not be loaded',
    );
    const [event] = await receiver.waitForEvents(1);
    expect(event?.exception?.values.at(-1)?.value).toBe('still captured');
  });
});

describe('transactions', () => {
  it('are sent for sampled requests with tracesSampleRate: 1', async () => {
    const { stdout } = await run('transactions.cjs');
    expect(stdout).toContain('status 200');
    await receiver.waitFor(() => receiver.transactions().length >= 2);
    await new Promise((r) => setTimeout(r, 200));
    const txs = receiver.transactions();
    expect(txs.map((t) => t.transaction).sort()).toEqual(['GET /health', 'GET /users/7']);
    const tx = txs.find((t) => t.transaction === 'GET /users/7') as Event;
    // Checked by hand: the event schema only covers error events.
    expect(tx).toMatchObject({
      type: 'transaction',
      platform: 'node',
      transaction_info: { source: 'url' },
      contexts: {
        trace: { op: 'http.server', status: 'ok', origin: 'auto.http.otel.http' },
        response: { status_code: 200 },
      },
    });
    const trace = tx.contexts?.trace;
    expect(trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(trace?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(tx.event_id).toMatch(/^[0-9a-f]{32}$/);
    expect(tx.start_timestamp).toBeLessThanOrEqual(tx.timestamp as number);
    expect(tx.spans).toHaveLength(1);
    const [child] = tx.spans ?? [];
    expect(child).toMatchObject({
      op: 'http.client',
      description: expect.stringMatching(/^GET http:\/\/127\.0\.0\.1:\d+\/health$/),
      parent_span_id: trace?.span_id,
      trace_id: trace?.trace_id,
      status: 'ok',
      origin: 'auto.http.otel.node_fetch',
    });
    expect(child?.start_timestamp).toBeGreaterThanOrEqual(tx.start_timestamp as number);
    expect(child?.timestamp).toBeLessThanOrEqual(tx.timestamp as number);
    expect(tx.transaction).not.toContain('token'); // no query string in names and descriptions
    const envelope = receiver.requests.find((r) => r.envelope[1][0]?.[0].type === 'transaction');
    expect(envelope?.envelope[0]).toMatchObject({
      event_id: expect.any(String),
      sdk: { name: expect.any(String) },
    });
  });

  it('are not sent without tracesSampleRate or at rate 0', async () => {
    await run('transactions.cjs', { RATE: '0' });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.transactions()).toHaveLength(0);
  });
});
