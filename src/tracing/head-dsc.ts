// The DSC of the trace a span context belongs to: the one frozen in its trace state (sent by the
// caller in `baggage`, or stored by our sampler at the head of the trace), else the one this
// process derives as the head: the same on every call, since its random number comes from the
// trace id and its rate from the options. Errors-only traces store nothing, so the request path
// stays free of work until an event or an outgoing request needs the DSC.
import { type SpanContext, TraceFlags } from '@opentelemetry/api';
import { type DynamicSamplingContext, formatRand, sampleRandFromTraceId } from './dsc.js';
import { dscFromSpanContext } from './dsc-trace-state.js';

/** What a head DSC is made of, besides the trace: read from the live client. */
export interface DscSource {
  publicKey?: string | undefined;
  release?: string | undefined;
  environment?: string | undefined;
  tracesSampleRate?: number | undefined;
}

export function dscForSpanContext(sc: SpanContext, source: DscSource): DynamicSamplingContext {
  return dscFromSpanContext(sc) ?? headDsc(sc.traceId, source, (sc.traceFlags & TraceFlags.SAMPLED) !== 0);
}

/** The DSC a head of a trace sends, before anything was frozen. */
export function headDsc(
  traceId: string,
  source: DscSource,
  sampled: boolean | undefined,
  extra: DynamicSamplingContext = {},
): DynamicSamplingContext {
  const dsc: DynamicSamplingContext = { trace_id: traceId };
  if (source.publicKey) dsc.public_key = source.publicKey;
  if (source.release) dsc.release = source.release;
  if (source.environment) dsc.environment = source.environment;
  if (source.tracesSampleRate !== undefined) dsc.sample_rate = String(source.tracesSampleRate);
  dsc.sample_rand = formatRand(sampleRandFromTraceId(traceId));
  if (sampled !== undefined) dsc.sampled = String(sampled);
  return { ...dsc, ...extra };
}
