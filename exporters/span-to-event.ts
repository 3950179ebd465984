// One `exception` span event → one Sentry error event, linked to the span that recorded it.
// With the original value (kept by the recordException wrapper) the event is built exactly as for
// `captureException`: class, message, frames, `cause` chain, plus the Error's own properties.
// Without it, from the event's `exception.type` / `exception.message` / `exception.stacktrace`.
import { type Attributes, SpanStatusCode } from '@opentelemetry/api';
import { eventFromUnknown } from '../src/event/from-error.js';
import { parseStackFrames } from '../src/event/stack-parser.js';
import type { Event, ExceptionValue, Mechanism, TraceContext } from '../src/protocol/types.js';
import { hrToSeconds, parentIdOf, type SpanLike } from '../src/tracing/span-data.js';
import type { EventHint } from '../src/types.js';
import { isError, safeGet } from '../src/utils/is.js';

export const MECHANISM_TYPE = 'auto.otel.span';
/**
 * The mechanism of exceptions recorded by a framework's instrumentation, by instrumentation scope
 * name: the same as the framework's error handler gives them, whichever path captures first.
 */
export const FRAMEWORK_MECHANISMS: Readonly<Record<string, string>> = {
  '@opentelemetry/instrumentation-express': 'auto.http.express',
  '@opentelemetry/instrumentation-connect': 'auto.http.connect',
  '@opentelemetry/instrumentation-koa': 'auto.http.koa',
  '@opentelemetry/instrumentation-hapi': 'auto.http.hapi',
  '@opentelemetry/instrumentation-restify': 'auto.http.restify',
  '@opentelemetry/instrumentation-nestjs-core': 'auto.http.nestjs',
  '@fastify/otel': 'auto.http.fastify',
};
/** Own properties of an Error copied into the event, at most. */
const MAX_OWN_PROPERTIES = 50;
const SKIPPED_PROPERTIES = new Set(['name', 'message', 'stack', 'cause', 'errors']);

export type SpanEvent = SpanLike['events'][number];

export interface BuiltEvent {
  event: Event;
  hint: EventHint;
}

/** `{trace_id, span_id, parent_span_id}` of the span. */
export function spanTraceContext(span: SpanLike): TraceContext {
  const sc = span.spanContext();
  const tc: TraceContext = { trace_id: sc.traceId, span_id: sc.spanId };
  const parent = parentIdOf(span);
  if (parent) tc.parent_span_id = parent;
  return tc;
}

/** `contexts.otel`: the span's attributes and its resource's. */
export function otelContext(span: SpanLike): Record<string, unknown> {
  const resource = safeGet(safeGet(span, 'resource'), 'attributes');
  return { attributes: { ...span.attributes }, resource: isObject(resource) ? { ...resource } : {} };
}

/**
 * The exception is unhandled when the instrumentation marked its operation failed (status ERROR:
 * a failed outgoing request, an express layer passing the error on, a 5xx server span), handled
 * when the span otherwise completed (koa layers record and rethrow without a status; code that
 * records an exception it recovered from).
 */
export function isHandled(span: SpanLike): boolean {
  return span.status.code !== SpanStatusCode.ERROR;
}

function mechanismFor(span: SpanLike, extra?: Record<string, unknown>): Mechanism {
  // A non-recording span (otel-sentry's own setup, errors only) has no name or scope.
  const data: Record<string, unknown> = span.name ? { span_name: span.name, ...extra } : { ...extra };
  const scope = span.instrumentationScope?.name;
  if (scope) data.instrumentation = scope;
  const framework = scope ? FRAMEWORK_MECHANISMS[scope] : undefined;
  // A framework that recorded the error answered it with an error response: unhandled by the app.
  if (framework) return { type: framework, handled: false, data };
  return { type: MECHANISM_TYPE, handled: isHandled(span), data };
}

function linkToSpan(event: Event, span: SpanLike, spanEvent: SpanEvent): void {
  event.timestamp = hrToSeconds(spanEvent.time);
  event.contexts = { ...event.contexts, trace: spanTraceContext(span), otel: otelContext(span) };
}

