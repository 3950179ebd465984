// Where a trace's DSC lives inside the process: in the OpenTelemetry trace state of its spans
// (`sentry-dsc`), which children inherit from their parent and which a remote parent gets from the
// incoming `baggage`. So every span of the trace, recording or not, reaches the same frozen DSC,
// whoever set the tracer provider up. Our propagator never sends this entry on in `tracestate`.
import { createTraceState, type SpanContext, type TraceState } from '@opentelemetry/api';
import { type DynamicSamplingContext, parseBaggage, serializeBaggage } from './dsc.js';

export const DSC_TRACE_STATE_KEY = 'sentry-dsc';
/** Set on a remote parent whose `sentry-trace` had no sampled flag: the caller left the decision to us. */
export const DEFERRED_TRACE_STATE_KEY = 'sentry-deferred';

export function isDeferred(sc: SpanContext): boolean {
  return sc.traceState?.get(DEFERRED_TRACE_STATE_KEY) === '1';
}

/** Parsed DSCs by trace state: every span of a trace shares its root's trace state object. */
const parsed = new WeakMap<TraceState, DynamicSamplingContext | null>();

/** The DSC stored in a span context's trace state, if any. Do not mutate the result. */
export function dscFromSpanContext(sc: SpanContext | undefined): DynamicSamplingContext | undefined {
  const state = sc?.traceState;
  if (!state) return undefined;
  const cached = parsed.get(state);
  if (cached !== undefined) return cached ?? undefined;
  const raw = state.get(DSC_TRACE_STATE_KEY);
  let dsc: DynamicSamplingContext | undefined;
  if (raw) {
    try {
      dsc = parseBaggage(decodeURIComponent(raw)).dsc;
    } catch {
      dsc = undefined;
    }
  }
  parsed.set(state, dsc ?? null);
  return dsc;
}

/** `state` (or a new trace state) with the DSC stored in it. */
export function traceStateWithDsc(state: TraceState | undefined, dsc: DynamicSamplingContext): TraceState {
  return (state ?? createTraceState()).set(DSC_TRACE_STATE_KEY, encodeURIComponent(serializeBaggage(dsc)));
}

/** The trace state as the W3C `tracestate` header, without our entry. */
export function serializeForeignTraceState(state: TraceState | undefined): string | undefined {
  if (!state) return undefined;
  const out = state.unset(DSC_TRACE_STATE_KEY).unset(DEFERRED_TRACE_STATE_KEY).serialize();
  return out || undefined;
}
