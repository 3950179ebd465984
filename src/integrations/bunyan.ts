// bunyan records become breadcrumbs and events. bunyan's level methods (`log.info(...)`) build
// the record and hand it to `Logger.prototype._emit`; we wrap both on bunyan's Logger class when
// bunyan loads, or at once when it was loaded before `init`: loggers made before `init` (and
// their children) are covered. The level method keeps the call's arguments (the Error itself
// and the message template: the record only has them serialised) for `_emit`, which reads the
// record, then emits it unchanged: output unchanged.
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

const NAME = 'Bunyan';
const WRAPPED = Symbol.for('otel-sentry.bunyan.original');
const METHODS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
/** Printed by bunyan for every record: not breadcrumb data. */
const OMIT: ReadonlySet<string> = new Set([
  'name',
  'hostname',
  'pid',
  'level',
  'msg',
  'time',
  'v',
  'err',
  'src',
]);

/** `log_record` for bunyan: the record object bunyan emits to its streams. */
export type BunyanLogRecord = Record<string, unknown> & { level: number; msg: string; name: string };

export function bunyanIntegration(options: LoggerIntegrationOptions = {}): Integration {
  return loggerIntegration(NAME, 'bunyan', 'lib/bunyan.js', true, patchLogger, options);
}

const activeSetup = setupReader(NAME);

type Method = (this: object, ...args: unknown[]) => unknown;

/** The arguments of the level method running now (its `_emit` reads them). */
let callArgs: unknown[] | undefined;
// A `beforeSend` or transport that logs through bunyan must not record itself.
let busy = false;

function patchLogger(Logger: unknown): void {
  const proto = safeGet(Logger, 'prototype') as Record<string, unknown> | undefined;
  const emit = proto?._emit;
  if (!proto || typeof emit !== 'function' || WRAPPED in emit) return;
  for (const name of METHODS) {
    const original = proto[name];
    if (typeof original !== 'function') continue;
    proto[name] = mark(function (this: object, ...args: unknown[]) {
      const outer = callArgs;
      callArgs = args;
      try {
        return Reflect.apply(original, this, args);
      } finally {
        callArgs = outer;
      }
    }, original);
  }
  proto._emit = mark(function _emit(this: object, ...args: unknown[]) {
    const call = callArgs;
    callArgs = undefined; // one record per level call
    if (call && !busy && !sdkLogging.active) {
      const setup = activeSetup();
      if (setup) {
        busy = true;
        try {
          observe(setup, args[0], call);
        } catch (err) {
          debug.error('bunyan record could not be read:', err);
        } finally {
          busy = false;
        }
      }
    }
    return Reflect.apply(emit, this, args);
  }, emit);
  debug.log('bunyan is instrumented');
}

function mark(fn: Method, original: unknown): Method {
  Object.defineProperty(fn, WRAPPED, { value: original });
  return fn;
}

function observe({ client, options }: LogSetup, rec: unknown, args: unknown[]): void {
  if (typeof rec !== 'object' || rec === null) return;
  const record = rec as BunyanLogRecord;
  const level = record.level;
  if (typeof level !== 'number') return;
  // With `enableLogs` every level is a Sentry Log; else only breadcrumb and event levels are read.
  if (!client.options.enableLogs && level < options.breadcrumb && level < options.event) return;
  // log.info(err, 'msg %s', x) · log.info({ err, a }, 'msg %s', x) · log.info('msg %s', x)
  const first = args[0];
  const error = isError(first) ? first : isPlainObject(first) && isError(first.err) ? first.err : undefined;
  const rest = isError(first) || (typeof first === 'object' && first !== null) ? args.slice(1) : args;
  const template = typeof rest[0] === 'string' ? rest[0] : undefined;
  recordLog(client, options, {
    source: 'bunyan',
    level,
    logger: typeof record.name === 'string' ? record.name : undefined,
    message: typeof record.msg === 'string' ? record.msg : '',
    template,
    params: template === undefined ? undefined : rest.slice(1),
    fields: record,
    omit: OMIT,
    error: level >= options.event ? error : undefined,
    record,
  });
}
