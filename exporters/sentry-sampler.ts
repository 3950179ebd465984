// The sampler of the tracer provider otel-sentry sets up itself. Only spans of traces picked by
// `tracesSampleRate` are sampled, i.e. become transactions; with no `tracesSampleRate` nothing is
// (errors only). Children follow their parent; a trace continued from another service keeps the
// decision made there. Spans that are not sampled are still recorded – span exceptions reach a
// SpanProcessor only from recording spans – unless `recordWhenErrorsOnly: false`: then, errors
// only, they are NonRecordingSpans (valid ids, propagated, but no attributes, events or
// processor calls), for a setup that reports their exceptions itself (non-recording-span.ts).
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
import { safeGet } from '../src/utils/is.js';

const NOT_RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.NOT_RECORD });
const RECORD: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD });
const SAMPLED: SamplingResult = Object.freeze({ decision: SamplingDecision.RECORD_AND_SAMPLED });

export interface SentrySamplerOptions {
  /**
   * Record spans that are not sampled when there is no `tracesSampleRate`. Default true. false is
   * for otel-sentry's own setup, which reports exceptions recorded on non-recording spans.
   */
  recordWhenErrorsOnly?: boolean;
}

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
  private readonly _recordWhenErrorsOnly: boolean;

  constructor(options: SentrySamplerOptions = {}) {
    this._recordWhenErrorsOnly = safeGet(options, 'recordWhenErrorsOnly') !== false;
  }

  shouldSample(context: Context, traceId: string): SamplingResult {
    const rate = getClient()?.options.tracesSampleRate;
    const parent = trace.getSpanContext(context);
    if (parent && isSpanContextValid(parent)) {
      // A sampled parent stays sampled, errors only too: its flag must reach the services we call.
      if ((parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED) return SAMPLED;
    } else if (rate !== undefined && traceIdInRate(traceId, rate)) {
      return SAMPLED;
    }
    return rate === undefined && !this._recordWhenErrorsOnly ? NOT_RECORD : RECORD;
  }

  toString(): string {
    return 'SentrySampler';
  }
}
