// Keeps the value passed to `span.recordException` – the original Error, with its class, `cause`
// chain and own properties – which the OTel SDK reduces to three string attributes.
//
// The SDK span class is not exported, so the first span a processor sees tells us its prototype,
// and `recordException` is wrapped there once: spans then cost nothing until they record an
// exception. The wrapper calls the original exactly once, with the same arguments, and returns
// its result; only afterwards, and guarded, does it note which `exception` event the call added.
// The note goes on that event object (a hidden, Symbol.for-keyed property, so every copy of this
// package reads it and exporters ignore it): a processor's `onEnd` finds the original for each
// event it reads. Not a WeakMap: long-lived WeakMaps keyed by short-lived objects are costly for
// V8's minor GC.
import { getScopes, type Scopes } from '../src/scope-context.js';
import { getState } from '../src/state.js';

export interface RecordedException {
  /** The value given to `recordException`, untouched. */
  value: unknown;
  /** The scopes active where it was recorded, when they are not the process-wide defaults. */
  scopes: Scopes | undefined;
}

interface SpanWithEvents {
  events?: unknown;
  recordException?: unknown;
}

type RecordException = (this: SpanWithEvents, ...args: unknown[]) => unknown;

/** On an `exception` event: the RecordedException behind it. */
const RECORDED = Symbol.for('otel-sentry.recorded-exception.v1');
/** Set on our wrapper functions; its value is the wrapped original. */
const WRAPPED = Symbol.for('otel-sentry.recordException.original');

/** The prototypes already looked at: wrapped, or found unwrappable. */
const seenPrototypes = new WeakSet<object>();
let lastPrototype: object | null = null;

/** The original value behind an `exception` span event, if the wrapper saw it being recorded. */
export function recordedException(event: object): RecordedException | undefined {
  return (event as { [RECORDED]?: RecordedException })[RECORDED];
}

/**
 * Makes sure `span.recordException` keeps originals. Cheap for every span after the first of its
 * class: one prototype read and compare. Never throws.
 */
export function keepRecordedExceptions(span: object): void {
  try {
    const proto = Object.getPrototypeOf(span) as object | null;
    if (proto === lastPrototype || proto === null) return;
    lastPrototype = proto;
    if (seenPrototypes.has(proto)) return;
    seenPrototypes.add(proto);
    if (!wrapOn(proto)) wrapOn(span); // a frozen class: fall back to this one span
  } catch {
    // Originals are a bonus: without them the event is rebuilt from the span event's strings.
  }
}

/** Wraps `target.recordException` unless it is ours already; false when it cannot be done. */
function wrapOn(target: object): boolean {
  const holder = target as SpanWithEvents;
  const original = holder.recordException;
  if (typeof original !== 'function') return false;
  if (WRAPPED in original) return true;
  const wrapped = wrap(original as RecordException);
  try {
    Object.defineProperty(target, 'recordException', {
      value: wrapped,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  } catch {
    return false;
  }
  return holder.recordException === wrapped;
}

function wrap(original: RecordException): RecordException {
  const wrapped = function recordException(this: SpanWithEvents, ...args: unknown[]) {
    const events = eventsOf(this);
    const lastBefore = events?.[events.length - 1];
    const result = Reflect.apply(original, this, args); // exactly what the caller passed
    if (events) note(events, lastBefore, args[0]);
    return result;
  };
  Object.defineProperty(wrapped, WRAPPED, { value: original });
  return wrapped;
}

function eventsOf(span: SpanWithEvents): unknown[] | undefined {
  try {
    const events = span.events;
    return Array.isArray(events) ? events : undefined;
  } catch {
    return undefined;
  }
}

/** Notes the event the call appended, if any (at the event limit the SDK drops the oldest first). */
function note(events: unknown[], lastBefore: unknown, exception: unknown): void {
  try {
    const event = events[events.length - 1];
    if (event === lastBefore || typeof event !== 'object' || event === null) return;
    if ((event as { name?: unknown }).name !== 'exception') return;
    noteRecorded(event, exception);
  } catch {
    // Same as above: the string attributes remain.
  }
}

/** Puts the value recorded as `event`, and the scopes active now, on the event (read by `recordedException`). */
export function noteRecorded(event: object, exception: unknown): void {
  const scopes = getScopes();
  const state = getState();
  const isDefault =
    scopes.isolation === state.defaultIsolationScope && scopes.current === state.defaultCurrentScope;
  const note: RecordedException = { value: exception, scopes: isDefault ? undefined : scopes };
  Object.defineProperty(event, RECORDED, { value: note, configurable: true });
}

/** The function a wrapper wraps (tests, debugging). */
export function unwrappedRecordException(fn: unknown): unknown {
  return typeof fn === 'function' && WRAPPED in fn ? (fn as unknown as Record<symbol, unknown>)[WRAPPED] : fn;
}
