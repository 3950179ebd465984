// Exceptions known only by their strings have no identity: the same error recorded on several
// spans of one request (koa records it once per middleware layer), or logged by a logger
// integration and then seen again as an OpenTelemetry log record, is recognised by its trace,
// type, message and stack, seen within a short window. Bounded in size. One store per process
// (on globalThis, shared by the ESM and CJS builds), read by the span processor, the log record
// processor and the logger integrations. (Errors known as objects are deduplicated by identity:
// captured-errors.ts.)
import { context, trace } from '@opentelemetry/api';
import { safeGet } from './utils/is.js';

export const DEDUPE_WINDOW_MS = 5_000;
const MAX_KEYS = 1_000;
const KEY = Symbol.for('otel-sentry.recent-exceptions.v1');

export class RecentExceptions {
  private _seen = new Map<string, number>();

  /** True when `key` was seen less than the window before `timeMs`; remembers it either way. */
  seen(key: string, timeMs: number): boolean {
    const last = this._seen.get(key);
    if (last !== undefined && Math.abs(timeMs - last) < DEDUPE_WINDOW_MS) return true;
    if (this._seen.size >= MAX_KEYS) this._prune(timeMs);
    this._seen.delete(key); // re-insert at the end: the map stays ordered by time
    this._seen.set(key, timeMs);
    return false;
  }

  private _prune(now: number): void {
    for (const [key, time] of this._seen) {
      if (this._seen.size < MAX_KEYS / 2 && now - time < DEDUPE_WINDOW_MS) break;
      this._seen.delete(key);
    }
  }
}

/** The process-wide store. */
export function recentExceptions(): RecentExceptions {
  const g = globalThis as { [KEY]?: RecentExceptions };
  g[KEY] ??= new RecentExceptions();
  return g[KEY];
}

/** The identity of a string-only exception: trace, type, message and stack. */
export function exceptionKey(traceId: string, attributes: Record<string, unknown> | undefined): string {
  const a = attributes ?? {};
  return `${traceId}\u0000${String(a['exception.type'] ?? '')}\u0000${String(a['exception.message'] ?? '')}\u0000${String(a['exception.stacktrace'] ?? '')}`;
}

/**
 * A looser identity for logged exceptions: trace, and the stack up to its first frame (the type,
 * message and throw site of the top error). Serializers (pino's) append causes to the message
 * and to the end of the stack, and name the type after the constructor.
 */
export function loggedExceptionKey(traceId: string, stack: unknown, message: unknown): string {
  const text = typeof stack === 'string' ? stack : '';
  const start = text.indexOf('\n    at ');
  if (start === -1) return `${traceId}\u0001${String(message ?? '')}`;
  const end = text.indexOf('\n', start + 1);
  return `${traceId}\u0001${end === -1 ? text : text.slice(0, end)}`;
}

/**
 * Remembers an Error a logger integration captured, as OpenTelemetry would describe it
 * (`exception.type` is the code when there is one), under the active span's trace.
 */
export function rememberException(error: object): void {
  const traceId = trace.getSpan(context.active())?.spanContext().traceId ?? '';
  const code = safeGet(error, 'code');
  const name = safeGet(error, 'name');
  const message = safeGet(error, 'message');
  const stack = safeGet(error, 'stack');
  const now = Date.now();
  const store = recentExceptions();
  const type = code !== undefined && code !== null && code !== '' ? String(code) : name;
  store.seen(
    exceptionKey(traceId, {
      'exception.type': type,
      'exception.message': message,
      'exception.stacktrace': stack,
    }),
    now,
  );
  store.seen(loggedExceptionKey(traceId, stack, message), now);
}