/** The event for an original value recorded on `span` (an Error, or whatever the caller passed). */
export function eventFromRecorded(
  span: SpanLike,
  spanEvent: SpanEvent,
  value: unknown,
  attachStacktrace: boolean,
): BuiltEvent {
  const hint: EventHint = { originalException: value, mechanism: mechanismFor(span), otelSpan: span };
  // As for captureException: the LinkedErrors integration adds the `cause` chain, within its limit.
  const event = eventFromUnknown(value, hint, { attachStacktrace, linkedErrorsLimit: 0 });
  const own = ownProperties(value);
  if (own) event.contexts = { ...event.contexts, [errorName(value)]: own };
  linkToSpan(event, span, spanEvent);
  return { event, hint };
}

/** The event rebuilt from an exception event's string attributes. */
export function eventFromAttributes(span: SpanLike, spanEvent: SpanEvent): BuiltEvent {
  const a: Attributes = spanEvent.attributes ?? {};
  const otelType = typeof a['exception.type'] === 'string' ? a['exception.type'] : undefined;
  const message = typeof a['exception.message'] === 'string' ? a['exception.message'] : '';
  const stack = typeof a['exception.stacktrace'] === 'string' ? a['exception.stacktrace'] : undefined;
  // `exception.type` is `err.code` when the error has one (ECONNREFUSED, ERR_…): the class name
  // then only survives in the stack's first line.
  const code = otelType !== undefined && isCode(otelType) ? otelType : undefined;
  const type = (code ? undefined : otelType) ?? nameFromStack(stack, message) ?? 'Error';
  const mechanism = mechanismFor(span, code ? { code } : undefined);
  const value: ExceptionValue = { type, value: message, mechanism };
  const frames = parseStackFrames(stack);
  if (frames.length > 0) value.stacktrace = { frames };
  const event: Event = { exception: { values: [value] } };
  linkToSpan(event, span, spanEvent);

  const synthetic = new Error(message) as Error & { code?: string };
  synthetic.name = type;
  if (stack !== undefined) synthetic.stack = stack;
  if (code) synthetic.code = code;
  const hint: EventHint = {
    originalException: synthetic,
    exc_info: [Error, synthetic, stack],
    mechanism,
    otelSpan: span,
  };
  return { event, hint };
}

/** Error codes are upper case (ECONNREFUSED, ERR_INVALID_ARG_TYPE, 23505); class names are not. */
function isCode(type: string): boolean {
  return type.length > 0 && !/[a-z]/.test(type);
}

/** `TypeError` from a stack starting `TypeError: <message>` (or just `TypeError`). */
export function nameFromStack(stack: string | undefined, message: string): string | undefined {
  if (!stack) return undefined;
  const end = stack.indexOf('\n');
  const header = end === -1 ? stack : stack.slice(0, end);
  const name =
    message && header.endsWith(`: ${message.split('\n')[0]}`)
      ? header.slice(0, header.indexOf(': '))
      : header;
  return /^[A-Za-z_$][\w$.]{0,99}$/.test(name) ? name : undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function errorName(value: unknown): string {
  const name = safeGet(value, 'name');
  return typeof name === 'string' && name !== '' && name !== 'trace' && name !== 'otel' ? name : 'error_data';
}

/** An Error's own enumerable properties (`code`, `errno`, `status`, …), as Sentry's extra error data. */
export function ownProperties(value: unknown): Record<string, unknown> | undefined {
  if (!isError(value)) return undefined;
  let keys: string[];
  try {
    keys = Object.keys(value);
  } catch {
    return undefined;
  }
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of keys) {
    if (SKIPPED_PROPERTIES.has(key) || count >= MAX_OWN_PROPERTIES) continue;
    const v = safeGet(value, key);
    if (v === undefined || typeof v === 'function') continue;
    out[key] = isError(v) ? String(v) : v;
    count++;
  }
  return count > 0 ? out : undefined;
}
