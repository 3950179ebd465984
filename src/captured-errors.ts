// Error objects already turned into a Sentry event, with the id of that event. One thrown error
// reaches the SDK several ways: `captureException`, each span that recorded it (koa records one
// per middleware layer), a framework handler. The first capture wins; later ones are skipped.
// The id is kept on the error itself under a registered symbol (non-enumerable, so invisible to
// JSON and Object.keys), which the ESM and CJS builds of this package share. Not a WeakMap: V8's
// minor GC keeps every entry of a long-lived WeakMap keyed by short-lived errors, so each
// captured error was promoted to the old space (20 000 captures grew the heap by ~40 MB).
// Frozen or non-extensible errors fall back to a WeakMap (on globalThis, shared likewise).

const KEY = Symbol.for('otel-sentry.captured-errors.v1');
const MARK = Symbol.for('otel-sentry.captured-event-id');

type Marked = { [MARK]?: string };

function fallback(): WeakMap<object, string> {
  const g = globalThis as { [KEY]?: WeakMap<object, string> };
  g[KEY] ??= new WeakMap();
  return g[KEY];
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** Remembers that `error` was captured as `eventId`. Primitives (strings) cannot be remembered. */
export function markCaptured(error: unknown, eventId = ''): void {
  if (!isObject(error)) return;
  try {
    if (Object.isExtensible(error)) {
      Object.defineProperty(error, MARK, {
        value: eventId,
        configurable: true,
        writable: true,
        enumerable: false,
      });
      return;
    }
  } catch {
    // A proxy that refuses properties: remembered below instead.
  }
  fallback().set(error, eventId);
}

/** Whether `error` was captured before. */
export function wasCaptured(error: unknown): boolean {
  return capturedEventId(error) !== undefined;
}

/** The event id `error` was captured as, if it was. */
export function capturedEventId(error: unknown): string | undefined {
  if (!isObject(error)) return undefined;
  try {
    if (Object.hasOwn(error, MARK)) return (error as Marked)[MARK];
  } catch {
    // A hostile proxy: only the fallback can tell.
  }
  return fallback().get(error);
}

// Thrown primitives (`throw 'failed'`) have no identity: remembered by trace and value instead,
// so a framework handler and the span that recorded the same throw send one event. Where the
// handler runs with no span active (a framework that loses the request's context on its error
// path), each side also leaves the other a trace-less token for a few seconds, which the other's
// capture of an equal value takes instead of sending it again. Bounded.
const PRIMITIVES_KEY = Symbol.for('otel-sentry.captured-primitives.v2');
const MAX_PRIMITIVES = 500;
const TOKEN_TTL_MS = 10_000;

export type PrimitiveSide = 'handler' | 'span';

/** Key → when it was marked. */
function primitives(): Map<string, number> {
  const g = globalThis as { [PRIMITIVES_KEY]?: Map<string, number> };
  g[PRIMITIVES_KEY] ??= new Map();
  return g[PRIMITIVES_KEY];
}

function primitiveKey(scope: string, value: unknown): string {
  return `${scope}\u0000${typeof value}\u0000${String(value)}`;
}

function remember(key: string): void {
  const seen = primitives();
  if (seen.size >= MAX_PRIMITIVES) seen.delete(seen.keys().next().value as string);
  seen.set(key, Date.now());
}

/**
 * Remembers that `side` captured the primitive `value`, thrown in trace `traceId` when known. The
 * span side always leaves a token (the handler may not know the trace); the handler side when it
 * does not know the trace.
 */
export function markPrimitiveCaptured(
  traceId: string | undefined,
  value: unknown,
  side: PrimitiveSide,
): void {
  if (isObject(value)) return;
  if (traceId) remember(primitiveKey(traceId, value));
  if (side === 'span' || !traceId) remember(primitiveKey(`*${side}`, value));
}

/** Whether the primitive `value`, thrown in trace `traceId`, was captured before. */
export function wasPrimitiveCaptured(traceId: string | undefined, value: unknown): boolean {
  if (!traceId || value === undefined || isObject(value)) return false;
  return primitives().has(primitiveKey(traceId, value));
}

/** Takes a recent token the other side left for an equal value; true if there was one. */
export function takePrimitiveToken(value: unknown, otherSide: PrimitiveSide): boolean {
  if (value === undefined || isObject(value)) return false;
  const seen = primitives();
  const key = primitiveKey(`*${otherSide}`, value);
  const at = seen.get(key);
  if (at === undefined) return false;
  seen.delete(key); // a token stands for one capture
  return Date.now() - at <= TOKEN_TTL_MS;
}
