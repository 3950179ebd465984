// A logger integration's record (pino, winston, bunyan) or an OpenTelemetry log record as a
// Sentry Log, as @sentry/node's pino and winston integrations send them: the record's fields as
// attributes, `sentry.origin` `auto.log.<logger>`. Fields given as a JSON line are parsed at flush.
import type { Client } from '../client.js';
import { isError, safeGet } from '../utils/is.js';
import { captureLog } from './capture.js';
import type { LogLevel } from './types.js';

export interface LoggerRecord {
  /** `pino`, `winston`, `bunyan`, `otel`. */
  source: string;
  /** On pino's 10 (trace) … 60 (fatal) scale. */
  level: number;
  logger?: string | undefined;
  message: string;
  template?: string | undefined;
  params?: unknown[] | undefined;
  fields?: Record<string, unknown> | undefined;
  line?: string | undefined;
  omit?: ReadonlySet<string> | undefined;
  error?: unknown;
}

export function levelOfNumber(level: number): LogLevel {
  if (level >= 60) return 'fatal';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warn';
  if (level >= 30) return 'info';
  if (level >= 20) return 'debug';
  return 'trace';
}

/** Sends the record as a Sentry Log when the client has `enableLogs`. Never throws. */
export function captureLoggerRecord(
  client: Client,
  record: LoggerRecord,
  parse: (line: string) => unknown,
): void {
  if (!client.options.enableLogs) return;
  const { line, omit, error } = record;
  // Copied now: the logger's record may change once the call returns. A JSON line is already a copy.
  const attributes: Record<string, unknown> = line === undefined ? copyFields(record.fields, omit) : {};
  if (isError(error)) {
    attributes['exception.type'] = safeGet(error, 'name');
    attributes['exception.message'] = safeGet(error, 'message');
  }
  if (record.logger) attributes['logger.name'] = record.logger;
  attributes['sentry.origin'] = `auto.log.${record.source}`;
  const hasTemplate =
    record.template !== undefined && record.params !== undefined && record.params.length > 0;
  captureLog(
    {
      level: levelOfNumber(record.level),
      message: record.message,
      attributes,
      ...(line !== undefined && { lazyAttributes: () => copyFields(parse(line), omit) }),
      ...(hasTemplate && { template: record.template, params: record.params }),
    },
    client,
  );
}

function copyFields(fields: unknown, omit: ReadonlySet<string> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (fields === null || typeof fields !== 'object') return out;
  let keys: string[] = [];
  try {
    keys = Object.keys(fields);
  } catch {
    return out;
  }
  for (const key of keys) {
    if (omit?.has(key)) continue;
    const value = safeGet(fields, key);
    if (value !== undefined && typeof value !== 'function') out[key] = value;
  }
  return out;
}
