// A LogRecordProcessor for the app's OpenTelemetry LoggerProvider (NodeSDK `logRecordProcessors`):
// log records become Sentry events and breadcrumbs. A record with `exception.*` attributes (how
// OpenTelemetry now carries exceptions, in place of span events), or at or above `eventLevel`
// (ERROR), becomes an event linked to the record's trace and span; records below, down to
// `breadcrumbLevel`, become breadcrumbs. The same exception seen as a span event, or captured by
// a logger integration, is sent once (src/recent-exceptions.ts). `log_record` in the hints is the
// record itself. Types are structural: no import of @opentelemetry/api-logs or sdk-logs, which
// differ between the OTel 2.x and 3.x lines (3.x moved the logs API into @opentelemetry/api).
import type { Context } from '@opentelemetry/api';
import { addBreadcrumb, getClient } from '../src/api.js';
import { parseStackFrames } from '../src/event/stack-parser.js';
import { briefFields, LEVEL_VALUES, type LogLevelName, truncate } from '../src/integrations/log-capture.js';
import { activeSetup, readOption } from '../src/integrations/shared.js';
import { captureLog } from '../src/logs/capture.js';
import type { LogLevel } from '../src/logs/types.js';
import type { Event, ExceptionValue, SeverityLevel } from '../src/protocol/types.js';
import { exceptionKey, loggedExceptionKey, recentExceptions } from '../src/recent-exceptions.js';
import { getScopes } from '../src/scope-context.js';
import type { EventHint } from '../src/types.js';
import { debug, sdkLogging } from '../src/utils/debug.js';
import { safeGet } from '../src/utils/is.js';
import { nameFromStack } from './span-to-event.js';

export const LOG_MECHANISM_TYPE = 'auto.otel.log';
const MAX_MESSAGE = 8192;

/** What this processor reads of a log record (sdk-logs `ReadableLogRecord`, 2.x and 3.x lines). */
export interface LogRecordLike {
  readonly hrTime?: readonly [number, number];
  readonly spanContext?: { traceId: string; spanId: string };
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly body?: unknown;
  readonly eventName?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
  readonly resource?: { attributes?: Readonly<Record<string, unknown>> };
  readonly instrumentationScope?: { name?: string; version?: string };
}

export interface SentryLogRecordProcessorOptions {
  /** Records at this level and above become breadcrumbs; `false`: none. Default `'info'`. */
  breadcrumbLevel?: LogLevelName | false;
  /** Records at this level and above become events; `false`: only records with an exception. Default `'error'`. */
  eventLevel?: LogLevelName | false;
}

/** OTel severity numbers: TRACE 1-4, DEBUG 5-8, INFO 9-12, WARN 13-16, ERROR 17-20, FATAL 21-24. */
const SEVERITY_FLOOR: Record<number, number> = { 10: 1, 20: 5, 30: 9, 40: 13, 50: 17, 60: 21 };
const NEVER = Number.POSITIVE_INFINITY;
/**
 * Records the OTel logger instrumentations send, by the otel-sentry integration that already
 * reports the same log calls (with the original Error and the caller's scope): while that
 * integration is active, its logger's records are left to it, so each call is reported once.
 */
const LOGGER_INTEGRATIONS: Record<string, string> = {
  '@opentelemetry/instrumentation-pino': 'Pino',
  '@opentelemetry/instrumentation-winston': 'Winston',
  '@opentelemetry/winston-transport': 'Winston',
  '@opentelemetry/instrumentation-bunyan': 'Bunyan',
};

export class SentryLogRecordProcessor {
  private readonly _breadcrumbFrom: number;
  private readonly _eventFrom: number;
  private _shutdown = false;
  private _busy = false;

  constructor(options: SentryLogRecordProcessorOptions = {}) {
    const valid = (v: unknown) => v === false || (typeof v === 'string' && v in LEVEL_VALUES);
    const expected = `one of ${Object.keys(LEVEL_VALUES).join(', ')} or false`;
    const floor = (v: LogLevelName | false) =>
      v === false ? NEVER : (SEVERITY_FLOOR[LEVEL_VALUES[v]] ?? NEVER);
    const name = 'SentryLogRecordProcessor: ';
    this._breadcrumbFrom = floor(readOption(name, options, 'breadcrumbLevel', valid, 'info', expected));
    this._eventFrom = floor(readOption(name, options, 'eventLevel', valid, 'error', expected));
  }

