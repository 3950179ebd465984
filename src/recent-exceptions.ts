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

/**
 * An identity in two parts: `head` is hashed, `tail` (a whole stack, kilobytes) is only compared
 * against the few tails seen under the same head. Hashing a key holding the stack cost more than
 * the rest of the lookup.
 */
export interface SplitKey {
  head: string;
  tail: string;
}

/** Tails remembered per head (the same trace, type and message thrown from different places). */
const MAX_TAILS = 16;

interface Seen {
  tail: string;
  time: number;
}

export class RecentExceptions {
  /** Head → its tails, oldest first; the map is ordered by each head's last sighting. */
  private _seen = new Map<string, Seen[]>();
  /** Tails held in all: the bound. */
  private _count = 0;

  /** True when `key` was seen less than the window before `timeMs`; remembers it either way. */
  seen(key: string | SplitKey, timeMs: number): boolean {
    const head = typeof key === 'string' ? key : key.head;
    const tail = typeof key === 'string' ? '' : key.tail;
    const known = this._seen.get(head);
    const i = known ? known.findIndex((s) => s.tail === tail) : -1;
    if (known && i >= 0) {
      if (Math.abs(timeMs - (known[i] as Seen).time) < DEDUPE_WINDOW_MS) return true;
      known.splice(i, 1);
      this._count -= 1;
    }
    if (this._count >= MAX_KEYS) this._prune(timeMs);
    const tails = this._seen.get(head) ?? []; // pruning may have removed it
    if (tails.length >= MAX_TAILS) {
      tails.shift();
      this._count -= 1;
    }
    tails.push({ tail, time: timeMs });
    this._count += 1;
    this._seen.delete(head); // re-insert at the end: the map stays ordered by time
    this._seen.set(head, tails);
    return false;
  }

  private _prune(now: number): void {
    for (const [head, tails] of this._seen) {
      const time = tails[tails.length - 1]?.time ?? Number.NEGATIVE_INFINITY;
      if (this._count < MAX_KEYS / 2 && now - time < DEDUPE_WINDOW_MS) break;
      this._seen.delete(head);
      this._count -= tails.length;
    }
  }
}

/** The process-wide store. */
export function recentExceptions(): RecentExceptions {
  const g = globalThis as { [KEY]?: RecentExceptions };
  g[KEY] ??= new RecentExceptions();
  return g[KEY];
}

/** The identity of a string-only exception: trace, type and message, then the stack. */
export function exceptionKey(traceId: string, attributes: Record<string, unknown> | undefined): SplitKey {
  const a = attributes ?? {};
  return {
    head: `${traceId}\u0000${String(a['exception.type'] ?? '')}\u0000${String(a['exception.message'] ?? '')}`,
    tail: String(a['exception.stacktrace'] ?? ''),
  };
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
