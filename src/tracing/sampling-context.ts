// What `tracesSampler` is given, as in Sentry's SDKs: the root span's name and attributes, the
// caller's decision, and the incoming request as far as the span's attributes tell it.
import type { Attributes } from '@opentelemetry/api';

export interface SamplingContext {
  name: string;
  attributes: Attributes;
  /** The caller's decision (from `sentry-trace` / `traceparent` / `baggage`); undefined at the head. */
  parentSampled: boolean | undefined;
  /** The caller's sample rate, when its DSC says. */
  parentSampleRate: number | undefined;
  /** Older Sentry SDKs' shape of the same. */
  transactionContext: { name: string; parentSampled: boolean | undefined };
  /** The incoming request, for a server span. */
  normalizedRequest?: { url?: string; method?: string };
  /** The caller's rate when there is a caller, else `fallbackRate`. */
  inheritOrSampleWith(fallbackRate: number): number;
}

/** A number 0..1 (or a boolean) deciding the trace; anything else falls back to the default. */
export type TracesSampler = (context: SamplingContext) => number | boolean;
