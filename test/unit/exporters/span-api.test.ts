import { context, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { type Harness, setup, teardown } from './harness.js';

let h: Harness;

function use(options: Sentry.Options = {}) {
  h = setup({ tracesSampleRate: 1, ...options });
  trace.disable();
  trace.setGlobalTracerProvider(h.provider);
  return h;
}

beforeEach(() => use());
afterEach(async () => {
  trace.disable();
  await teardown();
});

function headers(): Record<string, unknown>[] {
  return h.transport.envelopes.map((e) => e[0] as Record<string, unknown>);
}

describe('the span API', () => {
  it('startSpan: a transaction named after the root, with its children, as @sentry/node shapes it', async () => {
    const result = Sentry.startSpan({ name: 'checkout', op: 'function', attributes: { cart: 7 } }, (root) => {
      Sentry.startSpan({ name: 'load cart', op: 'db.query' }, () => {
        Sentry.setMeasurement('items', 3, 'none');
      });
      const inactive = Sentry.startInactiveSpan({ name: 'background', op: 'task' });
      inactive.end();
      expect(Sentry.getActiveSpan()).toBe(root);
      return 42;
    });
    expect(result).toBe(42);
    const [tx] = await h.transactions();
    expect(tx).toMatchObject({
      type: 'transaction',
      transaction: 'checkout',
      transaction_info: { source: 'custom' },
      contexts: { trace: { op: 'function', origin: 'manual', status: 'ok' } },
      measurements: { items: { value: 3, unit: 'none' } },
    });
    const rootId = tx?.contexts?.trace?.span_id;
    expect(tx?.spans?.map((s) => [s.description, s.op, s.parent_span_id, s.origin]).sort()).toEqual([
      ['background', 'task', rootId, 'manual'],
      ['load cart', 'db.query', rootId, 'manual'],
    ]);
  });

  it('ends the span when a promise settles, and rethrows callback errors untouched', async () => {
    const boom = new Error('boom');
    await expect(Sentry.startSpan({ name: 'async' }, async () => Promise.reject(boom))).rejects.toBe(boom);
    expect(() =>
      Sentry.startSpan({ name: 'sync' }, () => {
        throw boom;
      }),
    ).toThrow(boom);
    // As @sentry/node: a span whose callback threw has status internal_error.
    const txs = await h.transactions();
    expect(txs.map((t) => [t.transaction, t.contexts?.trace?.status]).sort()).toEqual([
      ['async', 'internal_error'],
      ['sync', 'internal_error'],
    ]);
    expect(await h.events()).toHaveLength(0); // not captured: that is captureException's job
  });

  it('startSpanManual leaves ending to the callback; updateSpanName renames the transaction', async () => {
    const span = Sentry.startSpanManual({ name: 'manual' }, (s, finish) => {
      Sentry.updateSpanName(s, 'renamed');
      setTimeout(finish, 1);
      return s;
    });
    expect(Sentry.spanToJSON(span).timestamp).toBeUndefined();
    await new Promise((r) => setTimeout(r, 5));
    const json = Sentry.spanToJSON(span);
    expect(json).toMatchObject({
      description: 'renamed',
      origin: 'manual',
      span_id: span.spanContext().spanId,
    });
    expect(typeof json.timestamp).toBe('number');
    const [tx] = await h.transactions();
    expect(tx?.transaction).toBe('renamed');
  });

  it('forceTransaction makes a transaction of a child; onlyIfParent needs a parent', async () => {
    Sentry.startSpan({ name: 'outer' }, () => {
      Sentry.startSpan({ name: 'inner', forceTransaction: true }, () => undefined);
    });
    const orphan = Sentry.startSpan({ name: 'orphan', onlyIfParent: true }, (s) => s);
    expect(orphan.isRecording()).toBe(false);
    const txs = await h.transactions();
    expect(txs.map((t) => t.transaction).sort()).toEqual(['inner', 'outer']);
    const outer = txs.find((t) => t.transaction === 'outer');
    const inner = txs.find((t) => t.transaction === 'inner');
    expect(inner?.contexts?.trace?.trace_id).toBe(outer?.contexts?.trace?.trace_id);
  });

  it('withActiveSpan, suppressTracing and a callback with its own scope', () => {
    const span = Sentry.startInactiveSpan({ name: 'a' });
    Sentry.withActiveSpan(span, () => expect(Sentry.getActiveSpan()).toBe(span));
    Sentry.withActiveSpan(null, () => expect(Sentry.getActiveSpan()).toBeUndefined());
    Sentry.suppressTracing(() => {
      expect(Sentry.startInactiveSpan({ name: 'quiet' }).isRecording()).toBe(false);
    });
    Sentry.startSpan({ name: 's' }, () => Sentry.getCurrentScope().setTag('inside', 'yes'));
    expect(Sentry.getCurrentScope().getScopeData().tags.inside).toBeUndefined();
    span.end();
  });

  it('getTraceData and continueTrace carry a trace over a transport OTel does not see', async () => {
    let data: Sentry.TraceData = {};
    let producerTrace = '';
    Sentry.startSpan({ name: 'produce' }, (span) => {
      producerTrace = span.spanContext().traceId;
      data = Sentry.getTraceData();
    });
    expect(data['sentry-trace']).toMatch(new RegExp(`^${producerTrace}-[0-9a-f]{16}-1$`));
    expect(data.baggage).toContain(`sentry-trace_id=${producerTrace}`);
    expect(data.traceparent).toMatch(new RegExp(`^00-${producerTrace}-`));
    Sentry.continueTrace({ sentryTrace: data['sentry-trace'], baggage: data.baggage }, () => {
      Sentry.startSpan({ name: 'consume' }, () => Sentry.captureMessage('consumed'));
    });
    const [event] = await h.events();
    expect(event?.contexts?.trace?.trace_id).toBe(producerTrace);
    const txs = await h.transactions();
    expect(txs.map((t) => t.contexts?.trace?.trace_id)).toEqual([producerTrace, producerTrace]);
    // One DSC for the whole trace, in every envelope's header.
    const dscs = headers()
      .map((hd) => hd.trace as Record<string, string> | undefined)
      .filter((t) => t?.trace_id === producerTrace);
    expect(dscs.length).toBe(3);
    expect(new Set(dscs.map((d) => JSON.stringify(d))).size).toBe(1);
    expect(dscs[0]).toMatchObject({ sampled: 'true', sample_rate: '1', transaction: 'produce' });
  });

  it("data as @sentry/node sends it: the root's sample rate, no otel.kind for internal spans, no child source", async () => {
    Sentry.startSpan({ name: 'before' }, (root) => {
      Sentry.startSpan({ name: 'child' }, () => Sentry.setMeasurement('rows', 5, 'none'));
      Sentry.updateSpanName(root, 'after');
    });
    const [tx] = await h.transactions();
    expect(tx?.transaction).toBe('after');
    expect(tx?.contexts?.trace?.data).toEqual({
      'sentry.origin': 'manual',
      'sentry.source': 'custom',
      'sentry.sample_rate': 1,
    });
    expect(tx?.spans?.[0]?.data).toEqual({ 'sentry.origin': 'manual' });
    expect(tx?.measurements).toEqual({ rows: { value: 5, unit: 'none' } });
    // The head of the trace names it by its final name.
    expect(headers()[0]?.trace).toMatchObject({ transaction: 'after' });
  });

  it('an unsampled trace: a sample_rate client report, and no transaction name in its DSC', async () => {
    use({ tracesSampleRate: 0 });
    Sentry.startSpan({ name: 'unsampled' }, () => Sentry.captureMessage('in an unsampled trace'));
    expect(await h.transactions()).toEqual([]);
    const reports = h.transport.clientReports().flatMap((r) => r.discarded_events);
    expect(reports).toContainEqual({ reason: 'sample_rate', category: 'transaction', quantity: 1 });
    const dsc = headers().find((hd) => hd.trace)?.trace as Record<string, string>;
    expect(dsc).toMatchObject({ sampled: 'false' });
    expect(dsc.transaction).toBeUndefined();
  });

  it('getTraceData without a span: the isolation scope trace; continueTrace with garbage: a fresh trace', () => {
    const data = Sentry.getTraceData();
    expect(data['sentry-trace']).toMatch(/^[0-9a-f]{32}-[0-9a-f]{16}-0$/);
    Sentry.continueTrace({ sentryTrace: 'garbage', baggage: 'x'.repeat(100_000) }, () => {
      const span = Sentry.startInactiveSpan({ name: 'fresh' });
      expect(span.spanContext().traceId).not.toBe(data['sentry-trace']?.slice(0, 32));
      span.end();
    });
  });

  it('never throws on bad input', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('getter');
        },
      },
    );
    expect(Sentry.startSpan(hostile as never, () => 'ran')).toBe('ran');
    const unnamed = Sentry.startInactiveSpan(undefined as never);
    expect(Sentry.spanToJSON(unnamed).description).toBe('<unnamed span>');
    unnamed.end();
    expect(() => Sentry.setMeasurement('x', Number.NaN)).not.toThrow();
    expect(() => Sentry.updateSpanName(hostile as never, 'x')).not.toThrow();
    expect(Sentry.spanToJSON(hostile as never)).toEqual({});
    expect(Sentry.getTraceData(hostile as never)).toBeTypeOf('object');
    expect(Sentry.continueTrace(hostile as never, () => 'ran')).toBe('ran');
  });
});

