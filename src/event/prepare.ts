// Completes a captured event with what the SDK knows at capture time: ids, options, scope data,
// runtime contexts, the trace it belongs to, SDK info. Runs synchronously on the capture path,
// so it only reads cached values.
import { context, isSpanContextValid, type SpanContext, trace } from '@opentelemetry/api';
import type { ResolvedOptions } from '../core-options.js';
import type { Event, TraceContext } from '../protocol/types.js';
import type { ScopeData } from '../scope.js';
import type { Scopes } from '../scope-context.js';
import { applyScopeDataToEvent } from '../scope-data.js';
import { type DscSource, dscForSpanContext, headDsc } from '../tracing/head-dsc.js';
import type { EventHint } from '../types.js';
import { uuid4 } from '../utils/ids.js';
import { safeGet } from '../utils/is.js';
import { nowSeconds } from '../utils/time.js';
import { PACKAGE_NAME, SDK_NAME, SDK_VERSION } from '../version.js';
import { breadcrumbsOf } from './fields.js';

export interface PrepareInfo {
  options: ResolvedOptions;
  /** The DSN's public key, for the trace's DSC. */
  publicKey: string | undefined;
  serverName: string | undefined;
  integrations: string[];
}

export function prepareEvent(
  event: Event,
  hint: EventHint,
  data: ScopeData,
  scopes: Scopes,
  info: PrepareInfo,
): Event {
  const { options } = info;
  event.event_id = hint.event_id ?? event.event_id ?? uuid4();
  event.timestamp ??= nowSeconds();
  event.platform = 'node';
  if (event.type !== 'transaction') event.level ??= 'error';
  event.environment ??= options.environment;
  if (options.release) event.release ??= options.release;
  if (options.dist) event.dist ??= options.dist;
  if (info.serverName) event.server_name ??= info.serverName;
  event.sdk = {
    name: SDK_NAME,
    version: SDK_VERSION,
    integrations: info.integrations,
    packages: [{ name: `npm:${PACKAGE_NAME}`, version: SDK_VERSION }],
  };

  applyScopeDataToEvent(event, data);
  event.contexts = Object.assign({}, event.contexts); // gains `trace`: not a spread (see copyRecord)
  const sc = spanContextOf(hint.otelSpan) ?? activeSpanContext();
  event.contexts.trace ??= traceContext(scopes, sc);
  // Only what a DSC reads (a copy of all options per capture was ~1 KB of garbage), and no spread
  // copies that gain keys (see copyRecord in utils/is.ts).
  const source: DscSource = {
    publicKey: info.publicKey,
    release: options.release,
    environment: options.environment,
    tracesSampleRate: options.tracesSampleRate,
  };
  const dsc = Object.assign(
    {},
    sc ? dscForSpanContext(sc, source) : headDsc(event.contexts.trace.trace_id, source, undefined),
  );
  // A transaction heading its trace is named in its DSC by its final name (after updateSpanName), as
  // @sentry/node names it; a continued trace keeps the caller's.
  const head = event.type === 'transaction' && !event.contexts.trace.parent_span_id;
  if (head && dsc.transaction !== undefined && event.transaction) dsc.transaction = event.transaction;
  event.sdkProcessingMetadata = Object.assign({}, event.sdkProcessingMetadata, {
    dynamicSamplingContext: dsc,
  });
  truncateValues(event, options.maxValueLength);
  return event;
}

function activeSpanContext(): SpanContext | undefined {
  const sc = trace.getSpan(context.active())?.spanContext();
  return sc && isSpanContextValid(sc) ? sc : undefined;
}

/** The span context of the span an event came from (the span processor's hint). */
function spanContextOf(span: unknown): SpanContext | undefined {
  const fn = safeGet(span, 'spanContext');
  if (typeof fn !== 'function') return undefined;
  try {
    const sc = fn.call(span) as SpanContext;
    return isSpanContextValid(sc) ? sc : undefined;
  } catch {
    return undefined;
  }
}

/** The active OTel span's ids, or the scope's propagation context when no span is active. */
export function traceContext(
  scopes: Scopes,
  sc: SpanContext | undefined = activeSpanContext(),
): TraceContext {
  const span = sc ? trace.getSpan(context.active()) : undefined;
  if (sc) {
    const tc: TraceContext = { trace_id: sc.traceId, span_id: sc.spanId };
    const parent = parentSpanId(span);
    if (parent) tc.parent_span_id = parent;
    return tc;
  }
  const pc = scopes.isolation.getPropagationContext();
  return { trace_id: pc.traceId, span_id: pc.spanId };
}

/** SDK spans expose their parent as `parentSpanContext` (2.x/3.x) or `parentSpanId` (1.x). */
function parentSpanId(span: unknown): string | undefined {
  const ctx = safeGet(span, 'parentSpanContext');
  const id = safeGet(ctx, 'spanId') ?? safeGet(span, 'parentSpanId');
  return typeof id === 'string' && id.length === 16 ? id : undefined;
}

function truncate(value: string | undefined, max: number): string | undefined {
  return value !== undefined && value.length > max ? `${value.slice(0, max)}...` : value;
}

function truncateValues(event: Event, max: number): void {
  for (const ex of event.exception?.values ?? []) {
    if (ex.value !== undefined) ex.value = truncate(ex.value, max);
  }
  if (typeof event.message === 'string') event.message = truncate(event.message, max);
  const log = event.logentry;
  if (typeof log?.formatted === 'string') log.formatted = truncate(log.formatted, max);
  if (event.breadcrumbs) {
    event.breadcrumbs = breadcrumbsOf(event).map((b) =>
      b.message && b.message.length > max ? { ...b, message: truncate(b.message, max) } : b,
    );
  }
}
