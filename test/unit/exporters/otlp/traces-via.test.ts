// init({ tracesVia: 'otlp' }): the spans that would have become transactions go as they are to the
// DSN's OTLP traces endpoint; errors stay Sentry events linked to them.
import { context, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../../src/index.js';
import { resolveOptions } from '../../../../src/options.js';
import { type OtlpReceiver, startOtlpReceiver } from '../../../helpers/otlp-receiver.js';
import { setup, teardown } from '../harness.js';

let otlp: OtlpReceiver;

beforeEach(async () => {
  otlp = await startOtlpReceiver();
});

afterEach(async () => {
  vi.restoreAllMocks();
  await teardown();
  await otlp.close();
});

function traceWithError(h: ReturnType<typeof setup>) {
  const root = h.tracer.startSpan('GET /checkout');
  const ctx = trace.setSpan(context.active(), root);
  const child = h.tracer.startSpan('charge card', {}, ctx);
  context.with(trace.setSpan(ctx, child), () => Sentry.captureException(new Error('card declined')));
  child.recordException(new Error('gateway timeout'));
  child.end();
  root.end();
  return { traceId: root.spanContext().traceId, ids: [root, child].map((s) => s.spanContext().spanId) };
}

describe("tracesVia: 'otlp'", () => {
  it('sends sampled spans by OTLP instead of transactions; errors stay events on the same trace', async () => {
    const h = setup({ dsn: otlp.dsn, tracesSampleRate: 1, tracesVia: 'otlp' });
    const { traceId, ids } = traceWithError(h);
    const events = await h.events(); // Sentry.flush() also flushes the OTLP span sink
    expect(otlp.problems).toEqual([]);
    expect(otlp.spans.map((s) => s.spanId).sort()).toEqual([...ids].sort());
    expect(otlp.spans.every((s) => s.traceId === traceId)).toBe(true);
    expect(await h.transactions()).toEqual([]);
    // The captured error and the exception recorded on the exported span: one event each.
    expect(events.map((e) => e.exception?.values.at(-1)?.value).sort()).toEqual([
      'card declined',
      'gateway timeout',
    ]);
    for (const event of events)
      expect(event.contexts?.trace).toMatchObject({ trace_id: traceId, span_id: ids[1] });
    // The DSC rides on the error envelopes.
    const headers = h.transport.envelopes.filter((e) => e[1][0]?.[0].type === 'event').map((e) => e[0]);
    for (const header of headers) expect(header.trace).toMatchObject({ trace_id: traceId });
  });

  it('keeps the sampling decision: unsampled traces send no spans', async () => {
    const h = setup({ dsn: otlp.dsn, tracesSampleRate: 0, tracesVia: 'otlp' });
    traceWithError(h);
    expect(await h.events()).toHaveLength(2);
    expect(otlp.requests).toEqual([]);
  });

  it('sends nothing by OTLP without tracesSampleRate (errors only)', async () => {
    const h = setup({ dsn: otlp.dsn, tracesVia: 'otlp' });
    traceWithError(h);
    expect(await h.events()).toHaveLength(2);
    expect(otlp.requests).toEqual([]);
  });

  it("still builds transactions by default ('transactions')", async () => {
    const h = setup({ dsn: otlp.dsn, tracesSampleRate: 1 });
    const { traceId } = traceWithError(h);
    const [transaction] = await h.transactions();
    expect(transaction?.contexts?.trace?.trace_id).toBe(traceId);
    expect(otlp.requests).toEqual([]);
  });

  it('counts spans dropped by a rate-limited endpoint in client reports', async () => {
    otlp.respond = () => ({ status: 429, headers: { 'retry-after': '60' } });
    const h = setup({ dsn: otlp.dsn, tracesSampleRate: 1, tracesVia: 'otlp' });
    traceWithError(h);
    await h.events();
    await Sentry.flush(1000);
    const dropped = h.transport.clientReports().flatMap((r) => r.discarded_events);
    expect(dropped).toEqual([{ reason: 'ratelimit_backoff', category: 'span', quantity: 2 }]);
  });
});

describe('the tracesVia option', () => {
  it("defaults to 'transactions' and reads SENTRY_TRACES_VIA", () => {
    expect(resolveOptions({}, {}).tracesVia).toBe('transactions');
    expect(resolveOptions({}, { SENTRY_TRACES_VIA: 'otlp' }).tracesVia).toBe('otlp');
    expect(resolveOptions({}, { SENTRY_TRACES_VIA: 'OTLP' }).tracesVia).toBe('otlp');
    expect(resolveOptions({ tracesVia: 'transactions' }, { SENTRY_TRACES_VIA: 'otlp' }).tracesVia).toBe(
      'transactions',
    );
  });

  it('warns and keeps the default for a wrong value', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(resolveOptions({ tracesVia: 'grpc' as never }, {}).tracesVia).toBe('transactions');
    expect(resolveOptions({}, { SENTRY_TRACES_VIA: 'zipkin' }).tracesVia).toBe('transactions');
    expect(warn).toHaveBeenCalledTimes(2);
  });
});