describe('transaction options', () => {
  it('beforeSendTransaction and event processors see transactions; a drop is counted with its spans', async () => {
    const seen: Event[] = [];
    use({
      beforeSendTransaction: (event) => {
        seen.push(event);
        return event.transaction === 'drop me' ? null : { ...event, tags: { checked: 'yes' } };
      },
    });
    Sentry.addEventProcessor((event) =>
      event.type === 'transaction' ? { ...event, extra: { p: 1 } } : event,
    );
    Sentry.startSpan({ name: 'keep' }, () => undefined);
    Sentry.startSpan({ name: 'drop me' }, () => {
      Sentry.startSpan({ name: 'child' }, () => undefined);
    });
    const txs = await h.transactions();
    expect(txs.map((t) => [t.transaction, t.tags?.checked, t.extra?.p])).toEqual([['keep', 'yes', 1]]);
    expect(seen).toHaveLength(2);
    const reports = h.transport.clientReports().flatMap((r) => r.discarded_events);
    expect(reports).toEqual(
      expect.arrayContaining([
        { reason: 'before_send', category: 'transaction', quantity: 1 },
        { reason: 'before_send', category: 'span', quantity: 2 },
      ]),
    );
  });

  it('ignoreTransactions and ignoreSpans', async () => {
    use({ ignoreTransactions: ['health', /^GET \/metrics/], ignoreSpans: [/^noisy/, { op: 'cache.get' }] });
    Sentry.startSpan({ name: 'healthcheck' }, () => undefined);
    Sentry.startSpan({ name: 'GET /metrics' }, () => undefined);
    Sentry.startSpan({ name: 'noisy root' }, () => undefined);
    Sentry.startSpan({ name: 'work' }, () => {
      Sentry.startSpan({ name: 'noisy part' }, () => {
        Sentry.startSpan({ name: 'kept grandchild' }, () => undefined);
      });
      Sentry.startSpan({ name: 'lookup', op: 'cache.get' }, () => undefined);
    });
    const txs = await h.transactions();
    expect(txs.map((t) => t.transaction)).toEqual(['work']);
    const [work] = txs;
    expect(work?.spans?.map((s) => [s.description, s.parent_span_id])).toEqual([
      ['kept grandchild', work?.contexts?.trace?.span_id],
    ]);
    const reports = h.transport.clientReports().flatMap((r) => r.discarded_events);
    expect(reports).toEqual(
      expect.arrayContaining([
        { reason: 'event_processor', category: 'transaction', quantity: 3 },
        { reason: 'event_processor', category: 'span', quantity: 5 },
      ]),
    );
  });

  it('error events carry the DSC of their trace in the envelope header', async () => {
    Sentry.startSpan({ name: 'op' }, () => Sentry.captureException(new Error('in a span')));
    await h.events();
    const withEvent = h.transport.envelopes.find((e) => e[1][0]?.[0].type === 'event');
    expect(withEvent?.[0].trace).toMatchObject({ sampled: 'true', transaction: 'op', sample_rate: '1' });
    expect(context.active()).toBeDefined();
  });
});
