// wrapRequestListener(listener): for apps on a plain node:http server (the analogue of Sentry's
// WSGI middleware). Each request already has its own scope and request data; the wrapper adds
// the errors the listener throws or rejects with, captured once, unhandled, with mechanism
// `auto.http.node`. It re-raises them, so the process behaves exactly as without it: a throw is
// still an uncaught exception, a rejection still an unhandled rejection (unless the caller of the
// listener handles the promise it returns).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { debug } from '../../src/utils/debug.js';
import { isThenable, safeGet } from '../../src/utils/is.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';

export const NODE_HTTP_MECHANISM = 'auto.http.node';

// biome-ignore lint/suspicious/noExplicitAny: any request listener shape, returned as given
type Listener = (req: IncomingMessage, res: ServerResponse, ...rest: any[]) => unknown;

/** The listener wrapped; anything that is not a function is returned as it is. Never throws. */
export function wrapRequestListener<T extends Listener>(
  listener: T,
  options?: FrameworkErrorHandlerOptions,
): T {
  if (typeof listener !== 'function') {
    debug.warn('wrapRequestListener: the listener is not a function; returned unchanged');
    return listener;
  }
  const { shouldHandleError } = readHandlerOptions('node:http', options);
  const report = (error: unknown, req: unknown): void => {
    const method = safeGet(req, 'method');
    captureFrameworkError(error, {
      mechanism: NODE_HTTP_MECHANISM,
      method: typeof method === 'string' ? method : undefined,
      shouldHandleError,
    });
  };
  const wrapped = function sentryRequestListener(this: unknown, ...args: Parameters<T>): unknown {
    let result: unknown;
    try {
      result = listener.apply(this, args);
    } catch (error) {
      report(error, args[0]);
      throw error;
    }
    if (!isThenable(result)) return result;
    // The returned promise rejects as the listener's did: unhandled if nobody handles it.
    return result.then(undefined, (error: unknown) => {
      report(error, args[0]);
      throw error;
    });
  };
  return wrapped as unknown as T;
}
