// Sentry Logs as user code sees them (`beforeSendLog`), as captured, and as they go on the wire.
import type { User } from '../protocol/types.js';

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/** What `beforeSendLog` receives and returns: the attributes are still the values as given. */
export interface Log {
  level: LogLevel;
  message: string;
  attributes?: Record<string, unknown>;
  severityNumber?: number;
}

export type BeforeSendLog = (log: Log) => Log | null;

export type TypedAttributeValue =
  | { type: 'string'; value: string; unit?: string }
  | { type: 'integer' | 'double'; value: number; unit?: string }
  | { type: 'boolean'; value: boolean; unit?: string }
  | { type: 'array'; value: Array<string | number | boolean>; unit?: string };

/** One log of a `log` envelope item (`application/vnd.sentry.items.log+json`). */
export interface SerializedLog {
  timestamp: number;
  level: LogLevel;
  body: string;
  trace_id: string;
  severity_number: number;
  attributes: Record<string, TypedAttributeValue>;
}

/** OTel severity numbers, as Sentry takes them. */
export const SEVERITY_NUMBER: Record<LogLevel, number> = {
  trace: 1,
  debug: 5,
  info: 9,
  warn: 13,
  error: 17,
  fatal: 21,
};

/** One log call, as captured. Fields are references taken at call time (copy-on-write sources). */
export interface PendingLog {
  /** Seconds since the epoch, microsecond precision. */
  time: number;
  sequence: number;
  level: LogLevel;
  severity: number | undefined;
  message: unknown;
  attributes: Record<string, unknown> | undefined;
  /** Attributes read at flush: a logger's JSON line is parsed only then. */
  lazyAttributes?: () => Record<string, unknown> | undefined;
  template: string | undefined;
  params: unknown[] | undefined;
  traceId: string;
  spanId: string | undefined;
  user: User | undefined;
  /** The scopes' attributes merged, current over isolation over global (scopes replace, never mutate, theirs). */
  scopeAttributes: Readonly<Record<string, unknown>> | undefined;
}
