// What the pino, winston and bunyan integrations share: their options, one level scale, and the
// step from one log call to a breadcrumb or an event. Each integration only finds the parts of
// its logger's record (level, name, message, fields, the Error) and calls `recordLog` on the
// stack of the log call, so `getScopes()` and the active span are those of the code that logged.
// The logger's own record is never changed: fields are read, and copied into short detached forms.
import { inspect } from 'node:util';
import { addBreadcrumb, getClient } from '../api.js';
import { markCaptured, wasCaptured } from '../captured-errors.js';
import type { Client } from '../client.js';
import { eventFromMessage, eventFromUnknown } from '../event/from-error.js';
import type { Integration } from '../integration.js';
import { captureLoggerRecord } from '../logs/from-logger.js';
import type { Event, SeverityLevel } from '../protocol/types.js';
import { rememberException } from '../recent-exceptions.js';
import { getScopes } from '../scope-context.js';
import type { EventHint } from '../types.js';
import { debug } from '../utils/debug.js';
import { isError, safeGet } from '../utils/is.js';
import { LogBreadcrumb, logTimestamp, parseLine } from './log-breadcrumb.js';
import { patchWhenLoaded } from './module-hook.js';
import { activeSetup, markSetUp, readOption } from './shared.js';

/** Level names the options take, on pino's and bunyan's numeric scale. */
export const LEVEL_VALUES = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  warning: 40,
  error: 50,
  fatal: 60,
} as const;
export type LogLevelName = keyof typeof LEVEL_VALUES;

export interface LoggerIntegrationOptions {
  /** Records at this level and above become breadcrumbs; `false`: none. Default `'info'`. */
  breadcrumbLevel?: LogLevelName | false;
  /** Records at this level and above become events; `false`: none. Default `'error'`. */
  eventLevel?: LogLevelName | false;
  /** Only loggers with these names (pino's and bunyan's `name`, winston's `defaultMeta.service`). Default: all. */
  loggers?: string[];
}

/** The options as the hot path reads them: two numbers and a set. */
export interface ResolvedLogOptions {
  breadcrumb: number;
  event: number;
  loggers: Set<string> | undefined;
}

/** One log call, as an integration found it. */
export interface LogCall {
  /** `pino`, `winston`, `bunyan`: the mechanism, and the breadcrumb category of unnamed loggers. */
  source: string;
  /** On the 10 (trace) … 60 (fatal) scale. */
  level: number;
  logger: string | undefined;
  /** The message as the logger prints it. */
  message: string;
  /** The message before formatting, with its parameters, when the logger has them. */
  template?: string;
  params?: unknown[];
  /** The record's fields, for breadcrumb `data` and event `extra`. */
  fields?: Record<string, unknown> | undefined;
  /**
   * Or the JSON line the logger printed (pino): already a detached copy of the fields, parsed
   * only when an event is sent (most breadcrumbs never leave the process).
   */
  line?: string;
  /** Fields not copied: the message, level, time, and the one holding the Error. */
  omit?: ReadonlySet<string>;
  /** The Error logged, if any. */
  error?: unknown;
  /** `log_record`: the logger's own record object; with a `line` and none given, the line parsed. */
  record?: unknown;
}

// Breadcrumbs live in memory until an event is sent: bound what one record keeps.
const MAX_MESSAGE = 8192;
const MAX_FIELDS = 20;
const MAX_FIELD = 1000;
const NO_LEVEL = Number.POSITIVE_INFINITY;

export function resolveLogOptions(integration: string, options: unknown): ResolvedLogOptions {
  const level = (value: unknown) => value === false || (typeof value === 'string' && value in LEVEL_VALUES);
  const expected = `one of ${Object.keys(LEVEL_VALUES).join(', ')} or false`;
  const toNumber = (value: LogLevelName | false) => (value === false ? NO_LEVEL : LEVEL_VALUES[value]);
  const breadcrumb = readOption<LogLevelName | false>(
    integration,
    options,
    'breadcrumbLevel',
    level,
    'info',
    expected,
  );
  const event = readOption<LogLevelName | false>(
    integration,
    options,
    'eventLevel',
    level,
    'error',
    expected,
  );
  const names = readOption<string[] | undefined>(
    integration,
    options,
    'loggers',
    (v) => Array.isArray(v) && v.every((n) => typeof n === 'string'),
    undefined,
    'an array of logger names',
  );
  return { breadcrumb: toNumber(breadcrumb), event: toNumber(event), loggers: names && new Set(names) };
}

