// Runs the SDK's own I/O with OpenTelemetry's "suppress tracing" flag set, so instrumentations
// never record our envelope requests as spans or breadcrumbs. We do not import
// @opentelemetry/core for this: `createContextKey` returns `Symbol.for(description)`, so the key
// below is the very key core's `suppressTracing` sets and `isTracingSuppressed` reads.
import { type Context, context, createContextKey } from '@opentelemetry/api';

export const SUPPRESS_TRACING_KEY = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

/** Calls `fn` in the active context with tracing suppressed, returning its result. */
export function suppressTracing<T>(fn: () => T): T {
  return context.with(context.active().setValue(SUPPRESS_TRACING_KEY, true), fn);
}

/** Whether `ctx` (default: the active context) has tracing suppressed. */
export function isTracingSuppressed(ctx: Context = context.active()): boolean {
  return ctx.getValue(SUPPRESS_TRACING_KEY) === true;
}
