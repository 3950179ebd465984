// Exceptions recorded on non-recording spans. otel-sentry's own setup does not record the spans
// it does not send (errors only, see sentry-sampler.ts); the tracer then hands out the API's
// NonRecordingSpan, whose `recordException` is a no-op and which no span processor sees. So that
// class (reached through an instance: it is not exported) gets three wrappers, once per process:
// - recordException keeps the value, its time and the scopes active then on the span (one
//   property, only on spans with an exception or an ERROR status);
// - setStatus notes ERROR, which makes the exception unhandled, as on recording spans;
// - end reports what the span recorded, as a processor's onEnd would: synchronously, so a flush
//   right after sees the event. The instrumentations set the status after recording (undici,
//   express) and end the span in the same tick; a span not ended by then reports from a
//   microtask queued by recordException.
// The report goes to the handler as a span-like object with the span's ids, so it takes the same
// path as a recording span's exceptions (SentrySpanProcessor). A NonRecordingSpan has no name,
// attributes, parent id or resource: events linked to one carry only its trace and span id.
// Spans with an invalid context are left alone: tracing is suppressed (the SDK's own requests),
// or there is no SDK.
import {
  type Attributes,
  type HrTime,
  INVALID_SPAN_CONTEXT,
  isSpanContextValid,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { SpanLike } from '../src/tracing/span-data.js';
import { safe } from '../src/utils/safe.js';
import { SUPPRESS_TRACING_KEY } from '../src/utils/suppress-tracing.js';
import { noteRecorded } from './record-exception.js';

export type NonRecordingHandler = (span: SpanLike) => void;

type Method = (this: Span, ...args: unknown[]) => unknown;
interface Recorded {
  failed: boolean;
  events: { name: string; time: HrTime; attributes: Attributes }[];
}
type Tracked = Span & { [STATE]?: Recorded };

/** Per span: what it recorded, until reported. Not exported by any copy of this package. */
const STATE = Symbol('otel-sentry.non-recording-exceptions');
/** On our wrappers; the value is the wrapped method. */
const WRAPPED = Symbol.for('otel-sentry.non-recording-span.original');
/** Process-wide, so whichever copy of this package wrapped the class reports to the live handler. */
const HANDLER = Symbol.for('otel-sentry.non-recording-span.handler');

/**
 * Reports exceptions recorded on non-recording spans to `handler` from now on (undefined: stop).
 * With `tracer`, the class its SDK hands out is wrapped too, should it use another copy of the
 * API (a bundle). False when a class could not be wrapped.
 */
export function captureNonRecordingSpanExceptions(
  handler: NonRecordingHandler | undefined,
  tracer?: Tracer,
): boolean {
  (globalThis as { [HANDLER]?: NonRecordingHandler })[HANDLER] = handler;
  return safe(
    'wrapping NonRecordingSpan',
    () => {
      const classes = new Set([Object.getPrototypeOf(trace.wrapSpanContext(INVALID_SPAN_CONTEXT))]);
      // With tracing suppressed the SDK returns its NonRecordingSpan, and nothing else happens.
      const probe = tracer?.startSpan('otel-sentry', {}, ROOT_CONTEXT.setValue(SUPPRESS_TRACING_KEY, true));
      if (probe && !probe.isRecording()) classes.add(Object.getPrototypeOf(probe));
      return [...classes].every((proto) => wrapClass(proto));
    },
    false,
  );
}

function wrapClass(proto: Record<string, unknown>): boolean {
  return (
    wrap(proto, 'recordException', afterRecordException) &&
    wrap(proto, 'setStatus', afterSetStatus) &&
    wrap(proto, 'end', report)
  );
}

function wrap(
  proto: Record<string, unknown>,
  name: string,
  after: (span: Tracked, args: IArguments) => void,
) {
  const original = proto[name];
  if (typeof original !== 'function') return false;
  if (WRAPPED in original) return true;
  // `arguments`, not a rest parameter: `end` runs for every span, and this allocates nothing.
  const wrapped = function (this: Span) {
    // biome-ignore lint/complexity/noArguments: forwards exactly what the caller passed
    const args = arguments;
    const result = Reflect.apply(original as Method, this, args);
    try {
      after(this, args);
    } catch {
      // Reporting is best effort; the instrumented code never sees our errors.
    }
    return result;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: original });
  Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true });
  return proto[name] === wrapped;
}

function afterSetStatus(span: Tracked, args: IArguments): void {
  if ((args[0] as { code?: unknown } | undefined)?.code !== SpanStatusCode.ERROR) return;
  const state = span[STATE];
  if (state) state.failed = true;
  else span[STATE] = { failed: true, events: [] };
}

function afterRecordException(span: Tracked, args: IArguments): void {
  if (!(globalThis as { [HANDLER]?: NonRecordingHandler })[HANDLER]) return;
  if (!isSpanContextValid(span.spanContext())) return;
  const exception: unknown = args[0];
  const attributes = exceptionAttributes(exception);
  if (!attributes) return; // as the SDK: nothing to record
  const event = { name: 'exception', time: toHrTime(args[1]), attributes };
  noteRecorded(event, exception); // the original value and the scopes active now
  let state = span[STATE];
  if (!state) {
    state = { failed: false, events: [] };
    span[STATE] = state;
  }
  if (state.events.length === 0) queueMicrotask(() => report(span));
  state.events.push(event);
}

function report(span: Tracked): void {
  const state = span[STATE];
  if (!state || state.events.length === 0) return;
  const handler = (globalThis as { [HANDLER]?: NonRecordingHandler })[HANDLER];
  if (!handler) return;
  const events = state.events;
  state.events = [];
  safe(
    'exceptions on a non-recording span',
    () => handler(spanLike(span.spanContext(), state, events)),
    undefined,
  );
}

function spanLike(sc: SpanContext, state: Recorded, events: Recorded['events']): SpanLike {
  const time = events[0]?.time ?? toHrTime(undefined);
  return {
    name: '',
    kind: SpanKind.INTERNAL,
    spanContext: () => sc,
    startTime: time,
    endTime: time,
    status: { code: state.failed ? SpanStatusCode.ERROR : SpanStatusCode.UNSET },
    attributes: {},
    events,
  };
}

/** The attributes the OTel SDK gives an `exception` event; undefined when it would record none. */
export function exceptionAttributes(exception: unknown): Attributes | undefined {
  const a: Attributes = {};
  if (typeof exception === 'string') {
    a['exception.message'] = exception;
  } else if (exception !== null && typeof exception === 'object') {
    const { code, name, message, stack } = exception as Record<string, unknown>;
    if (code) a['exception.type'] = String(code);
    else if (typeof name === 'string' && name) a['exception.type'] = name;
    if (typeof message === 'string' && message) a['exception.message'] = message;
    if (typeof stack === 'string' && stack) a['exception.stacktrace'] = stack;
  }
  return a['exception.type'] || a['exception.message'] ? a : undefined;
}

/** OTel's TimeInput (HrTime, epoch or performance milliseconds, Date) as HrTime; now by default. */
function toHrTime(time: unknown): HrTime {
  if (Array.isArray(time) && time.length === 2) return time as HrTime;
  let ms = Date.now();
  if (time instanceof Date) ms = time.getTime();
  else if (typeof time === 'number' && Number.isFinite(time)) {
    ms = time < performance.timeOrigin ? performance.timeOrigin + time : time;
  }
  return [Math.floor(ms / 1000), Math.floor((ms % 1000) * 1e6)];
}
