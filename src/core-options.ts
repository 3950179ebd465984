// The options every part of the SDK reads, as the user passes them (`CoreOptions`) and as
// `resolveOptions` completes them (`ResolvedOptions`). The integrations option is declared apart,
// in options.ts: its type names the Client, and the Client reads these, so the two stay in two
// files and the types form no circle.

import type { BeforeSendLog } from './logs/types.js';
import type { BeforeSendMetric } from './metrics/types.js';
import type { TracesSampler } from './tracing/sampling-context.js';
import type { TransportFactory, TransportUserOptions } from './transport/types.js';
import type {
  BeforeBreadcrumb,
  BeforeSend,
  BeforeSendTransaction,
  CaptureContext,
  IgnoreSpanPattern,
} from './types.js';

export interface CoreOptions {
  /** Where events go. Empty or missing: the SDK runs but sends nothing. Env: SENTRY_DSN. */
  dsn?: string;
  /** Env: SENTRY_RELEASE. */
  release?: string;
  /** Env: SENTRY_ENVIRONMENT. Default `production`. */
  environment?: string;
  dist?: string;
  /** Default: the host name. */
  serverName?: string;
  /** Share of error events sent, 0..1. Default 1. */
  sampleRate?: number;
  /** Share of traces recorded as transactions, 0..1. Unset: errors only. Env: SENTRY_TRACES_SAMPLE_RATE. */
  tracesSampleRate?: number;
  /**
   * Decides per trace (at its local root span) whether it is sent as a transaction: a number 0..1
   * (or a boolean). Overrides `tracesSampleRate`; a caller's decision is kept unless it says otherwise.
   */
  tracesSampler?: TracesSampler;
  /** Outgoing requests carry trace headers only to URLs matching one of these (substring or RegExp). Default: all. */
  tracePropagationTargets?: Array<string | RegExp>;
  /** Send the W3C `traceparent` header beside `sentry-trace` and `baggage`. Default true. */
  propagateTraceparent?: boolean;
  /** Change or drop (`null`) a transaction before it is sent. */
  beforeSendTransaction?: BeforeSendTransaction;
  /** Transaction names (substring or RegExp) that are never sent. */
  ignoreTransactions?: Array<string | RegExp>;
  /** Spans left out of transactions: a name (substring or RegExp), or `{ name?, op? }`. */
  ignoreSpans?: IgnoreSpanPattern[];
  /** Default 100; 0 disables breadcrumbs. */
  maxBreadcrumbs?: number;
  /** Attach a stack trace to `captureMessage` events. Default false. */
  attachStacktrace?: boolean;
  /** Depth to which contexts, extra, user and breadcrumb data are kept. Default 3. */
  normalizeDepth?: number;
  /** Properties per object kept when normalizing. Default 1000. */
  normalizeMaxBreadth?: number;
  /** Longest exception value, message or breadcrumb message kept. Default 8192. */
  maxValueLength?: number;
  /** Source lines sent before and after each frame's line; 0 turns context lines off. Default 7, as @sentry/node. */
  contextLines?: number;
  /** Error messages (substring or RegExp) that are never sent. */
  ignoreErrors?: Array<string | RegExp>;
  beforeSend?: BeforeSend;
  beforeBreadcrumb?: BeforeBreadcrumb;
  /** Data applied to the global scope at init. */
  initialScope?: CaptureContext;
  /** Send cookies, auth headers, IPs and user data. Default false. */
  sendDefaultPii?: boolean;
  /**
   * Keys (substrings, case-insensitive, or RegExps) whose values are also filtered everywhere in
   * events (extra, contexts, tags, user, breadcrumb data, headers, query strings), even with
   * `sendDefaultPii`.
   */
  denyKeys?: Array<string | RegExp>;
  /** Keys the default scrubbing leaves alone (`denyKeys` still applies). */
  allowKeys?: Array<string | RegExp>;
  /** Request bodies attached to events of incoming requests: none (default), small (1 kB), medium (10 kB), always. */
  maxRequestBodySize?: 'none' | 'small' | 'medium' | 'always';
  /** Count dropped events and send client reports. Default true. */
  sendClientReports?: boolean;
  /** Log what the SDK does. Env: SENTRY_DEBUG. */
  debug?: boolean;
  /** `false` turns the SDK off entirely. */
  enabled?: boolean;
  transport?: TransportFactory;
  transportOptions?: TransportUserOptions;
  /**
   * Also send every envelope to a local Spotlight or `otel-sentry inbox`: `true` for
   * http://localhost:8969/stream, or its URL. Works without a DSN. Env: SENTRY_SPOTLIGHT.
   */
  spotlight?: boolean | string;
  /** How long to flush on exit and on fatal errors, in ms. Default 2000. */
  shutdownTimeout?: number;
  /** `false` turns every default integration off. */
  defaultIntegrations?: boolean;
  /** Leave OpenTelemetry setup (tracer provider, context manager, instrumentations) to the app. */
  skipOpenTelemetrySetup?: boolean;
  /**
   * How sampled spans reach Sentry: built into transactions (default) or sent as they are to the
   * DSN's OTLP traces endpoint. Env: SENTRY_TRACES_VIA.
   */
  tracesVia?: 'transactions' | 'otlp';
  /** `false` turns `Sentry.metrics.*` into no-ops. Default true (as @sentry/node 10). */
  enableMetrics?: boolean;
  /** Change a metric, or drop it by returning `null`, before it is buffered. */
  beforeSendMetric?: BeforeSendMetric;
  /** Attach the local variables of in-app frames to exceptions (through `node:inspector`). Default false. */
  includeLocalVariables?: boolean;
  /** Send `Sentry.logger` calls (and, with them, logger integrations' records) as Sentry Logs. Default false. */
  enableLogs?: boolean;
  /** Change or drop (`null`) a Sentry log before it is sent. */
  beforeSendLog?: BeforeSendLog;
  /** @sentry/node's older spelling of `enableLogs` and `beforeSendLog`; the top-level options win. */
  _experiments?: { enableLogs?: boolean; beforeSendLog?: BeforeSendLog };
}

