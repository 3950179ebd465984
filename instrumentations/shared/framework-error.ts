// What every framework error handler (setupExpressErrorHandler, setupKoaErrorHandler, ...) does
// with an error the framework saw: decide whether it deserves an event (by default 5xx and errors
// without a status; 4xx answers are the client's mistake), then capture it once, unhandled, with
// the framework's mechanism, named after the matched route. The same Error recorded on spans by
// the framework's instrumentation is then not captured again (src/captured-errors.ts), and neither
// is one the handler decided to skip.
import { context, trace } from '@opentelemetry/api';
import { getClient } from '../../src/api.js';
import {
  capturedEventId,
  markCaptured,
  markPrimitiveCaptured,
  takePrimitiveToken,
  wasCaptured,
  wasPrimitiveCaptured,
} from '../../src/captured-errors.js';
import { getScopes, type Scopes } from '../../src/scope-context.js';
import type { EventHint } from '../../src/types.js';
import { debug } from '../../src/utils/debug.js';
import { isServerError } from '../../src/utils/http-status.js';
import { isError } from '../../src/utils/is.js';
import { callUser, safe } from '../../src/utils/safe.js';

/** The options every `setup*ErrorHandler` takes. */
export interface FrameworkErrorHandlerOptions {
  /**
   * Whether an error becomes an event. Default: errors without an HTTP status, and those with a
   * status of 500 or more. A throw counts as the default's answer.
   */
  shouldHandleError?: (error: unknown) => boolean;
}

export interface FrameworkError {
  /** The mechanism type, `auto.http.<framework>`. */
  mechanism: string;
  /** The request method and matched route pattern, for the transaction name `GET /users/:id`. */
  method?: string | undefined;
  route?: string | undefined;
  /** The user's `shouldHandleError`, unchecked. */
  shouldHandleError?: unknown;
}

/** Reads a `setup*ErrorHandler` options argument; anything unusable gives the defaults. */
export function readHandlerOptions(framework: string, options: unknown): FrameworkErrorHandlerOptions {
  return safe(
    `${framework} error handler options`,
    () => {
      if (options === undefined || options === null) return {};
      const should =
        typeof options === 'object'
          ? (options as { shouldHandleError?: unknown }).shouldHandleError
          : undefined;
      if (typeof options !== 'object' || (should !== undefined && typeof should !== 'function')) {
        debug.alwaysWarn(`${framework}: shouldHandleError must be a function; using the default`);
        return {};
      }
      return should ? { shouldHandleError: should as (error: unknown) => boolean } : {};
    },
    {},
  );
}

/** Whether the error deserves an event under the handler's options. */
export function shouldCapture(error: unknown, shouldHandleError: unknown): boolean {
  if (typeof shouldHandleError !== 'function') return isServerError(error);
  const result = callUser('shouldHandleError', () => (shouldHandleError as (e: unknown) => unknown)(error));
  return result.ok ? Boolean(result.value) : isServerError(error);
}

/**
 * Captures an error a framework saw, once; returns the event id ('' when skipped or not captured).
 * Never throws.
 */
export function captureFrameworkError(error: unknown, info: FrameworkError): string {
  return safe(
    'framework error handler',
    () => {
      if (wasCaptured(error)) return capturedEventId(error) ?? '';
      // A thrown string, or a non-Error an instrumentation recorded as String(value), has no
      // identity: remembered by trace and text, so the spans that recorded it send nothing more.
      const traceId = trace.getSpan(context.active())?.spanContext().traceId;
      const text = isError(error) ? undefined : safe('String(error)', () => String(error), undefined);
      if (wasPrimitiveCaptured(traceId, error) || wasPrimitiveCaptured(traceId, text)) return '';
      if (!traceId && (takePrimitiveToken(error, 'span') || takePrimitiveToken(text, 'span'))) return '';
      if (!shouldCapture(error, info.shouldHandleError)) {
        debug.log(`${info.mechanism}: not capturing an error the framework answered with a 4xx`);
        markCaptured(error, ''); // nor from the spans that recorded it
        return '';
      }
      markPrimitiveCaptured(traceId, error, 'handler');
      if (text !== undefined) markPrimitiveCaptured(traceId, text, 'handler');
      // The name goes on a copy of the current scope handed to this one capture: no context
      // manager is needed (setup*ErrorHandler also works in an app without OpenTelemetry).
      const scopes = getScopes();
      const current = scopes.current.clone();
      const name = info.method && info.route ? `${info.method.toUpperCase()} ${info.route}` : undefined;
      if (name) {
        current.setTransactionName(name);
        current.addEventProcessor((event) => {
          if (event.transaction === name) event.transaction_info = { source: 'route' };
          return event;
        });
      }
      return capture(error, info.mechanism, { isolation: scopes.isolation, current });
    },
    '',
  );
}

/**
 * captureException without running the span processor's deferred captures first: this handler's
 * capture is the one that should win over the spans that recorded the same error.
 */
function capture(error: unknown, mechanism: string, scopes: Scopes): string {
  const client = getClient();
  if (!client?.isEnabled()) return '';
  const hint: EventHint = { mechanism: { type: mechanism, handled: false } };
  if (!isError(error)) hint.syntheticException = new Error('otel-sentry syntheticException');
  return client.captureException(error, hint, scopes);
}