  onEmit(logRecord: LogRecordLike, context?: Context): void {
    if (this._shutdown || this._busy || sdkLogging.active) return;
    this._busy = true; // a beforeSend that logs through OTel must not record itself
    try {
      const client = getClient();
      if (!client?.isEnabled() || typeof logRecord !== 'object' || logRecord === null) return;
      const integration = LOGGER_INTEGRATIONS[String(safeGet(logRecord.instrumentationScope, 'name'))];
      if (integration && activeSetup(integration)) return;
      const attributes = objectOr(safeGet(logRecord, 'attributes'));
      const severity = severityNumber(logRecord);
      if (client.options.enableLogs) sentryLog(logRecord, attributes, severity);
      const hasException =
        attributes['exception.type'] !== undefined ||
        attributes['exception.message'] !== undefined ||
        attributes['exception.stacktrace'] !== undefined;
      if (hasException || severity >= this._eventFrom) {
        const built = buildEvent(logRecord, attributes, severity, hasException);
        if (built) client.captureEvent(built.event, built.hint, context ? getScopes(context) : getScopes());
      } else if (severity >= this._breadcrumbFrom) {
        const data = briefFields(attributes);
        addBreadcrumb(
          {
            type: 'default',
            category: logRecord.instrumentationScope?.name || 'otel.log',
            level: levelOf(severity),
            message: truncate(bodyText(logRecord.body), MAX_MESSAGE),
            ...(data && { data }),
          },
          { log_record: logRecord },
        );
      }
    } catch (err) {
      debug.error('SentryLogRecordProcessor.onEmit failed:', err);
    } finally {
      this._busy = false;
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this._shutdown = true;
    return Promise.resolve();
  }
}

/** With `enableLogs`, the record is also a Sentry Log, on the record's own time and trace. */
function sentryLog(record: LogRecordLike, attributes: Record<string, unknown>, severity: number): void {
  const sc = record.spanContext;
  const valid =
    typeof sc?.traceId === 'string' && /^[0-9a-f]{32}$/.test(sc.traceId) && !/^0+$/.test(sc.traceId);
  const scope = record.instrumentationScope?.name;
  captureLog({
    level: sentryLevelOf(severity),
    message: bodyText(record.body),
    attributes: {
      ...attributes,
      ...(scope && { 'otel.scope.name': scope }),
      'sentry.origin': 'auto.log.otel',
    },
    ...(severity > 0 && { severity }),
    ...(record.hrTime && { time: record.hrTime[0] + record.hrTime[1] / 1e9 }),
    ...(valid && { traceId: sc?.traceId, spanId: sc?.spanId }),
  });
}

function sentryLevelOf(severity: number): LogLevel {
  if (severity >= 21) return 'fatal';
  if (severity >= 17) return 'error';
  if (severity >= 13) return 'warn';
  if (severity >= 9) return 'info';
  if (severity >= 5 || severity === 0) return severity === 0 ? 'info' : 'debug';
  return 'trace';
}

function buildEvent(
  record: LogRecordLike,
  a: Record<string, unknown>,
  severity: number,
  hasException: boolean,
): { event: Event; hint: EventHint } | undefined {
  const traceId = record.spanContext?.traceId ?? '';
  const timeMs = record.hrTime ? record.hrTime[0] * 1000 + record.hrTime[1] / 1e6 : Date.now();
  const message = bodyText(record.body);
  const level = hasException && severity === 0 ? 'error' : levelOf(severity);
  const event: Event = {
    level,
    logger: record.instrumentationScope?.name || undefined,
    logentry: { formatted: truncate(message, MAX_MESSAGE) },
    timestamp: timeMs / 1000,
    contexts: {
      otel: {
        attributes: { ...a },
        resource: { ...objectOr(safeGet(record.resource, 'attributes')) },
      },
    },
  };
  const mechanism = { type: LOG_MECHANISM_TYPE, handled: true };
  const hint: EventHint = { log_record: record, mechanism };
  if (record.spanContext?.traceId && record.spanContext.spanId) {
    event.contexts = {
      ...event.contexts,
      trace: { trace_id: record.spanContext.traceId, span_id: record.spanContext.spanId },
    };
  }
  if (hasException) {
    // Sent once: the same exception as a span event, or logged through a logger integration.
    const store = recentExceptions();
    const exact = store.seen(exceptionKey(traceId, a), timeMs);
    const loose = store.seen(
      loggedExceptionKey(traceId, a['exception.stacktrace'], a['exception.message']),
      timeMs,
    );
    if (exact || loose) return undefined;
    const value = exceptionValue(a, mechanism);
    event.exception = { values: [value] };
    const synthetic = new Error(value.value);
    synthetic.name = value.type ?? 'Error';
    if (typeof a['exception.stacktrace'] === 'string') synthetic.stack = a['exception.stacktrace'];
    hint.originalException = synthetic;
  }
  return { event, hint };
}

function exceptionValue(a: Record<string, unknown>, mechanism: ExceptionValue['mechanism']): ExceptionValue {
  const message = typeof a['exception.message'] === 'string' ? a['exception.message'] : '';
  const stack = typeof a['exception.stacktrace'] === 'string' ? a['exception.stacktrace'] : undefined;
  const otelType = typeof a['exception.type'] === 'string' ? a['exception.type'] : undefined;
  const type = otelType ?? nameFromStack(stack, message) ?? 'Error';
  const value: ExceptionValue = { type, value: message, mechanism };
  const frames = parseStackFrames(stack);
  if (frames.length > 0) value.stacktrace = { frames };
  return value;
}

/** The severity number, or one read from the severity text (`ERROR`, `warn`); 0 when unknown. */
function severityNumber(record: LogRecordLike): number {
  const n = record.severityNumber;
  if (typeof n === 'number' && n > 0) return n;
  const text = typeof record.severityText === 'string' ? record.severityText.toLowerCase() : '';
  const value = LEVEL_VALUES[text as LogLevelName];
  return value === undefined ? 0 : (SEVERITY_FLOOR[value] ?? 0);
}

function levelOf(severity: number): SeverityLevel {
  if (severity >= 21) return 'fatal';
  if (severity >= 17) return 'error';
  if (severity >= 13) return 'warning';
  if (severity >= 9) return 'info';
  return 'debug';
}

function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  try {
    return JSON.stringify(body) ?? String(body);
  } catch {
    return String(body);
  }
}

function objectOr(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
