// Sentry wire types. Sentry's snake_case field names live here and nowhere else in the public API.

export type SeverityLevel = 'fatal' | 'error' | 'warning' | 'log' | 'info' | 'debug';

/** A tag value as set: @sentry/node keeps numbers and booleans as they are (Relay stringifies them). */
export type Primitive = number | string | boolean | bigint | symbol | null | undefined;

export interface StackFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
  pre_context?: string[];
  context_line?: string;
  post_context?: string[];
  // biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's StackFrame, so user code reads it untyped
  vars?: Record<string, any>;
  /** Native frames: the binary or library the function is in. */
  package?: string;
  platform?: string;
  instruction_addr?: string;
}

export interface Stacktrace {
  frames: StackFrame[];
}

export interface Mechanism {
  type: string;
  handled?: boolean;
  synthetic?: boolean;
  description?: string;
  source?: string;
  exception_id?: number;
  parent_id?: number;
  is_exception_group?: boolean;
  data?: Record<string, unknown>;
}

export interface ExceptionValue {
  type?: string;
  value?: string;
  module?: string;
  mechanism?: Mechanism;
  stacktrace?: Stacktrace;
}

/** An exception value, under @sentry/node's name. */
export type Exception = ExceptionValue;

export interface Breadcrumb {
  type?: string;
  category?: string;
  message?: string;
  level?: SeverityLevel;
  event_id?: string;
  // biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's Breadcrumb, so user code reads it untyped
  data?: Record<string, any>;
  /** Seconds since the epoch. */
  timestamp?: number;
}

export interface User {
  id?: string | number;
  username?: string;
  email?: string;
  ip_address?: string;
  name?: string;
  segment?: string;
  geo?: { city?: string; country_code?: string; region?: string };
  data?: Record<string, unknown>;
  /** Custom keys are kept (as @sentry/node does); Relay stores them as other user data. */
  // biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's User
  [key: string]: any;
}

export interface RequestData {
  method?: string;
  url?: string;
  query_string?: string | Record<string, string> | [string, string][];
  data?: unknown;
  cookies?: string | Record<string, string>;
  headers?: Record<string, string>;
  env?: Record<string, string>;
  fragment?: string;
  body_size?: number;
}

// A type alias (not an interface) so it fits the `Context` index signature of `Contexts`.
export type TraceContext = {
  trace_id: string;
  span_id: string;
  parent_span_id?: string;
  op?: string;
  status?: string;
  origin?: string;
  sampled?: boolean;
  data?: Record<string, unknown>;
};

export type Context = Record<string, unknown>;

export interface Contexts {
  trace?: TraceContext;
  [key: string]: Context | undefined;
}

export interface SdkInfo {
  name: string;
  version: string;
  integrations?: string[];
  packages?: { name: string; version: string }[];
}

/** `parameterize`d messages carry `message` (the template, `%s` for each value) and `params`. */
export interface LogEntry {
  formatted?: string;
  message?: string;
  params?: unknown[];
}

export interface SpanJSON {
  span_id: string;
  trace_id: string;
  parent_span_id?: string;
  op?: string;
  description?: string;
  start_timestamp: number;
  timestamp: number;
  status?: string;
  origin?: string;
  data?: Record<string, unknown>;
}

export interface Event {
  event_id?: string;
  /** Seconds since the epoch. */
  timestamp?: number;
  start_timestamp?: number;
  type?: 'transaction';
  platform?: string;
  level?: SeverityLevel;
  logger?: string;
  transaction?: string;
  transaction_info?: { source: string };
  server_name?: string;
  release?: string;
  dist?: string;
  environment?: string;
  /** The text of `captureMessage('text')`, as @sentry/node sends it (Relay stores it as `logentry`). */
  message?: string;
  logentry?: LogEntry;
  exception?: { values: ExceptionValue[] };
  /** An array, as @sentry/node hands it to user code and sends it (Relay also takes `{ values }`). */
  breadcrumbs?: Breadcrumb[];
  tags?: Record<string, Primitive>;
  extra?: Record<string, unknown>;
  user?: User;
  request?: RequestData;
  contexts?: Contexts;
  fingerprint?: string[];
  modules?: Record<string, string>;
  sdk?: SdkInfo;
  spans?: SpanJSON[];
  /** Transaction measurements, e.g. `{ lcp: { value: 1.2, unit: 'second' } }`. */
  measurements?: Record<string, { value: number; unit?: string }>;
  /**
   * SDK-internal data user code may read (as in @sentry/node): the trace's dynamic sampling
   * context, sent as the envelope's `trace` header. Never sent in the event itself.
   */
  sdkProcessingMetadata?: { dynamicSamplingContext?: Record<string, string>; [key: string]: unknown };
}

/** An error or message event: what `beforeSend` receives. */
export interface ErrorEvent extends Event {
  type: undefined;
}

/** A transaction: what `beforeSendTransaction` receives. */
export interface TransactionEvent extends Event {
  type: 'transaction';
}

/** Rate-limit / client-report data categories (Relay's names). */
export type DataCategory =
  | 'error'
  | 'transaction'
  | 'span'
  | 'log_item'
  | 'attachment'
  | 'session'
  | 'internal'
  | 'default'
  | 'trace_metric'
  | 'monitor';

/** Reasons an SDK may report for a discarded item (client reports spec). */
export type Outcome =
  | 'queue_overflow'
  | 'cache_overflow'
  | 'ratelimit_backoff'
  | 'network_error'
  | 'sample_rate'
  | 'before_send'
  | 'event_processor'
  | 'send_error'
  | 'internal_sdk_error';

export interface ClientReport {
  timestamp: number;
  discarded_events: { reason: Outcome; category: DataCategory; quantity: number }[];
}

export interface EnvelopeHeaders {
  event_id?: string;
  sent_at?: string;
  dsn?: string;
  sdk?: { name: string; version: string };
  trace?: Record<string, string>;
}

export interface EnvelopeItemHeaders {
  type: string;
  length?: number;
  content_type?: string;
  filename?: string;
  /** Container items (`log`, `trace_metric`): how many items the payload holds. */
  item_count?: number;
}

/** An item payload is JSON (serialized at the end) or raw bytes. */
export type EnvelopeItem = [EnvelopeItemHeaders, unknown];
export type Envelope = [EnvelopeHeaders, EnvelopeItem[]];

/** A typed attribute value, as trace metrics (and logs) carry them. */
export interface TypedAttributeValue {
  value: string | number | boolean | unknown[];
  type: 'string' | 'integer' | 'double' | 'boolean' | 'array';
  unit?: string;
}

/** One metric of a `trace_metric` item (`application/vnd.sentry.items.trace-metric+json`). */
export interface SerializedMetric {
  /** Seconds since the epoch. */
  timestamp: number;
  trace_id: string;
  span_id?: string;
  name: string;
  type: 'counter' | 'gauge' | 'distribution';
  unit?: string;
  value: number;
  attributes: Record<string, TypedAttributeValue>;
}

/** The payload of a `check_in` item (cron monitors). */
export interface SerializedCheckIn {
  check_in_id: string;
  monitor_slug: string;
  status: 'in_progress' | 'ok' | 'error';
  release?: string;
  environment?: string;
  /** Seconds. */
  duration?: number;
  monitor_config?: {
    schedule: { type: 'crontab'; value: string } | { type: 'interval'; value: number; unit: string };
    checkin_margin?: number;
    max_runtime?: number;
    timezone?: string;
    failure_issue_threshold?: number;
    recovery_threshold?: number;
  };
  contexts?: { trace?: TraceContext };
}
