// Public option types of the instrumentations entry point.
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { UndiciInstrumentationConfig } from '@opentelemetry/instrumentation-undici';

/**
 * How much of an incoming request's body is kept on the events captured while handling it:
 * 'none' (default), 'small' (up to 1 000 bytes), 'medium' (up to 10 000 bytes) or 'always'
 * (up to 1 MiB). Longer bodies are cut at the limit and end with '...'.
 */
export type MaxRequestBodySize = 'none' | 'small' | 'medium' | 'always';

/** The request-data options read from the client's options (`init({ maxRequestBodySize })`). */
export interface RequestDataOptions {
  maxRequestBodySize?: MaxRequestBodySize;
}

export interface SentryInstrumentationsOptions {
  /**
   * Outgoing `http`/`https` breadcrumbs. `false` leaves out the HttpInstrumentation; a config
   * object is used for it, with its hooks composed with ours. Default true.
   */
  http?: boolean | HttpInstrumentationConfig;
  /** Outgoing `fetch`/undici breadcrumbs, same rules as `http`. Default true. */
  undici?: boolean | UndiciInstrumentationConfig;
  /** A separate isolation scope and request data for each incoming request. Default true. */
  incomingRequests?: boolean;
  /**
   * The instrumentations of the web frameworks the app has installed (Express, Fastify, Koa, ...),
   * each from its optional peer package. `false` leaves them all out (the app registers its own,
   * e.g. with getNodeAutoInstrumentations()); `{ koa: false }` one of them. Default true.
   */
  frameworks?: boolean | Record<string, boolean>;
}
