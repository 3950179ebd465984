// setupConnectErrorHandler(app): an error middleware, added after the app's own, that captures
// what middleware throws or passes to next(err), named after the mount path that handled the
// request, then passes the error on: Connect answers and logs as it would without it. Same name as
// @sentry/node's (which takes no options; ours also takes shouldHandleError).
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';
import { activeRoute } from '../shared/request-route.js';

export const CONNECT_MECHANISM = 'auto.http.connect';

type Next = (error?: unknown) => void;
type ConnectErrorMiddleware = (error: unknown, req: unknown, res: unknown, next: Next) => void;

/** Adds the error middleware to `app`; call it after the app's middleware. Never throws. */
export function setupConnectErrorHandler(app: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupConnectErrorHandler',
    () => {
      const use = safeGet(app, 'use');
      if (typeof use !== 'function') {
        debug.warn('setupConnectErrorHandler: not a Connect app (no use()); nothing set up');
        return;
      }
      use.call(app, connectErrorHandler(options));
    },
    undefined,
  );
}

function connectErrorHandler(options: unknown): ConnectErrorMiddleware {
  const { shouldHandleError } = readHandlerOptions('connect', options);
  // Four parameters: Connect calls only four-argument middleware with errors.
  return function sentryConnectErrorMiddleware(error, req, _res, next) {
    const method = safeGet(req, 'method');
    captureFrameworkError(error, {
      mechanism: CONNECT_MECHANISM,
      method: typeof method === 'string' ? method : undefined,
      route: activeRoute(),
      shouldHandleError,
    });
    if (typeof next === 'function') next(error);
  };
}