export interface LogSetup {
  client: Client;
  options: ResolvedLogOptions;
}

/**
 * `activeSetup(name)` for a logger's hot path: the answer is kept while the live client stays
 * the same (a new `init` makes a new client).
 */
/**
 * A logger's integration: its module (`pkg`/`file`) patched when the app loads it (`main`: the
 * package's main module, else that file), the options recorded for each client it is set up with.
 */
export function loggerIntegration(
  name: string,
  pkg: string,
  file: string,
  main: boolean,
  patch: (exports: unknown) => void,
  options: unknown,
): Integration {
  const resolved = resolveLogOptions(pkg, options);
  return {
    name,
    setupOnce() {
      patchWhenLoaded(pkg, file, main, patch);
    },
    setup(client) {
      markSetUp(name, client, resolved);
    },
  };
}

export function setupReader(name: string): () => LogSetup | undefined {
  let client: Client | undefined;
  let setup: LogSetup | undefined;
  return () => {
    const live = getClient();
    if (live !== client || setup === undefined) {
      client = live;
      setup = activeSetup<ResolvedLogOptions>(name);
    }
    return setup?.client.isEnabled() ? setup : undefined;
  };
}

export function acceptsLogger(options: ResolvedLogOptions, logger: string | undefined): boolean {
  return options.loggers === undefined || (logger !== undefined && options.loggers.has(logger));
}

export function severityOf(level: number): SeverityLevel {
  if (level >= 60) return 'fatal';
  if (level >= 50) return 'error';
  if (level >= 40) return 'warning';
  if (level >= 30) return 'info';
  return 'debug';
}

/** Records one log call as an event (at `eventLevel` and above) or a breadcrumb. Never throws. */
export function recordLog(client: Client, options: ResolvedLogOptions, call: LogCall): void {
  try {
    if (!acceptsLogger(options, call.logger)) return;
    // With `enableLogs`, every record is also a Sentry Log (as @sentry/node's logger integrations).
    if (client.options.enableLogs) captureLoggerRecord(client, call, parseLine);
    if (call.level >= options.event) captureLog(client, call);
    else if (call.level >= options.breadcrumb) breadcrumbLog(client, call);
  } catch (err) {
    debug.error(`${call.source} record could not be recorded:`, err);
  }
}

function breadcrumbLog(client: Client, call: LogCall): void {
  const { beforeBreadcrumb, maxBreadcrumbs } = client.options;
  if (!beforeBreadcrumb) {
    if (maxBreadcrumbs > 0)
      keepBreadcrumb(
        client,
        call.level,
        call.logger ?? call.source,
        call.message,
        call.line,
        call.omit,
        call.line ? undefined : fieldsOf(call),
      );
    return;
  }
  // Someone looks at each breadcrumb now: give a plain one, with the logger's record.
  const crumb = logBreadcrumb(
    client,
    call.level,
    call.logger ?? call.source,
    call.message,
    call.line,
    call.omit,
  );
  if (!call.line) crumb.setData(fieldsOf(call));
  addBreadcrumb(crumb.toJSON(), { log_record: recordOf(call) });
}

/**
 * The hot path, for records no `beforeBreadcrumb` looks at: straight into the isolation scope
 * active where the log call runs. `line`: the JSON line the fields are read from when an event
 * is sent; else `data`, already read.
 */
export function keepBreadcrumb(
  client: Client,
  level: number,
  category: string,
  message: string,
  line: string | undefined,
  omit: ReadonlySet<string> | undefined,
  data?: Record<string, unknown>,
): void {
  const crumb = logBreadcrumb(client, level, category, message, line, omit);
  if (data) crumb.setData(data);
  getScopes().isolation.addBreadcrumb(crumb, client.options.maxBreadcrumbs);
}