export interface ResolvedOptions
  extends Required<
    Pick<
      CoreOptions,
      | 'environment'
      | 'sampleRate'
      | 'maxBreadcrumbs'
      | 'attachStacktrace'
      | 'normalizeDepth'
      | 'normalizeMaxBreadth'
      | 'maxValueLength'
      | 'contextLines'
      | 'ignoreErrors'
      | 'ignoreTransactions'
      | 'ignoreSpans'
      | 'propagateTraceparent'
      | 'sendDefaultPii'
      | 'denyKeys'
      | 'allowKeys'
      | 'maxRequestBodySize'
      | 'sendClientReports'
      | 'debug'
      | 'enabled'
      | 'shutdownTimeout'
      | 'skipOpenTelemetrySetup'
      | 'transportOptions'
      | 'tracesVia'
    >
  > {
  dsn?: string;
  release?: string;
  dist?: string;
  serverName?: string;
  tracesSampleRate?: number;
  tracesSampler?: TracesSampler;
  tracePropagationTargets?: Array<string | RegExp>;
  beforeSend?: BeforeSend;
  beforeSendTransaction?: BeforeSendTransaction;
  beforeBreadcrumb?: BeforeBreadcrumb;
  initialScope?: CaptureContext;
  transport?: TransportFactory;
  spotlight?: string;
  defaultIntegrations: boolean;
  enableMetrics: boolean;
  beforeSendMetric?: BeforeSendMetric;
  includeLocalVariables?: boolean;
  /**
   * As given (unset: undefined). `Sentry.logger` calls are sent unless it is false (as @sentry/node
   * 10 sends them); console and logger integrations turn records into logs only when it is true.
   */
  enableLogs: boolean | undefined;
  beforeSendLog?: BeforeSendLog;
}
