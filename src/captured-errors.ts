// Error objects already turned into a Sentry event, with the id of that event. One thrown error
// reaches the SDK several ways: `captureException`, each span that recorded it (koa records one
// per middleware layer), a framework handler. The first capture wins; later ones are skipped.
// Kept on globalThis so the ESM and CJS builds of this package, loaded in one process, share it.

const KEY = Symbol.for('otel-sentry.captured-errors.v1');

function store(): WeakMap<object, string> {
  const g = globalThis as { [KEY]?: WeakMap<object, string> };
  g[KEY] ??= new WeakMap();
  return g[KEY];
}

function isObject(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/** Remembers that `error` was captured as `eventId`. Primitives (strings) cannot be remembered. */
export function markCaptured(error: unknown, eventId = ''): void {
  if (isObject(error)) store().set(error, eventId);
}

/** Whether `error` was captured before. */
export function wasCaptured(error: unknown): boolean {
  return isObject(error) && store().has(error);
}

/** The event id `error` was captured as, if it was. */
export function capturedEventId(error: unknown): string | undefined {
  return isObject(error) ? store().get(error) : undefined;
}

// Thrown primitives (`throw 'failed'`) have no identity: remembered by trace and value instead,
// so a framework handler and the span that recorded the same throw send one event. Bounded.
const PRIMITIVES_KEY = Symbol.for('otel-sentry.captured-primitives.v1');
const MAX_PRIMITIVES = 500;

function primitives(): Set<string> {
  const g = globalThis as { [PRIMITIVES_KEY]?: Set<string> };
  g[PRIMITIVES_KEY] ??= new Set();
  return g[PRIMITIVES_KEY];
}

function primitiveKey(traceId: string, value: unknown): string {
  return `${traceId}\u0000${typeof value}\u0000${String(value)}`;
}

/** Remembers that the primitive `value`, thrown in trace `traceId`, was captured. */
export function markPrimitiveCaptured(traceId: string | undefined, value: unknown): void {
  if (!traceId || isObject(value)) return;
  const seen = primitives();
  if (seen.size >= MAX_PRIMITIVES) seen.delete(seen.values().next().value as string);
  seen.add(primitiveKey(traceId, value));
}

/** Whether the primitive `value`, thrown in trace `traceId`, was captured before. */
export function wasPrimitiveCaptured(traceId: string | undefined, value: unknown): boolean {
  if (!traceId || value === undefined || isObject(value)) return false;
  return primitives().has(primitiveKey(traceId, value));
}
