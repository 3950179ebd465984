// `wrapServerless(fn, { flush })` for any function platform (sentry-python's
// `serverless_function`): each call gets its own isolation scope without the breadcrumbs of
// earlier calls, an error is captured (mechanism `auto.function.serverless`, unhandled) and
// re-thrown as it was, and the events are flushed before the returned promise settles, so a
// platform that freezes the process after the call loses nothing.
import { captureException, withIsolationScope } from '../api.js';
import { debug } from '../utils/debug.js';
import { safe } from '../utils/safe.js';
import { DEFAULT_FLUSH_TIMEOUT, flushAll, readTimeout } from './flush.js';

export interface WrapServerlessOptions {
  /** Flush events before the call settles. Default true. */
  flush?: boolean;
  /** How long that flush may take, in ms. Default 2000. */
  flushTimeout?: number;
}

export function wrapServerless<A extends unknown[], R>(
  fn: (...args: A) => R,
  options?: WrapServerlessOptions,
): (...args: A) => Promise<Awaited<R>> {
  if (typeof fn !== 'function') {
    debug.warn('wrapServerless expects a function; returned as given');
    return fn;
  }
  const doFlush = safe('wrapServerless options', () => options?.flush !== false, true);
  const timeout = safe(
    'wrapServerless options',
    () => readTimeout(options?.flushTimeout, DEFAULT_FLUSH_TIMEOUT),
    DEFAULT_FLUSH_TIMEOUT,
  );
  return function wrapped(this: unknown, ...args: A): Promise<Awaited<R>> {
    return withIsolationScope(async (scope): Promise<Awaited<R>> => {
      safe('clearBreadcrumbs', () => scope.clearBreadcrumbs(), undefined);
      try {
        return await fn.apply(this, args);
      } catch (error) {
        captureException(error, { mechanism: { type: 'auto.function.serverless', handled: false } });
        throw error;
      } finally {
        if (doFlush) await flushAll(timeout);
      }
    });
  };
}
