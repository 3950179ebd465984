// Sampled spans → Sentry transactions. Finished spans wait in per-trace buckets until their local
// root (a span whose parent, if any, is remote) ends; the root then becomes a transaction with its
// finished descendants as `spans` (at most 1000, the earliest). Memory is bounded: at most
// MAX_BUFFERED spans wait, and spans whose root never ends are dropped after 5 minutes.
import { SpanKind, TraceFlags } from '@opentelemetry/api';
import type { Contexts, Event, SpanJSON, TraceContext } from '../src/protocol/types.js';
import {
  MEASUREMENT_PREFIX,
  MEASUREMENT_UNIT_PREFIX,
  SEMANTIC_ATTRIBUTE_SENTRY_CUSTOM_SPAN_NAME,
} from '../src/tracing/semantic-attributes.js';
import {
  hrToSeconds,
  inferSpanData,
  isLocalRoot,
  parentIdOf,
  type SpanLike,
  spanOrigin,
  spanStatus,
} from '../src/tracing/span-data.js';
import { otelContext } from './span-to-event.js';

export const MAX_SPANS_PER_TRANSACTION = 1000;
export const ORPHAN_TIMEOUT_MS = 5 * 60_000;
export const MAX_BUFFERED = 10_000;
const PRUNE_EVERY_MS = 10_000;

interface Bucket {
  spans: SpanLike[];
  touched: number;
}

export interface TransactionResult {
  event: Event;
  /** Descendants left out beyond MAX_SPANS_PER_TRANSACTION. */
  droppedSpans: number;
}

export function isSampled(span: SpanLike): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
}

export class TransactionBuffer {
  private _traces = new Map<string, Bucket>();
  private _buffered = 0;
  private _lastPrune = 0;
  /** Spans dropped because the buffer was full or their root never ended (client reports). */
  dropped = 0;

  /** Adds a finished sampled span; returns the transaction when it was a local root. */
  add(span: SpanLike, now = Date.now()): TransactionResult | undefined {
    if (now - this._lastPrune >= PRUNE_EVERY_MS) this.prune(now);
    const traceId = span.spanContext().traceId;
    if (isLocalRoot(span)) return this._flushRoot(span, traceId);
    if (this._buffered >= MAX_BUFFERED) {
      this.dropped++;
      return undefined;
    }
    let bucket = this._traces.get(traceId);
    if (!bucket) {
      bucket = { spans: [], touched: now };
      this._traces.set(traceId, bucket);
    }
    bucket.spans.push(span);
    bucket.touched = now;
    this._buffered++;
    return undefined;
  }

  get size(): number {
    return this._buffered;
  }

  /** Drops buckets untouched for ORPHAN_TIMEOUT_MS. */
  prune(now = Date.now()): void {
    this._lastPrune = now;
    for (const [traceId, bucket] of this._traces) {
      if (now - bucket.touched < ORPHAN_TIMEOUT_MS) continue;
      this._traces.delete(traceId);
      this._buffered -= bucket.spans.length;
      this.dropped += bucket.spans.length;
    }
  }

  private _flushRoot(root: SpanLike, traceId: string): TransactionResult {
    const bucket = this._traces.get(traceId);
    let children: SpanLike[] = [];
    if (bucket) {
      children = takeDescendants(bucket, root.spanContext().spanId);
      this._buffered -= children.length;
      if (bucket.spans.length === 0) this._traces.delete(traceId);
    }
    let droppedSpans = 0;
    if (children.length > MAX_SPANS_PER_TRANSACTION) {
      children.sort((x, y) => hrToSeconds(x.startTime) - hrToSeconds(y.startTime));
      droppedSpans = children.length - MAX_SPANS_PER_TRANSACTION;
      children = children.slice(0, MAX_SPANS_PER_TRANSACTION);
    }
    return { event: transactionEvent(root, children), droppedSpans };
  }
}

