// setupExpressErrorHandler(app): an error middleware, added after the app's routes, that captures
// what routes and middleware throw or pass to next(err) (Express 5 also routes rejected promises
// here), named after the matched route, then passes the error on unchanged: Express answers,
// logs and sets the status exactly as it would without it. Same name and signature as
// @sentry/node's. Without it, errors recorded on the express instrumentation's spans are still
// captured (exporters/sentry-span-processor.ts); the handler adds the route and shouldHandleError.
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';
import { activeRoute } from '../shared/request-route.js';

export const EXPRESS_MECHANISM = 'auto.http.express';

type Next = (error?: unknown) => void;
export type ExpressErrorMiddleware = (error: unknown, req: unknown, res: unknown, next: Next) => void;

/** The error middleware itself, for apps that place it by hand: `app.use(expressErrorHandler())`. */
export function expressErrorHandler(options?: FrameworkErrorHandlerOptions): ExpressErrorMiddleware {
  const { shouldHandleError } = readHandlerOptions('express', options);
  // Four parameters: Express calls only four-argument middleware with errors.
  return function sentryErrorMiddleware(error, req, res, next) {
    const eventId = captureFrameworkError(error, {
      mechanism: EXPRESS_MECHANISM,
      method: stringOf(safeGet(req, 'method')),
      route: routeOf(req),
      shouldHandleError,
    });
    // As @sentry/node does: the event id for the app's own final handler (`res.sentry`).
    if (eventId) safe('res.sentry', () => Object.assign(res as object, { sentry: eventId }), undefined);
    if (typeof next === 'function') next(error);
  };
}

/** Adds the error middleware to `app`; call it after the routes. Never throws. */
export function setupExpressErrorHandler(app: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupExpressErrorHandler',
    () => {
      const use = safeGet(app, 'use');
      if (typeof use !== 'function') {
        debug.warn('setupExpressErrorHandler: not an Express app (no use()); nothing set up');
        return;
      }
      // The instrumentation wraps app.use; unwrapped, express was loaded before init().
      if (!safeGet(use, '__wrapped')) {
        debug.log('setupExpressErrorHandler: express is not instrumented (loaded before init?); no spans');
      }
      use.call(app, expressErrorHandler(options));
    },
    undefined,
  );
}

/**
 * The route with its mount paths: the instrumentation's, else Express's own `req.route` (when
 * express was loaded before the instrumentation), else none (the request's URL names the event).
 */
export function routeOf(req: unknown): string | undefined {
  const fromOtel = activeRoute();
  if (fromOtel) return fromOtel;
  const path = safeGet(safeGet(req, 'route'), 'path');
  if (typeof path !== 'string') return undefined;
  return `${stringOf(safeGet(req, 'baseUrl')) ?? ''}${path}`;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
