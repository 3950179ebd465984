// Fastify (4 and 5): unhandled errors of routes and hooks, captured once per request with the
// route pattern, from an onError hook: Fastify runs it for every error a route or hook throws or
// sends, right before its error handler (its own, or the app's setErrorHandler). Automatic: Fastify publishes each new instance on
// the `fastify.initialization` diagnostics channel and we add the hook there.
// `setupFastifyErrorHandler(app)` covers an app created before init() and takes the options.
// Not `tracing:fastify.request.handler:error`: with a subscriber Fastify reads the error's
// statusCode before answering, which changes its answer to a thrown null or a throwing getter.
// Markers are global symbols, so the ESM and CJS builds share them.
import { subscribe } from 'node:diagnostics_channel';
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
} from '../shared/framework-error.js';

const MECHANISM = 'auto.http.fastify';
/** On an instance (and, by Fastify's prototype chain, its plugins): its handler options. */
const SETTINGS = Symbol.for('otel-sentry.fastify.settings.v1');
/** On a request: its error was seen (captured or skipped) once already. */
const SEEN = Symbol.for('otel-sentry.fastify.seen.v1');
const SUBSCRIBED = Symbol.for('otel-sentry.fastify.subscribed.v1');

/** The part of a Fastify instance we use. */
export interface FastifyLike {
  addHook(name: string, hook: (...args: never[]) => unknown): unknown;
}

type Settings = FrameworkErrorHandlerOptions;
type Hookable = FastifyLike & { [SETTINGS]?: Settings };

/** Captures `error` for `request` unless this request's error was seen already. */
function seeError(request: unknown, error: unknown, settings: Settings): void {
  safe(
    'fastify error handler',
    () => {
      if (typeof request !== 'object' || request === null) return;
      const holder = request as { [SEEN]?: boolean };
      if (holder[SEEN]) return;
      holder[SEEN] = true;
      const method = safeGet(request, 'method');
      const pattern = safeGet(safeGet(request, 'routeOptions'), 'url');
      captureFrameworkError(error, {
        mechanism: MECHANISM,
        method: typeof method === 'string' ? method : undefined,
        route: typeof pattern === 'string' ? pattern : undefined,
        shouldHandleError: settings.shouldHandleError,
      });
    },
    undefined,
  );
}

/** Adds the onError hook and the options to an instance, once; false when the app is unusable. */
function install(app: unknown, settings: Settings): boolean {
  return safe(
    'setupFastifyErrorHandler',
    () => {
      const instance = app as Hookable;
      if (typeof safeGet(app, 'addHook') !== 'function') return false;
      const existing = safeGet(app, SETTINGS) as Settings | undefined;
      if (existing) {
        // Hooked already (at its creation): only the options change.
        if (settings.shouldHandleError) existing.shouldHandleError = settings.shouldHandleError;
        return true;
      }
      try {
        instance.addHook('onError', function sentryOnError(
          request: unknown,
          _reply: unknown,
          error: unknown,
          done: () => void,
        ) {
          seeError(request, error, settings);
          done();
        } as never);
      } catch (err) {
        // Fastify refuses hooks once the app is ready or listening.
        debug.warn('setupFastifyErrorHandler: could not add the onError hook:', err);
        return false;
      }
      // Plain property: plugin instances inherit it through their prototype chain.
      instance[SETTINGS] = settings;
      return true;
    },
    false,
  );
}

/** Hooks every Fastify instance created from now on, once per process. Never throws. */
export function enableFastifyErrorCapture(): void {
  safe(
    'fastify error capture',
    () => {
      const g = globalThis as { [SUBSCRIBED]?: boolean };
      if (g[SUBSCRIBED]) return;
      g[SUBSCRIBED] = true;
      subscribe('fastify.initialization', (message) => {
        install(safeGet(message, 'fastify'), {});
      });
    },
    undefined,
  );
}

/**
 * Captures the unhandled errors of a Fastify app's routes and hooks (5xx and errors without a
 * status; `shouldHandleError` decides otherwise). Apps created after init() are covered without
 * it; call it before `app.listen()` / `app.ready()`. Never throws.
 */
export function setupFastifyErrorHandler(app: unknown, options?: FrameworkErrorHandlerOptions): void {
  safe(
    'setupFastifyErrorHandler',
    () => {
      enableFastifyErrorCapture();
      if (!install(app, readHandlerOptions('fastify', options))) {
        debug.warn(
          'setupFastifyErrorHandler: expected a Fastify instance (before it is ready); nothing set up',
        );
      }
    },
    undefined,
  );
}
