// winston records become breadcrumbs and events. Every winston logger writes its records, as
// `info` objects, through `Logger.prototype.write` (child loggers call their parent's); we add
// an own `write` to winston's Logger class (lib/winston/logger.js) when winston loads, or at once
// when it was loaded before `init`: loggers made before `init` are covered too. It reads the
// `info` before winston's formats run (the message is still the template, its parameters in
// `info[SPLAT]`), then calls the stream's write with exactly what it was given: output unchanged.
import { format } from 'node:util';
import type { Integration } from '../integration.js';
import { debug, sdkLogging } from '../utils/debug.js';
import { isError, isPlainObject, safeGet } from '../utils/is.js';
import {
  type LoggerIntegrationOptions,
  type LogSetup,
  loggerIntegration,
  recordLog,
  setupReader,
} from './log-capture.js';

const NAME = 'Winston';
const WRAPPED = Symbol.for('otel-sentry.winston-write.original');
const SPLAT = Symbol.for('splat');
/** Not breadcrumb data: the message and level, and what winston copies from a logged Error. */
const OMIT: ReadonlySet<string> = new Set(['level', 'message', 'stack', 'cause']);

/** winston's level names (npm, syslog and cli sets) on the 10 … 60 scale. */
const LEVELS: Record<string, number> = {
  emerg: 60,
  alert: 60,
  crit: 60,
  error: 50,
  warn: 40,
  warning: 40,
  notice: 30,
  info: 30,
  help: 30,
  data: 30,
  http: 25,
  verbose: 20,
  debug: 20,
  prompt: 20,
  input: 20,
  silly: 10,
};

/** `log_record` for winston: the `info` object the logger writes. */
export type WinstonLogRecord = Record<string | symbol, unknown> & { level: string; message: unknown };

export function winstonIntegration(options: LoggerIntegrationOptions = {}): Integration {
  return loggerIntegration(NAME, 'winston', 'lib/winston/logger.js', false, patchLogger, options);
}

const activeSetup = setupReader(NAME);

type Write = (this: object, ...args: unknown[]) => unknown;

function patchLogger(Logger: unknown): void {
  const proto = safeGet(Logger, 'prototype') as Record<string | symbol, unknown> | undefined;
  const original = proto?.write;
  if (!proto || typeof original !== 'function' || WRAPPED in original) return;
  const write: Write = function write(this: object, ...args: unknown[]) {
    if (!busy && !sdkLogging.active) {
      const setup = activeSetup();
      if (setup) {
        busy = true;
        try {
          observe(setup, this, args[0]);
        } catch (err) {
          debug.error('winston record could not be read:', err);
        } finally {
          busy = false;
        }
      }
    }
    return Reflect.apply(original, this, args);
  };
  Object.defineProperty(write, WRAPPED, { value: original });
  Object.defineProperty(proto, 'write', {
    value: write,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  debug.log('winston is instrumented');
}

// A `beforeSend` or transport that logs through winston must not record itself.
let busy = false;

function observe({ client, options }: LogSetup, logger: object, info: unknown): void {
  if (typeof info !== 'object' || info === null) return;
  const record = info as WinstonLogRecord;
  const levelName = record.level;
  if (typeof levelName !== 'string') return;
  const level = LEVELS[levelName] ?? 30;
  // With `enableLogs` every level is a Sentry Log; else only breadcrumb and event levels are read.
  if (!client.options.enableLogs && level < options.breadcrumb && level < options.event) return;
  // winston writes every record to its transports, which filter by level: do as they do.
  const enabled = safeGet(logger, 'isLevelEnabled');
  if (typeof enabled === 'function' && enabled.call(logger, levelName) === false) return;
  const splat = record[SPLAT];
  const params = Array.isArray(splat) ? splat.filter((p) => !isPlainObject(p) && !isError(p)) : [];
  const template = typeof record.message === 'string' ? record.message : String(record.message ?? '');
  recordLog(client, options, {
    source: 'winston',
    level,
    logger: serviceOf(logger),
    message: params.length > 0 && template.includes('%') ? format(template, ...params) : template,
    template,
    params,
    // Objects after the message's parameters are metadata: winston's splat format merges them.
    fields:
      Array.isArray(splat) && splat.some(isPlainObject)
        ? Object.assign({}, ...splat.filter(isPlainObject), record)
        : record,
    omit: OMIT,
    error: level >= options.event ? errorOf(record, splat) : undefined,
    record,
  });
}

/** `logger.error(err)` writes the Error itself; `logger.error('msg', err)` keeps it in SPLAT. */
function errorOf(record: WinstonLogRecord, splat: unknown): unknown {
  if (isError(record)) return record;
  if (Array.isArray(splat)) {
    const found = splat.find(isError);
    if (found) return found;
  }
  for (const key of ['error', 'err']) if (isError(record[key])) return record[key];
  return undefined;
}

/** winston loggers have no name: `defaultMeta.service` is the usual one. */
function serviceOf(logger: object): string | undefined {
  const service = safeGet(safeGet(logger, 'defaultMeta'), 'service');
  return typeof service === 'string' ? service : undefined;
}
