// Manual propagation, for transports OpenTelemetry does not instrument (a message header, a job
// payload, a template): `getTraceData()` gives the headers an outgoing request would carry;
// `continueTrace()` runs a callback in the trace those headers describe. Both go through our
// propagator, so they follow the same rules as HTTP (DSC in `baggage`, traceparent, sampling).
// Also `spanToJSON`, the Sentry view of a span.
import {
  context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  isSpanContextValid,
  type Span,
  trace,
} from '@opentelemetry/api';
import { SentryW3CPropagator } from '../propagator.js';
import type { SpanJSON } from '../protocol/types.js';
import { getScopes, withForkedIsolationScope } from '../scope-context.js';
import { safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';
import {
  hrToSeconds,
  inferSpanData,
  parentIdOf,
  type SpanLike,
  spanOrigin,
  spanStatus,
} from './span-data.js';

const propagator = new SentryW3CPropagator();

export interface TraceData {
  'sentry-trace'?: string;
  baggage?: string;
  traceparent?: string;
}

/** The trace headers for the active span (or `span`): empty when there is no valid trace. */
export function getTraceData(options: { span?: Span } = {}): TraceData {
  return safe(
    'getTraceData',
    () => {
      const span = safeGet(options, 'span') as Span | undefined;
      let ctx = span ? trace.setSpan(context.active(), span) : context.active();
      const sc = trace.getSpanContext(ctx);
      if (!sc || !isSpanContextValid(sc)) {
        // No span (errors only, outside a request): the isolation scope's trace, as @sentry/node.
        const pc = getScopes(ctx).isolation.getPropagationContext();
        ctx = trace.setSpanContext(ctx, { traceId: pc.traceId, spanId: pc.spanId, traceFlags: 0 });
      }
      const carrier: Record<string, string> = {};
      propagator.inject(ctx, carrier, defaultTextMapSetter);
      const out: TraceData = {};
      if (carrier['sentry-trace']) out['sentry-trace'] = carrier['sentry-trace'];
      if (carrier.baggage) out.baggage = carrier.baggage;
      if (carrier.traceparent) out.traceparent = carrier.traceparent;
      return out;
    },
    {},
  );
}

/**
 * Runs `callback` in the trace the headers describe (a fresh one when they are missing or
 * malformed), with its own isolation scope, as an incoming request would be.
 */
export function continueTrace<T>(
  headers: {
    sentryTrace?: string | undefined;
    baggage?: string | undefined;
    traceparent?: string | undefined;
  },
  callback: () => T,
): T {
  const ctx = safe(
    'continueTrace',
    () => {
      const carrier: Record<string, string> = {};
      const sentryTrace = safeGet(headers, 'sentryTrace');
      const baggage = safeGet(headers, 'baggage');
      const traceparent = safeGet(headers, 'traceparent');
      if (typeof sentryTrace === 'string') carrier['sentry-trace'] = sentryTrace;
      if (typeof baggage === 'string') carrier.baggage = baggage;
      if (typeof traceparent === 'string') carrier.traceparent = traceparent;
      return propagator.extract(trace.deleteSpan(context.active()), carrier, defaultTextMapGetter);
    },
    context.active(),
  );
  return context.with(ctx, () => withForkedIsolationScope(() => callback()));
}

/** Sentry's JSON view of a span: ids, description, op, status, timestamps, origin, data. */
export function spanToJSON(span: Span): Partial<SpanJSON> {
  return safe(
    'spanToJSON',
    () => {
      const sc = span.spanContext();
      const out: Partial<SpanJSON> = { span_id: sc.spanId, trace_id: sc.traceId };
      const readable = span as unknown as Partial<SpanLike>;
      if (!isSpanContextValid(sc) || !readable.attributes || !readable.startTime) return out;
      const like = readable as SpanLike;
      const { op, description } = inferSpanData(like);
      out.description = description;
      if (op) out.op = op;
      const parent = parentIdOf(like);
      if (parent) out.parent_span_id = parent;
      out.start_timestamp = hrToSeconds(like.startTime);
      const ended = safeGet(span, 'ended') === true;
      if (ended && like.endTime) out.timestamp = hrToSeconds(like.endTime);
      out.status = spanStatus(like);
      out.origin = spanOrigin(like);
      out.data = { ...like.attributes };
      return out;
    },
    {},
  );
}
