import { context, type SpanContext, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { traceIdInRate } from '../../../exporters/sentry-sampler.js';
import {
  MAX_BUFFERED,
  MAX_SPANS_PER_TRANSACTION,
  ORPHAN_TIMEOUT_MS,
  TransactionBuffer,
} from '../../../exporters/transactions.js';
import type { SpanLike } from '../../../src/tracing/span-data.js';
import { setup, teardown } from './harness.js';

afterEach(teardown);

describe('transactions', () => {
  it('are not built without tracesSampleRate (errors only), and spans are not sampled', async () => {
    const h = setup();
    h.tracer.startActiveSpan('root', (root) => {
      h.tracer.startSpan('child').end();
      root.end();
    });
    expect(await h.transactions()).toHaveLength(0);
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('are sent for sampled local roots with their descendants as spans', async () => {
    const h = setup({ tracesSampleRate: 1 });
    const ids: Record<string, string> = {};
    h.tracer.startActiveSpan(
      'GET',
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': 'GET',
          'http.route': '/users/:id',
          'http.response.status_code': 200,
        },
      },
      (root) => {
        ids.root = root.spanContext().spanId;
        h.tracer.startActiveSpan(
          'db',
          { attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT 1' } },
          (db) => {
            ids.db = db.spanContext().spanId;
            h.tracer.startActiveSpan(
              'GET',
              {
                kind: SpanKind.CLIENT,
                attributes: { 'http.request.method': 'GET', 'url.full': 'https://u:p@api.test/x?token=1' },
              },
              (client) => {
                ids.client = client.spanContext().spanId;
                client.setAttribute('http.response.status_code', 503);
                client.setStatus({ code: SpanStatusCode.ERROR });
                client.end();
              },
            );
            db.end();
          },
        );
        root.end();
      },
    );
    const [tx, ...more] = await h.transactions();
    expect(more).toHaveLength(0);
    expect(tx).toMatchObject({
      type: 'transaction',
      transaction: 'GET /users/:id',
      transaction_info: { source: 'route' },
      contexts: {
        trace: { span_id: ids.root, op: 'http.server', status: 'ok', origin: 'manual' },
        response: { status_code: 200 },
      },
    });
    expect(tx?.contexts?.trace?.parent_span_id).toBeUndefined();
    expect(tx?.start_timestamp).toBeLessThanOrEqual(tx?.timestamp ?? 0);
    const spans = Object.fromEntries((tx?.spans ?? []).map((s) => [s.span_id, s]));
    expect(spans[ids.db as string]).toMatchObject({
      op: 'db',
      description: 'SELECT 1',
      parent_span_id: ids.root,
    });
    expect(spans[ids.client as string]).toMatchObject({
      op: 'http.client',
      description: 'GET https://api.test/x',
      status: 'unavailable',
      parent_span_id: ids.db,
    });
    expect(tx?.spans?.every((s) => s.trace_id === tx.contexts?.trace?.trace_id)).toBe(true);
    // Sampled spans are exported to the app's other processors as usual.
    expect(h.exporter.getFinishedSpans()).toHaveLength(3);
  });

  it('start at a span whose parent is remote (a continued trace)', async () => {
    const h = setup({ tracesSampleRate: 1 });
    const remote: SpanContext = {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    };
    const parent = trace.setSpanContext(context.active(), remote);
    h.tracer.startSpan('consumer', { kind: SpanKind.CONSUMER }, parent).end();
    const [tx] = await h.transactions();
    expect(tx?.contexts?.trace).toMatchObject({ trace_id: remote.traceId, parent_span_id: remote.spanId });
  });

  it('follow tracesSampleRate by trace id, consistently for every span of a trace', () => {
    let sampled = 0;
    for (let i = 0; i < 2000; i++) {
      const id = i.toString(16).padStart(32, '0').replace(/^0{8}/, 'abcdef12');
      const tail = (((i * 2654435761) >>> 0) % 0x1_0000_0000).toString(16).padStart(8, '0');
      if (traceIdInRate(id.slice(0, 24) + tail, 0.25)) sampled++;
    }
    expect(sampled / 2000).toBeGreaterThan(0.18);
    expect(sampled / 2000).toBeLessThan(0.32);
    expect(traceIdInRate('0af7651916cd43dd8448eb211c80319c', 0)).toBe(false);
    expect(traceIdInRate('0af7651916cd43dd8448eb211c80319c', 1)).toBe(true);
  });
});

function fakeSpan(traceId: string, spanId: string, parent: string | undefined, start: number): SpanLike {
  return {
    name: spanId,
    kind: SpanKind.INTERNAL,
    spanContext: () => ({ traceId, spanId, traceFlags: TraceFlags.SAMPLED }),
    parentSpanContext: parent ? { traceId, spanId: parent, traceFlags: TraceFlags.SAMPLED } : undefined,
    startTime: [start, 0],
    endTime: [start + 1, 0],
    status: { code: SpanStatusCode.UNSET },
    attributes: {},
    events: [],
  };
}

describe('TransactionBuffer', () => {
  const T = 'a'.repeat(32);
  const id = (n: number) => n.toString(16).padStart(16, '0');

  it('keeps the earliest 1000 descendants and reports the rest', () => {
    const buffer = new TransactionBuffer();
    for (let i = 1; i <= MAX_SPANS_PER_TRANSACTION + 20; i++) {
      buffer.add(fakeSpan(T, id(i + 1), id(1), 5000 - i));
    }
    const result = buffer.add(fakeSpan(T, id(1), undefined, 0));
    expect(result?.event.spans).toHaveLength(MAX_SPANS_PER_TRANSACTION);
    expect(result?.droppedSpans).toBe(20);
    expect(Math.max(...(result?.event.spans ?? []).map((s) => s.start_timestamp))).toBe(5000 - 21);
    expect(buffer.size).toBe(0);
  });

  it('leaves spans of another root of the same trace waiting', () => {
    const buffer = new TransactionBuffer();
    buffer.add(fakeSpan(T, id(3), id(2), 1));
    buffer.add(fakeSpan(T, id(5), id(4), 1));
    expect(buffer.add(fakeSpan(T, id(2), undefined, 0))?.event.spans?.map((s) => s.span_id)).toEqual([id(3)]);
    expect(buffer.size).toBe(1);
  });

  it('drops orphans after 5 minutes and never holds more than MAX_BUFFERED spans', () => {
    const buffer = new TransactionBuffer();
    const now = 1_000_000;
    buffer.add(fakeSpan('b'.repeat(32), id(2), id(1), 1), now);
    buffer.prune(now + ORPHAN_TIMEOUT_MS - 1);
    expect(buffer.size).toBe(1);
    buffer.prune(now + ORPHAN_TIMEOUT_MS);
    expect([buffer.size, buffer.dropped]).toEqual([0, 1]);
    for (let i = 0; i < MAX_BUFFERED + 5; i++) buffer.add(fakeSpan(T, id(i + 10), id(9), 1), now);
    expect(buffer.size).toBe(MAX_BUFFERED);
    expect(buffer.dropped).toBe(6);
  });
});
