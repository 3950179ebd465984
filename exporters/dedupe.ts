// Exceptions known only by their strings have no identity: the same error recorded on several
// spans of one request (koa records it once per middleware layer) is recognised by its trace,
// type, message and stack, recorded within a short window of each other. Bounded in size.
// (Errors known as objects are deduplicated by identity: src/captured-errors.ts, shared with
// `Client.captureException` and the Dedupe integration.)

export const DEDUPE_WINDOW_MS = 5_000;
const MAX_KEYS = 1_000;

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

/** The identity of a string-only exception: trace, type, message and stack. */
export function exceptionKey(traceId: string, attributes: Record<string, unknown> | undefined): string {
  const a = attributes ?? {};
  return `${traceId}\u0000${String(a['exception.type'] ?? '')}\u0000${String(a['exception.message'] ?? '')}\u0000${String(a['exception.stacktrace'] ?? '')}`;
}
