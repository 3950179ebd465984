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

// Primitives (a thrown string) have no identity to remember. A framework handler that captured
// one leaves a token; the span processor's deferred capture of an equal value recorded on a span
// takes it instead of sending a second event. Tokens are few and short-lived.
const PRIMITIVES = Symbol.for('otel-sentry.captured-primitives.v1');
const PRIMITIVE_TTL_MS = 10_000;
const MAX_PRIMITIVES = 100;

type Token = { key: string; at: number };

function tokens(): Token[] {
  const g = globalThis as { [PRIMITIVES]?: Token[] };
  g[PRIMITIVES] ??= [];
  return g[PRIMITIVES];
}

function primitiveKey(value: unknown): string {
  return `${typeof value}:${String(value)}`;
}

/** Remembers, for a few seconds, that a framework handler captured this primitive value. */
export function markCapturedPrimitive(value: unknown): void {
  if (isObject(value)) return;
  const list = tokens();
  if (list.length >= MAX_PRIMITIVES) list.shift();
  list.push({ key: primitiveKey(value), at: Date.now() });
}

/** Whether a framework handler captured an equal primitive lately; uses up that token. */
export function takeCapturedPrimitive(value: unknown): boolean {
  const list = tokens();
  if (list.length === 0 || isObject(value)) return false;
  const now = Date.now();
  while (list.length > 0 && now - (list[0] as Token).at > PRIMITIVE_TTL_MS) list.shift();
  const key = primitiveKey(value);
  const index = list.findIndex((token) => token.key === key);
  if (index < 0) return false;
  list.splice(index, 1);
  return true;
}
