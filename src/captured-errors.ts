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
