// Hapi answers every failure with a Boom response; an `onPreResponse` extension sees it, with the
// matched route, before it is sent. 5xx answers (thrown errors, Boom 5xx) are captured, Boom 4xx
// are not: the decision follows the status hapi answers with (a thrown Error with `status: 404`
// is still a 500 in hapi). The extension is added automatically to each server that
// `Hapi.server()` makes once our instrumentation is registered; setupHapiErrorHandler(server) is
// the same, for servers made without it. Hapi's own logging and responses are untouched.
import { trace } from '@opentelemetry/api';
import { debug } from '../../src/utils/debug.js';
import { safeGet } from '../../src/utils/is.js';
import { safe } from '../../src/utils/safe.js';
import {
  captureFrameworkError,
  type FrameworkErrorHandlerOptions,
  readHandlerOptions,
  shouldCapture,
} from '../shared/framework-error.js';
import { isInstrumentedServer, thrownBy } from './thrown-values.js';

const STATE = Symbol.for('otel-sentry.hapi.error-handler.v1');
const NON_ERROR = 'Cannot throw non-error object'; // hapi's Boom for `throw 'text'`
// Errors hapi answers with a copy of (Bounce.isSystem): the original is on the route's span.
const SYSTEM_ERRORS = [EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError];

type ExtMethod = (request: unknown, h: { continue: unknown }) => unknown;
type Ext = (event: string, method: ExtMethod) => unknown;
interface HapiServer {
  ext: Ext & { __original?: Ext };
  route: unknown;
  events?: object;
}

function isHapiServer(server: unknown): server is HapiServer {
  return (
    typeof server === 'object' &&
    server !== null &&
    typeof safeGet(server, 'ext') === 'function' &&
    typeof safeGet(server, 'route') === 'function'
  );
}

/**
 * Captures the errors hapi answers with a 5xx, named after the route (`GET /users/{id}`). Async,
 * as in @sentry/node; the returned promise never rejects. Automatic when `init()` or
 * `sentryInstrumentations()` instrumented hapi; calling it is harmless then.
 */
export async function setupHapiErrorHandler(
  server: unknown,
  options?: FrameworkErrorHandlerOptions,
): Promise<void> {
  safe(
    'setupHapiErrorHandler',
    () => {
      if (!isHapiServer(server)) {
        debug.alwaysWarn('setupHapiErrorHandler: expected a hapi server (Hapi.server()); nothing set up');
        return;
      }
      attachHapiErrorHandler(server, readHandlerOptions('hapi', options), true);
    },
    undefined,
  );
}

/** Adds the extension once per server core (plugins' servers share their root's `events`). */
export function attachHapiErrorHandler(
  server: unknown,
  options: FrameworkErrorHandlerOptions = {},
  update = false,
): void {
  if (!isHapiServer(server)) return;
  const events = safeGet(server, 'events');
  const holder = (typeof events === 'object' && events !== null ? events : server) as Record<symbol, unknown>;
  const existing = holder[STATE] as FrameworkErrorHandlerOptions | undefined;
  if (existing) {
    if (update) Object.assign(existing, options);
    return;
  }
  const state: FrameworkErrorHandlerOptions = { ...options };
  Object.defineProperty(holder, STATE, { value: state, configurable: true });
  // The unwrapped ext, where OTel's instrumentation wrapped it: no span for our extension.
  const ext = server.ext.__original ?? server.ext;
  ext.call(server, 'onPreResponse', (request, h) => {
    safe('hapi error handler', () => onPreResponse(server, request, state), undefined);
    return h.continue;
  });
}

function onPreResponse(server: HapiServer, request: unknown, state: FrameworkErrorHandlerOptions): void {
  const response = safeGet(request, 'response');
  if (safeGet(response, 'isBoom') !== true) return;
  const status = safeGet(safeGet(response, 'output'), 'statusCode');
  const answered = typeof status === 'number' ? status : 500;
  const error = originalOf(server, request, response);
  if (error === SPANS_HAVE_IT) return;
  const { shouldHandleError } = state;
  captureFrameworkError(error, {
    mechanism: 'auto.http.hapi',
    method: stringOf(safeGet(request, 'method')),
    route: stringOf(safeGet(safeGet(request, 'route'), 'path')),
    shouldHandleError: shouldHandleError
      ? (e: unknown) => shouldCapture(e, shouldHandleError)
      : () => answered >= 500,
  });
}

const SPANS_HAVE_IT = Symbol('captured from the route span');

/**
 * The value to capture for hapi's error response: the response itself, unless hapi answered with
 * a copy of what the route threw; then what the route threw, as remembered (thrown-values.ts) or
 * as Boom keeps it. A thrown string is left to the route's span, where the span processor
 * captures it (it cannot be marked as captured), as is an original this server did not remember.
 */
function originalOf(server: HapiServer, request: unknown, response: unknown): unknown {
  if (!isCopy(response)) return response;
  const spans = isInstrumentedServer(server) && trace.getActiveSpan() !== undefined;
  const remembered = thrownBy(request);
  const original = remembered
    ? remembered.value
    : safeGet(response, 'message') === NON_ERROR
      ? safeGet(response, 'data')
      : undefined;
  const primitive = original !== null && original !== undefined && typeof original !== 'object';
  if (spans && (primitive || !remembered)) return SPANS_HAVE_IT;
  return original ?? response;
}

function isCopy(response: unknown): boolean {
  if (safeGet(response, 'message') === NON_ERROR) return true;
  return SYSTEM_ERRORS.some((type) => response instanceof type);
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
