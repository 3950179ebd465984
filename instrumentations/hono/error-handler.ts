// Hono (on Node, @hono/node-server): there is no OTel instrumentation, so the errors are seen by
// the app itself. Hono hands every Error a handler or middleware throws to `app.errorHandler`
// (its default, or the one `app.onError()` set; a TS-private field, stable through Hono 4): we
// make that property an accessor that wraps whatever handler it holds, so `onError()` before or
// after the setup keeps working and answers as before. Non-Errors (a thrown string, null) skip the error handler and reject `app.fetch`,
// which @hono/node-server answers with an empty 500: a wrapper of `fetch` sees those.
// The route is the pattern of the last matched handler that is not a middleware.
import { debug } from '../../src/utils/debug.js';
import { isThenable, safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';

const MECHANISM = 'auto.http.hono';
/** On an app: its handler options; set once (global, so the ESM and CJS builds agree). */
const SETTINGS = Symbol.for('otel-sentry.hono.settings.v1');

type Handler = (this: unknown, ...args: unknown[]) => unknown;
type HonoLike = { errorHandler?: unknown; fetch?: unknown; [SETTINGS]?: FrameworkErrorHandlerOptions };

/** `METHOD /pattern` parts for the context `c` of a request. */
function routeOf(c: unknown): { method?: string; route?: string } {
  const req = safeGet(c, 'req');
  const method = safeGet(req, 'method');
  const matched = safeGet(req, 'matchedRoutes');
  let route: unknown;
  if (Array.isArray(matched)) {
    // app.use() middleware is matched with method ALL; the endpoint comes after it.
    const endpoint = [...matched].reverse().find((r) => safeGet(r, 'method') !== 'ALL') ?? matched.at(-1);
    route = safeGet(endpoint, 'path');
  }
  return {
    method: typeof method === 'string' ? method : undefined,
    route: typeof route === 'string' ? route : undefined,
  };
}

function seeError(app: HonoLike, error: unknown, c: unknown): void {
  safe(
    'hono error handler',
    () => {
      captureFrameworkError(error, {
        mechanism: MECHANISM,
        ...routeOf(c),
        shouldHandleError: app[SETTINGS]?.shouldHandleError,
      });
    },
    undefined,
  );
}

function wrapErrorHandler(app: HonoLike, handler: unknown): unknown {
  if (typeof handler !== 'function') return handler;
  return function sentryErrorHandler(this: unknown, error: unknown, c: unknown) {
    seeError(app, error, c);
    return (handler as Handler).call(this, error, c);
  };
}

/** Makes `app.errorHandler` an accessor that hands out the wrapped current handler. */
function interceptErrorHandler(app: HonoLike): void {
  let wrapped = wrapErrorHandler(app, app.errorHandler);
  Object.defineProperty(app, 'errorHandler', {
    configurable: true,
    enumerable: true,
    get: () => wrapped,
    set: (handler: unknown) => {
      wrapped = wrapErrorHandler(app, handler);
    },
  });
}

/** Wraps `app.fetch` to see what it throws or rejects with: only non-Errors get that far. */
function interceptFetch(app: HonoLike): void {
  const fetch = app.fetch as Handler;
  const onError = (request: unknown, error: unknown) => {
    const method = safeGet(request, 'method');
    seeError(app, error, { req: { method } });
  };
  app.fetch = function sentryFetch(this: unknown, request: unknown, ...rest: unknown[]) {
    let result: unknown;
    try {
      result = fetch.call(this, request, ...rest);
    } catch (error) {
      onError(request, error);
      throw error;
    }
    if (!isThenable(result)) return result;
    return Promise.resolve(result).catch((error: unknown) => {
      onError(request, error);
      throw error;
    });
  };
}

/**
 * Captures the errors of a Hono app's routes and middleware (5xx and errors without a status:
 * an HTTPException below 500 is not captured; `shouldHandleError` decides otherwise). Call it on
 * the app you serve, before `serve({ fetch: app.fetch })`. The app answers as before. Never throws.
 */
export function setupHonoErrorHandler(app: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupHonoErrorHandler',
    () => {
      const target = app as HonoLike;
      if (typeof safeGet(app, 'fetch') !== 'function' || typeof safeGet(app, 'onError') !== 'function') {
        debug.warn('setupHonoErrorHandler: expected a Hono app; nothing set up');
        return;
      }
      const again = target[SETTINGS] !== undefined;
      target[SETTINGS] = readHandlerOptions('hono', options);
      if (again) return;
      interceptErrorHandler(target);
      interceptFetch(target);
    },
    undefined,
  );
}
