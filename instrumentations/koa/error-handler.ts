// Koa emits 'error' on the app for every error it answers (ctx.onerror), with the request's ctx.
// Listening there sees thrown route and middleware errors without a middleware of ours, so the
// listener is attached automatically when the app makes its request handler (app.callback(), as
// app.listen() does); setupKoaErrorHandler(app) is the same, for apps whose koa was loaded
// without our instrumentation. Koa logs errors only when the app has no 'error' listener of its
// own, so ours is added after callback() made that choice: koa's logging stays as it was.
import { trace } from '@opentelemetry/api';
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';

const STATE = Symbol.for('otel-sentry.koa.error-handler.v1');
const DEFERRED = Symbol.for('otel-sentry.koa.error-handler.deferred.v1');

interface KoaApp {
  on(event: 'error', listener: (error: unknown, ctx: unknown) => void): unknown;
  listenerCount(event: string): number;
  callback(...args: unknown[]): unknown;
  [STATE]?: FrameworkErrorHandlerOptions;
  [DEFERRED]?: true;
}

function isKoaApp(app: unknown): app is KoaApp {
  return (
    typeof app === 'object' &&
    app !== null &&
    typeof safeGet(app, 'on') === 'function' &&
    typeof safeGet(app, 'listenerCount') === 'function' &&
    typeof safeGet(app, 'callback') === 'function' &&
    typeof safeGet(app, 'use') === 'function'
  );
}

/**
 * Captures the errors a Koa app answers (5xx and errors without a status; `ctx.throw(400)` is
 * not captured), named after the matched @koa/router route. Automatic when `init()` or
 * `sentryInstrumentations()` instrumented koa; calling it is harmless then. Never throws.
 */
export function setupKoaErrorHandler(app: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupKoaErrorHandler',
    () => {
      if (!isKoaApp(app)) {
        debug.alwaysWarn('setupKoaErrorHandler: expected a Koa app (new Koa()); nothing set up');
        return;
      }
      const handlerOptions = readHandlerOptions('koa', options);
      if (app[STATE]) {
        Object.assign(app[STATE], handlerOptions); // set up before: only the options change
        return;
      }
      if (app.listenerCount('error') > 0) attachKoaErrorListener(app, handlerOptions);
      else deferToCallback(app, handlerOptions);
    },
    undefined,
  );
}

/** Attaches the listener once per app; called after `app.callback()` (the automatic path). */
export function attachKoaErrorListener(app: unknown, options: FrameworkErrorHandlerOptions = {}): void {
  if (!isKoaApp(app) || app[STATE]) return;
  const state: FrameworkErrorHandlerOptions = { ...options };
  Object.defineProperty(app, STATE, { value: state, configurable: true });
  app.on('error', (error, ctx) => {
    if (spansHaveTheThrownValue(app, error)) return;
    captureFrameworkError(error, {
      mechanism: 'auto.http.koa',
      method: stringOf(safeGet(ctx, 'method')),
      route: stringOf(safeGet(ctx, '_matchedRoute')), // @koa/router's matched path pattern
      shouldHandleError: state.shouldHandleError,
    });
  });
}

/** Waits for the app's own callback() (where koa decides whether to log) before listening. */
function deferToCallback(app: KoaApp, options: FrameworkErrorHandlerOptions): void {
  if (app[DEFERRED]) return;
  const original = app.callback;
  Object.defineProperty(app, DEFERRED, { value: true, configurable: true });
  app.callback = function callback(this: unknown, ...args: unknown[]) {
    const handler = original.apply(this, args);
    attachKoaErrorListener(app, options);
    return handler;
  };
}

/**
 * Koa answers `throw 'text'` with an Error of its own ('non-error thrown: "text"'); the value
 * thrown is recorded on the middleware spans of koa's instrumentation, where the span processor
 * captures it (a string has no identity we could mark as captured). The event comes from there,
 * then: the thrown value, not koa's wrapper, and only one.
 */
function spansHaveTheThrownValue(app: KoaApp, error: unknown): boolean {
  const message = safeGet(error, 'message');
  if (typeof message !== 'string' || !message.startsWith('non-error thrown: ')) return false;
  const instrumented = safeGet(safeGet(app, 'use'), '__wrapped') === true; // shimmer's mark
  return instrumented && trace.getActiveSpan() !== undefined;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value || undefined;
  return value instanceof RegExp ? String(value) : undefined;
}
