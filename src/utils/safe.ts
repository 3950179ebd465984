// The only catch-all sites of the SDK. Everything that runs on the user's call stack goes
// through one of these, so an SDK bug or a throwing user callback never reaches the host.
import { debug } from './debug.js';
import { isThenable } from './is.js';

/** Runs `fn`; on a throw logs it and returns `fallback`. */
export function safe<T>(what: string, fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (err) {
    debug.error(`internal error in ${what}:`, err);
    return fallback;
  }
}

/** Like `safe`, for async work: the returned promise never rejects. */
export async function safeAsync<T>(what: string, fn: () => Promise<T> | T, fallback: T): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    debug.error(`internal error in ${what}:`, err);
    return fallback;
  }
}

export type UserCallResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Calls a user-supplied callback; reports whether it threw so the caller can apply its policy. */
export function callUser<T>(name: string, fn: () => T): UserCallResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    debug.warn(`${name} threw, ignoring its result:`, error);
    return { ok: false, error };
  }
}

/** Attaches a logging rejection handler so a promise can never become an unhandled rejection. */
export function swallow(what: string, maybePromise: unknown): void {
  if (isThenable(maybePromise)) {
    maybePromise.then(undefined, (err: unknown) => debug.error(`${what} failed:`, err));
  }
}
