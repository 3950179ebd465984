// The sampler of the tracer provider otel-sentry sets up itself. Every span is recorded – span
// exceptions, trace ids for error events and breadcrumbs need live spans – but only spans of
// traces picked by `tracesSampleRate` are sampled, i.e. become transactions. With no
// `tracesSampleRate` nothing is sampled (errors only). Children follow their parent; a trace
// continued from another service keeps the decision made there.
import {
  type Context,
  isSpanContextValid,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { getClient } from '../src/api.js';

const RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });

/**
 * Whether a trace is in the `rate` share, decided by its id: the same for every span of the
 * trace, in every process that uses this rule (as OTel's TraceIdRatioBased sampler does).
 */
export function traceIdInRate(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  // The last 8 hex digits are random in W3C trace ids.
  const n = Number.parseInt(traceId.slice(-8), 16);
  return Number.isFinite(n) && n / 0x1_0000_0000 < rate;
}

export class SentrySampler implements Sampler {
  shouldSample(context: Context, traceId: string): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent && isSpanContextValid(parent)) {
      return (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED ? SAMPLED : RECORD;
    }
    const rate = getClient()?.options.tracesSampleRate;
    return rate !== undefined && traceIdInRate(traceId, rate) ? SAMPLED : RECORD;
  }

  toString(): string {
    return 'SentrySampler';
  }
}
