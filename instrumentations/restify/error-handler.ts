// Restify: the errors a server answers with an error response (passed to `next(err)`, rejected
// by async handlers, the router's 404/405), captured once each with the route pattern. Restify
// funnels them all through the server's `_onHandlerError`, one tick after the handler: wrapping
// it captures before the span processor's deferred capture of the same error (so
// `shouldHandleError` decides), while the `restifyError` event would come a setImmediate later.
// The restify instrumentation (instrumentation.ts) wraps it on `Server.prototype` when restify
// loads; `setupRestifyErrorHandler(server)` adds the options, and wraps the instance when the
// prototype is not. A server without that method (another major) gets a `restifyError` listener.
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';

const MECHANISM = 'auto.http.restify';
/** On a server: its handler options (global symbols, so the ESM and CJS builds agree). */
const SETTINGS = Symbol.for('otel-sentry.restify.settings.v1');
/** On our wrapper: the wrapped method. */
const WRAPPED = Symbol.for('otel-sentry.restify.wrapped.v1');

type HandlerError = ((this: unknown, err: unknown, req: unknown, ...rest: unknown[]) => unknown) & {
  [WRAPPED]?: HandlerError;
};
type Target = { _onHandlerError?: HandlerError; [SETTINGS]?: FrameworkErrorHandlerOptions };

/**
 * What the app threw: restify wraps a non-Error an async handler rejects with (a string, null) in
 * an AsyncError that keeps it as `jse_info.cause`.
 */
function thrownValue(error: unknown): unknown {
  if (safeGet(error, 'name') !== 'AsyncError') return error;
  const info = safeGet(error, 'jse_info');
  return typeof info === 'object' && info !== null && 'cause' in info ? safeGet(info, 'cause') : error;
}

function seeError(server: unknown, req: unknown, error: unknown): void {
  safe(
    'restify error handler',
    () => {
      const getRoute = safeGet(req, 'getRoute');
      const route = typeof getRoute === 'function' ? getRoute.call(req) : undefined;
      const path = safeGet(route, 'path');
      const method = safeGet(req, 'method');
      const settings = safeGet(server, SETTINGS) as FrameworkErrorHandlerOptions | undefined;
      captureFrameworkError(thrownValue(error), {
        mechanism: MECHANISM,
        method: typeof method === 'string' ? method : undefined,
        route: typeof path === 'string' ? path : undefined,
        shouldHandleError: settings?.shouldHandleError,
      });
    },
    undefined,
  );
}

/** Wraps `target._onHandlerError` (Server.prototype or one server), once; false without it. */
export function wrapOnHandlerError(target: unknown): boolean {
  return safe(
    'restify error handler',
    () => {
      const original = safeGet(target, '_onHandlerError') as HandlerError | undefined;
      if (typeof original !== 'function') return false;
      if (original[WRAPPED]) return true;
      const wrapped: HandlerError = function sentryOnHandlerError(this: unknown, err, req, ...rest) {
        seeError(this, req, err);
        return original.call(this, err, req, ...rest);
      };
      wrapped[WRAPPED] = original;
      (target as Target)._onHandlerError = wrapped;
      return true;
    },
    false,
  );
}

/** Undoes wrapOnHandlerError on Server.prototype (the instrumentation's unpatch). */
export function unwrapOnHandlerError(target: unknown): void {
  safe(
    'restify error handler',
    () => {
      const current = safeGet(target, '_onHandlerError') as HandlerError | undefined;
      if (typeof current === 'function' && current[WRAPPED])
        (target as Target)._onHandlerError = current[WRAPPED];
    },
    undefined,
  );
}

/**
 * Captures the errors a Restify server answers with an error response (5xx and errors without a
 * status; `shouldHandleError` decides otherwise). Never throws.
 */
export function setupRestifyErrorHandler(server: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupRestifyErrorHandler',
    () => {
      const on = safeGet(server, 'on');
      if (typeof on !== 'function') {
        debug.warn('setupRestifyErrorHandler: expected a Restify server; nothing set up');
        return;
      }
      const target = server as Target;
      const again = target[SETTINGS] !== undefined;
      target[SETTINGS] = readHandlerOptions('restify', options);
      if (again || wrapOnHandlerError(server)) return;
      on.call(server, 'restifyError', (req: unknown, _res: unknown, err: unknown, callback: unknown) => {
        seeError(server, req, err);
        if (typeof callback === 'function') callback();
      });
    },
    undefined,
  );
}
