// The sampler of the tracer provider otel-sentry sets up itself, and one an app can give its own
// NodeSDK. The decision is made once per trace and service, at the local root span:
// - a local child follows its parent;
// - a local root with a caller (a remote parent) keeps the caller's decision, unless
//   `tracesSampler` says otherwise; a caller that deferred (`sentry-trace` without a flag) lets
//   this service decide;
// - the head of a trace samples with `tracesSampler` or `tracesSampleRate`.
// A trace is sampled when its random number (`sentry-sample_rand` from the caller, else derived
// from the trace id) is below the rate, so every service of a trace agrees. With tracing on, the
// root's DSC (rate, decision, random number) is frozen in its trace state (dsc-trace-state.ts).
// Spans that are not sampled are still recorded (span exceptions reach a SpanProcessor only from
// recording spans) unless `recordWhenErrorsOnly: false`: then, errors only, they are
// NonRecordingSpans, for a setup that reports their exceptions itself (non-recording-span.ts).
import {
  type Attributes,
  type Context,
  isSpanContextValid,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
  type SpanContext,
  SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { getClient } from '../src/api.js';
import { formatRand, parseSampleRand, sampleRandFromTraceId } from '../src/tracing/dsc.js';
import { dscFromSpanContext, isDeferred, traceStateWithDsc } from '../src/tracing/dsc-trace-state.js';
import { headDsc } from '../src/tracing/head-dsc.js';
import type { SamplingContext } from '../src/tracing/sampling-context.js';
import { SEMANTIC_ATTRIBUTE_SENTRY_SAMPLE_RATE } from '../src/tracing/semantic-attributes.js';
import { debug } from '../src/utils/debug.js';
import { safeGet } from '../src/utils/is.js';
import { callUser } from '../src/utils/safe.js';

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
 * trace, in every process that uses this rule.
 */
export function traceIdInRate(traceId: string, rate: number): boolean {
  if (rate >= 1) return true;
  if (!(rate > 0)) return false;
  return sampleRandFromTraceId(traceId) < rate;
}

export class SentrySampler implements Sampler {
  private readonly _recordWhenErrorsOnly: boolean;

  constructor(options: SentrySamplerOptions = {}) {
    this._recordWhenErrorsOnly = safeGet(options, 'recordWhenErrorsOnly') !== false;
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName?: string,
    spanKind?: SpanKind,
    attributes?: Attributes,
  ): SamplingResult {
    const options = getClient()?.options;
    const parent = trace.getSpanContext(context);
    const hasParent = parent !== undefined && isSpanContextValid(parent);
    const parentSampled = hasParent && (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
    // A local child follows its parent (and inherits its trace state).
    if (hasParent && !parent.isRemote) return parentSampled ? SAMPLED : this._notSampled(options);
    const tracing =
      options !== undefined &&
      (options.tracesSampler !== undefined || options.tracesSampleRate !== undefined);
    if (!tracing) {
      // Errors only: a sampled caller stays sampled, its flag must reach the services we call.
      return parentSampled ? SAMPLED : this._notSampled(options);
    }
    return this._sampleRoot(options, traceId, hasParent ? parent : undefined, spanName, spanKind, attributes);
  }

  toString(): string {
    return 'SentrySampler';
  }

  private _notSampled(
    options: { tracesSampleRate?: number; tracesSampler?: unknown } | undefined,
  ): SamplingResult {
    const errorsOnly = options?.tracesSampleRate === undefined && options?.tracesSampler === undefined;
    return errorsOnly && !this._recordWhenErrorsOnly ? NOT_RECORD : RECORD;
  }

  private _sampleRoot(
    options: NonNullable<ReturnType<typeof getClient>>['options'],
    traceId: string,
    parent: SpanContext | undefined,
    spanName = '',
    spanKind: SpanKind | undefined = SpanKind.INTERNAL,
    attributes: Attributes = {},
  ): SamplingResult {
    const incoming = parent ? dscFromSpanContext(parent) : undefined;
    const inherited =
      parent && !isDeferred(parent)
        ? (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED
        : undefined;
    const parentRate = rateOf(incoming?.sample_rate);
    const rand = parseSampleRand(incoming?.sample_rand) ?? sampleRandFromTraceId(traceId);

    let rate: number | undefined;
    let sampled: boolean;
    // As @sentry/node: the root records the rate applied here (not an inherited decision's).
    let localRate = false;
    const fromSampler = options.tracesSampler
      ? runTracesSampler(options.tracesSampler, {
          name: spanName,
          attributes,
          parentSampled: inherited,
          parentSampleRate: parentRate,
          transactionContext: { name: spanName, parentSampled: inherited },
          normalizedRequest: spanKind === SpanKind.SERVER ? requestOf(attributes) : undefined,
          inheritOrSampleWith: (fallback) =>
            inherited === undefined ? fallback : (parentRate ?? (inherited ? 1 : 0)),
        })
      : undefined;
    if (fromSampler !== undefined) {
      rate = fromSampler;
      sampled = rand < rate;
      localRate = true;
    } else if (inherited !== undefined) {
      rate = parentRate;
      sampled = inherited;
    } else {
      rate = options.tracesSampleRate ?? 0;
      sampled = rand < rate;
      localRate = true;
    }

    // The caller's DSC stays as it came (frozen at the head); a head freezes its own.
    const dsc =
      incoming ??
      headDsc(
        traceId,
        {
          publicKey: getClient()?.getDsn()?.publicKey,
          release: options.release,
          environment: options.environment,
          tracesSampleRate: rate,
        },
        sampled,
        {
          sample_rand: formatRand(rand),
          // As @sentry/node: an unsampled trace's DSC names no transaction.
          ...(sampled && isNamedRoot(spanKind, attributes) ? { transaction: spanName } : {}),
        },
      );
    const traceState = traceStateWithDsc(parent?.traceState, dsc);
    // A trace this service decided not to sample is a transaction dropped by the sample rate.
    if (!sampled && inherited === undefined) getClient()?.recordDroppedEvent('sample_rate', 'transaction');
    if (sampled) {
      const rateAttribute = localRate
        ? { attributes: { [SEMANTIC_ATTRIBUTE_SENTRY_SAMPLE_RATE]: rate } }
        : {};
      return { decision: SamplingDecision.RECORD_AND_SAMPLED, traceState, ...rateAttribute };
    }
    return { decision: SamplingDecision.RECORD, traceState };
  }
}

function runTracesSampler(
  sampler: (c: SamplingContext) => unknown,
  ctx: SamplingContext,
): number | undefined {
  const result = callUser('tracesSampler', () => sampler(ctx));
  if (!result.ok) return undefined;
  const value = result.value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  debug.warn(`tracesSampler returned ${String(value)}, not a number between 0 and 1; using the default`);
  return undefined;
}

function rateOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n <= 1 ? n : undefined;
}

/** A root named by the app (startSpan), not by a request: its name goes into the DSC. */
function isNamedRoot(kind: SpanKind | undefined, attributes: Attributes): boolean {
  return (
    kind !== SpanKind.SERVER &&
    attributes['http.request.method'] === undefined &&
    attributes['http.method'] === undefined
  );
}

function requestOf(a: Attributes): { url?: string; method?: string } {
  const out: { url?: string; method?: string } = {};
  const url = a['url.full'] ?? a['http.url'];
  const method = a['http.request.method'] ?? a['http.method'];
  if (typeof url === 'string') out.url = url;
  if (typeof method === 'string') out.method = method;
  return out;
}
