// What every NestJS way in does with an exception Nest's filters received: capture it once (not
// HttpExceptions below 500), named after the matched route of the HTTP request being answered.
import { trace } from '@opentelemetry/api';
import { safeGet } from '../../src/utils/is.js';
import { captureFrameworkError, type FrameworkErrorHandlerOptions } from '../shared/framework-error.js';

const state = {
  /** Set while our own filter delegates to its base filter: the base must not capture again. */
  delegating: 0,
  /** Whether our nestjs instrumentation patched Nest (its handler spans record thrown values). */
  instrumented: false,
};

export const nestState = state;

/** Captures `exception` as Nest's filters got it from `host` (an ArgumentsHost). Never throws. */
export function captureNestError(
  exception: unknown,
  host: unknown,
  options: FrameworkErrorHandlerOptions = {},
): void {
  if (state.delegating > 0) return;
  // A thrown string or number: the instrumented handler's span recorded it, and the span
  // processor captures it from there (a primitive cannot be marked as captured).
  const primitive = exception !== null && exception !== undefined && typeof exception !== 'object';
  if (primitive && state.instrumented && trace.getActiveSpan() !== undefined) return;
  const request = httpRequestOf(host);
  captureFrameworkError(exception, {
    mechanism: 'auto.http.nestjs',
    method: stringOf(safeGet(request, 'method')),
    route: routeOf(request),
    shouldHandleError: options.shouldHandleError,
  });
}

/** The request of an HTTP host (express or fastify); undefined for RPC, websockets, GraphQL. */
function httpRequestOf(host: unknown): unknown {
  const getType = safeGet(host, 'getType');
  const getArgByIndex = safeGet(host, 'getArgByIndex');
  if (typeof getType !== 'function' || typeof getArgByIndex !== 'function') return undefined;
  try {
    if (getType.call(host) !== 'http') return undefined;
    return getArgByIndex.call(host, 0);
  } catch {
    return undefined;
  }
}

/** The matched route pattern: express's `req.route.path`, fastify's `routeOptions.url`. */
function routeOf(request: unknown): string | undefined {
  return (
    stringOf(safeGet(safeGet(request, 'route'), 'path')) ??
    stringOf(safeGet(safeGet(request, 'routeOptions'), 'url'))
  );
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value ? value : undefined;
}
