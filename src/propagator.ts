// Trace propagation for otel-sentry's own OpenTelemetry setup (and for an app's NodeSDK as
// `textMapPropagator`): W3C `traceparent`/`tracestate`, which OpenTelemetry services read, Sentry's
// `sentry-trace`, which services running a Sentry SDK read, and `baggage` with the trace's DSC
// (`sentry-*` entries) beside other vendors' entries, which pass through untouched. Incoming
// requests continue the caller's trace from `traceparent`, else from `sentry-trace`.
// Outgoing: only to URLs matching `tracePropagationTargets`, and never over a trace header the app
// set on the request itself. Ours rather than @opentelemetry/core's so the core depends on the API alone.
import {
  type Context,
  createContextKey,
  createTraceState,
  isSpanContextValid,
  type SpanContext,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { getCurrentClient } from './current-client.js';
import { parseBaggage, serializeBaggage } from './tracing/dsc.js';
import {
  DEFERRED_TRACE_STATE_KEY,
  serializeForeignTraceState,
  traceStateWithDsc,
} from './tracing/dsc-trace-state.js';
import { dscForSpanContext } from './tracing/head-dsc.js';
import { matchesTargets, takeOutgoingTarget } from './tracing/outgoing-target.js';
import { isTracingSuppressed } from './utils/suppress-tracing.js';

const TRACEPARENT = 'traceparent';
const TRACESTATE = 'tracestate';
const SENTRY_TRACE = 'sentry-trace';
const BAGGAGE = 'baggage';
const TRACEPARENT_RE = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/;
const SENTRY_TRACE_RE = /^([0-9a-f]{32})-([0-9a-f]{16})(?:-([01]))?$/;
/** Longest trace header read; anything longer is not a trace header. */
const MAX_HEADER = 512;

/** Other vendors' baggage members of the incoming request, verbatim, passed on to the calls it makes. */
const FOREIGN_BAGGAGE = createContextKey('otel-sentry foreign baggage');

export class SentryW3CPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const target = takeOutgoingTarget();
    const sc = trace.getSpanContext(context);
    if (!sc || !isSpanContextValid(sc) || isTracingSuppressed(context)) return;
    const options = getCurrentClient()?.options;
    if (target && !matchesTargets(target.url, options?.tracePropagationTargets)) return;
    const has = (name: string) => target?.hasHeader?.(name) === true || carrierHas(carrier, name);
    const set = (name: string, value: string) => {
      if (!has(name)) setter.set(carrier, name, value);
    };
    const sampled = (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    set(SENTRY_TRACE, `${sc.traceId}-${sc.spanId}-${sampled ? '1' : '0'}`);
    if (options?.propagateTraceparent !== false) {
      set(TRACEPARENT, `00-${sc.traceId}-${sc.spanId}-${sampled ? '01' : '00'}`);
      const state = serializeForeignTraceState(sc.traceState);
      if (state) set(TRACESTATE, state);
    }
    const client = getCurrentClient();
    const dsc = dscForSpanContext(sc, {
      publicKey: client?.getDsn()?.publicKey,
      release: options?.release,
      environment: options?.environment,
      tracesSampleRate: options?.tracesSampleRate,
    });
    const foreign = (context.getValue(FOREIGN_BAGGAGE) as string[] | undefined) ?? [];
    const existing = carrierValue(carrier, BAGGAGE);
    if (existing === undefined) {
      if (!has(BAGGAGE)) setter.set(carrier, BAGGAGE, serializeBaggage(dsc, foreign));
    } else if (!/(^|,)\s*sentry-/.test(existing)) {
      // The app's own baggage stays; the trace's DSC joins it.
      setter.set(carrier, BAGGAGE, serializeBaggage(dsc, [existing]));
    }
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    let sc = fromTraceparent(first(getter.get(carrier, TRACEPARENT)));
    let deferred = false;
    if (sc) {
      const state = first(getter.get(carrier, TRACESTATE));
      if (state) sc.traceState = createTraceState(state.slice(0, MAX_HEADER));
    } else {
      const sentry = first(getter.get(carrier, SENTRY_TRACE));
      sc = fromSentryTrace(sentry);
      deferred = sc !== undefined && !/-[01]$/.test(sentry ?? '');
    }
    const { dsc, others } = parseBaggage(getter.get(carrier, BAGGAGE));
    let ctx = context;
    if (others.length > 0) ctx = ctx.setValue(FOREIGN_BAGGAGE, others);
    if (!sc) return ctx;
    // A caller's DSC is of its trace only.
    if (dsc && (dsc.trace_id === undefined || dsc.trace_id === sc.traceId)) {
      sc.traceState = traceStateWithDsc(sc.traceState, dsc);
    }
    if (deferred) sc.traceState = (sc.traceState ?? createTraceState()).set(DEFERRED_TRACE_STATE_KEY, '1');
    return trace.setSpanContext(ctx, sc);
  }

  fields(): string[] {
    return [TRACEPARENT, TRACESTATE, SENTRY_TRACE, BAGGAGE];
  }
}

function first(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.length <= MAX_HEADER ? v.trim() : undefined;
}

function carrierValue(carrier: unknown, name: string): string | undefined {
  if (carrier === null || typeof carrier !== 'object') return undefined;
  for (const key of Object.keys(carrier)) {
    if (key.toLowerCase() !== name) continue;
    const value = (carrier as Record<string, unknown>)[key];
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.join(',');
  }
  return undefined;
}

/** Whether the app already put the header on the request (http: the carrier is the request's headers). */
function carrierHas(carrier: unknown, name: string): boolean {
  if (carrier === null || typeof carrier !== 'object') return false;
  for (const key of Object.keys(carrier)) if (key.toLowerCase() === name) return true;
  return false;
}

type MutableSpanContext = SpanContext & { traceState?: SpanContext['traceState'] };

function fromTraceparent(header: string | undefined): MutableSpanContext | undefined {
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

function fromSentryTrace(header: string | undefined): MutableSpanContext | undefined {
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