function logBreadcrumb(
  client: Client,
  level: number,
  category: string,
  message: string,
  line: string | undefined,
  omit: ReadonlySet<string> | undefined,
): LogBreadcrumb {
  const type = level >= 50 ? 'error' : 'default';
  // Cut to the event's limit here, so the pipeline never copies the breadcrumb (and its lazy `data`).
  const max = Math.min(MAX_MESSAGE, client.options.maxValueLength);
  return new LogBreadcrumb(
    logTimestamp(),
    type,
    category,
    severityOf(level),
    truncate(message, max),
    line,
    omit,
  );
}

function recordOf(call: LogCall): unknown {
  return call.record === undefined && call.line !== undefined ? parseLine(call.line) : call.record;
}

function fieldsOf(call: LogCall): Record<string, unknown> | undefined {
  try {
    const fields = call.line === undefined ? call.fields : parseLine(call.line);
    return fields && briefFields(fields, call.omit);
  } catch (err) {
    debug.error(`${call.source} record fields could not be read:`, err);
    return undefined;
  }
}

function captureLog(client: Client, call: LogCall): void {
  const level = severityOf(call.level);
  const error = isError(call.error) ? call.error : undefined;
  // Logged twice, or captured before it was logged: one event.
  if (error && wasCaptured(error)) return;
  const hint: EventHint = {
    log_record: recordOf(call),
    mechanism: { type: `auto.log.${call.source}`, handled: true },
  };
  const { attachStacktrace } = client.options;
  let event: Event;
  if (error) {
    hint.originalException = error;
    // As for captureException: the LinkedErrors integration adds the `cause` chain.
    event = eventFromUnknown(error, hint, { attachStacktrace, linkedErrorsLimit: 0 });
  } else {
    hint.syntheticException = new Error(truncate(call.message, 200));
    event = eventFromMessage(truncate(call.message, MAX_MESSAGE), level, hint, { attachStacktrace });
  }
  event.level = level;
  event.logger = call.logger ?? call.source;
  const formatted = truncate(call.message, MAX_MESSAGE);
  delete event.message; // the logentry below carries the text (and the template): one field, not two
  event.logentry =
    call.template !== undefined && call.params && call.params.length > 0
      ? { formatted, message: truncate(call.template, MAX_MESSAGE), params: call.params.map(brief) }
      : { formatted };
  const extra = fieldsOf(call);
  if (extra) event.extra = { ...event.extra, ...extra };
  const id = client.captureEvent(event, hint);
  if (error && id) {
    markCaptured(error, id);
    // The same Error also arriving as an OTel log record or span event (strings only) is not sent again.
    rememberException(error);
  }
}

/** Short, JSON-safe, detached copies of a record's fields (the record may change or be huge). */
export function briefFields(
  fields: Record<string, unknown>,
  omit?: ReadonlySet<string>,
): Record<string, unknown> | undefined {
  let keys: string[];
  try {
    keys = Object.keys(fields);
  } catch {
    return undefined;
  }
  if (keys.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of keys) {
    if (count >= MAX_FIELDS) break;
    if (omit?.has(key)) continue;
    const value = safeGet(fields, key); // undefined too when a getter throws
    if (value === undefined || typeof value === 'function') continue;
    out[key] = brief(value);
    count++;
  }
  return count > 0 ? out : undefined;
}

function brief(value: unknown): unknown {
  if (typeof value === 'string') return truncate(value, MAX_FIELD);
  if (typeof value === 'boolean' || value === null || (typeof value === 'number' && Number.isFinite(value)))
    return value;
  if (isError(value)) return truncate(`${safeGet(value, 'name')}: ${safeGet(value, 'message')}`, MAX_FIELD);
  try {
    const text = inspect(value, {
      depth: 2,
      maxArrayLength: 20,
      maxStringLength: 200,
      breakLength: Infinity,
    });
    return truncate(text, MAX_FIELD);
  } catch {
    return '[unreadable]';
  }
}

export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