/** Removes from the bucket and returns every span below `rootId`. */
function takeDescendants(bucket: Bucket, rootId: string): SpanLike[] {
  const byParent = new Map<string, SpanLike[]>();
  for (const span of bucket.spans) {
    const parent = parentIdOf(span);
    if (parent === undefined) continue;
    const list = byParent.get(parent);
    if (list) list.push(span);
    else byParent.set(parent, [span]);
  }
  const taken = new Set<SpanLike>();
  const queue = [rootId];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const child of byParent.get(id) ?? []) {
      if (taken.has(child)) continue;
      taken.add(child);
      queue.push(child.spanContext().spanId);
    }
  }
  if (taken.size > 0) bucket.spans = bucket.spans.filter((s) => !taken.has(s));
  return [...taken];
}

function spanJson(span: SpanLike): SpanJSON {
  const sc = span.spanContext();
  const { op, description } = inferSpanData(span);
  const json: SpanJSON = {
    span_id: sc.spanId,
    trace_id: sc.traceId,
    description,
    start_timestamp: hrToSeconds(span.startTime),
    timestamp: hrToSeconds(span.endTime),
    status: spanStatus(span),
    origin: spanOrigin(span),
    data: spanAttributes(span, op),
  };
  const parent = parentIdOf(span);
  if (parent) json.parent_span_id = parent;
  if (op) json.op = op;
  return json;
}

/**
 * A span's `data` as @sentry/node sends it: its attributes without the ones that only carry
 * something to the transaction (measurements, the custom-name marker), and `otel.kind` for
 * kinds other than INTERNAL.
 */
function spanAttributes(span: SpanLike, op: string | undefined): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(span.attributes)) {
    if (key.startsWith(MEASUREMENT_PREFIX) || key.startsWith(MEASUREMENT_UNIT_PREFIX)) continue;
    if (key === SEMANTIC_ATTRIBUTE_SENTRY_CUSTOM_SPAN_NAME) continue;
    data[key] = value;
  }
  if (span.kind !== SpanKind.INTERNAL) data['otel.kind'] = kindName(span.kind);
  if (op) data['sentry.op'] = op;
  return data;
}

const KINDS = ['INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];

function kindName(kind: number): string {
  return KINDS[kind] ?? 'INTERNAL';
}

function transactionEvent(root: SpanLike, children: SpanLike[]): Event {
  const rootJson = spanJson(root);
  const { description, source } = inferSpanData(root);
  const trace: TraceContext = {
    trace_id: rootJson.trace_id,
    span_id: rootJson.span_id,
    status: rootJson.status,
    origin: rootJson.origin,
    data: rootJson.data,
  };
  if (rootJson.parent_span_id) trace.parent_span_id = rootJson.parent_span_id;
  if (rootJson.op) trace.op = rootJson.op;
  const contexts: Contexts = { trace, otel: { resource: otelContext(root).resource } };
  const status = Number(root.attributes['http.response.status_code'] ?? root.attributes['http.status_code']);
  if (Number.isInteger(status) && status > 0) contexts.response = { status_code: status };
  const event: Event = {
    type: 'transaction',
    transaction: description,
    transaction_info: { source },
    start_timestamp: rootJson.start_timestamp,
    timestamp: rootJson.timestamp,
    contexts,
    spans: children.map(spanJson),
  };
  const measurements = collectMeasurements([root, ...children]);
  if (measurements) event.measurements = measurements;
  return event;
}

/** `setMeasurement` values, kept as span attributes until the transaction is built. */
function collectMeasurements(spans: SpanLike[]): Event['measurements'] {
  let out: Event['measurements'];
  for (const span of spans) {
    for (const [key, value] of Object.entries(span.attributes)) {
      if (!key.startsWith(MEASUREMENT_PREFIX) || typeof value !== 'number' || !Number.isFinite(value))
        continue;
      const name = key.slice(MEASUREMENT_PREFIX.length);
      const unit = span.attributes[MEASUREMENT_UNIT_PREFIX + name];
      out ??= {};
      out[name] = typeof unit === 'string' && unit ? { value, unit } : { value };
    }
  }
  return out;
}
