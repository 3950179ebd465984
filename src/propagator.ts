// Trace propagation for otel-sentry's own OpenTelemetry setup (registered only when the app has no
// propagator): W3C `traceparent`/`tracestate`, which OpenTelemetry services read, and Sentry's
// `sentry-trace`, which services running a Sentry SDK read. Incoming requests continue the caller's
// trace from `traceparent`, else from `sentry-trace`. Ours rather than @opentelemetry/core's so the
// core depends on the API alone.
import {
  type Context,
  isSpanContextValid,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from './utils/suppress-tracing.js';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
const SENTRY_TRACE = 'sentry-trace';
const TRACEPARENT_RE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const SENTRY_TRACE_RE = /^([0-9a-f]{32})-([0-9a-f]{16})(?:-([01]))?$/;

export class SentryW3CPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc) || isTracingSuppressed(context)) return;
    const sampled = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    setter.set(carrier, TRACEPARENT, `00-${sc.traceId}-${sc.spanId}-${sampled ? '01' : '00'}`);
    const state = sc.traceState?.serialize();
    if (state) setter.set(carrier, TRACESTATE, state);
    setter.set(carrier, SENTRY_TRACE, `${sc.traceId}-${sc.spanId}-${sampled ? '1' : '0'}`);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const sc =
      fromTraceparent(first(getter.get(carrier, TRACEPARENT))) ??
      fromSentryTrace(first(getter.get(carrier, SENTRY_TRACE)));
    return sc ? trace.setSpanContext(context, sc) : context;
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE, SENTRY_TRACE];
  }
}

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value)?.trim();
}

function fromTraceparent(header: string | undefined): SpanContext | undefined {
  const m = header ? TRACEPARENT_RE.exec(header) : null;
  if (!m || header?.startsWith('ff')) return undefined;
  const sc = {
    traceId: m[1] as string,
    spanId: m[2] as string,
    traceFlags: Number.parseInt(m[3] as string, 16) & 1,
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}

function fromSentryTrace(header: string | undefined): SpanContext | undefined {
  const m = header ? SENTRY_TRACE_RE.exec(header) : null;
  if (!m) return undefined;
  // No sampled flag means "defer": recorded as not sampled, our sampler decides.
  const sc = {
    traceId: m[1] as string,
    spanId: m[2] as string,
    traceFlags: m[3] === '1' ? 1 : 0,
    isRemote: true,
  };
  return isSpanContextValid(sc) ? sc : undefined;
}
