// pino records become breadcrumbs and events. pino's records all go through one prototype
// method, `asJson(obj, msg, level, time)`, which returns the JSON line; we wrap it on pino's
// shared prototype (lib/proto.js) when pino loads, or at once when it was loaded before `init`,
// so every logger, made before or after `init`, is covered. The wrapper returns the line it was
// given and reads only: pino's output is unchanged. It runs on the log call's stack, so its
// scopes and active span are those of the code that logged. The line is the record's detached
// copy: breadcrumbs keep it and parse it only when an event is sent.
// (pino >= 9.10 also publishes `tracing:pino_asJson`: subscribing there makes pino trace every
// record through the channel, measured at about 10% of a record written to a file before doing
// anything; the wrapper costs a function call.)
import type { Client } from '../client.js';
import type { Integration } from '../integration.js';
import { captureLoggerRecord } from '../logs/from-logger.js';
import { debug, sdkLogging } from '../utils/debug.js';
import { isError } from '../utils/is.js';
import { parseLine } from './log-breadcrumb.js';
import {
  acceptsLogger,
  keepBreadcrumb,
  type LoggerIntegrationOptions,
  loggerIntegration,
  type ResolvedLogOptions,
  recordLog,
  setupReader,
} from './log-capture.js';

const NAME = 'Pino';
const WRAPPED = Symbol.for('otel-sentry.pino-asJson.original');
/** Printed by pino for every record: not breadcrumb data. */
const PINO_KEYS = ['level', 'time', 'pid', 'hostname', 'name'];

/** `log_record` for pino: the record as pino printed it (its JSON line, parsed). */
export type PinoLogRecord = Record<string, unknown> & { level: number };

export function pinoIntegration(options: LoggerIntegrationOptions = {}): Integration {
  return loggerIntegration(NAME, 'pino', 'lib/proto.js', false, patchProto, options);
}

const activeSetup = setupReader(NAME);

type AsJson = (this: object, obj: unknown, msg: unknown, num: unknown, time: unknown) => unknown;

/** pino's settings live under its own (per copy of pino) symbols, found once from a logger. */
interface PinoSymbols {
  chindings?: symbol;
  errorKey?: symbol;
  messageKey?: symbol;
}

/** `lib/proto.js` exports a factory of `Object.create(prototype)`. */
function patchProto(factory: unknown): void {
  if (typeof factory !== 'function') return;
  const proto = Object.getPrototypeOf((factory as () => object)()) as Record<symbol, unknown> | null;
  if (!proto) return;
  const key = Object.getOwnPropertySymbols(proto).find((s) => s.description === 'pino.asJson');
  const original = key && proto[key];
  if (!key || typeof original !== 'function' || WRAPPED in original) return;
  proto[key] = wrap(original as AsJson);
  debug.log('pino is instrumented');
}

function wrap(original: AsJson): AsJson {
  const symbols: PinoSymbols = {};
  const asJson: AsJson = function asJson(this: object, obj, msg, num, time) {
    const line = original.call(this, obj, msg, num, time);
    if (!busy && typeof num === 'number' && typeof line === 'string' && !sdkLogging.active) {
      const setup = activeSetup();
      const { client, options } = setup ?? {};
      // With `enableLogs` every level is a Sentry Log; else only breadcrumb and event levels are read.
      if (
        client &&
        options &&
        (client.options.enableLogs || num >= options.breadcrumb || num >= options.event)
      ) {
        busy = true;
        try {
          observe(client, options, symbols, this, obj, msg, num, line);
        } catch (err) {
          debug.error('pino record could not be read:', err);
        } finally {
          busy = false;
        }
      }
    }
    return line;
  };
  Object.defineProperty(asJson, WRAPPED, { value: original });
  return asJson;
}

// A `beforeSend` or transport that logs through pino must not record itself.
let busy = false;

function observe(
  client: Client,
  options: ResolvedLogOptions,
  symbols: PinoSymbols,
  instance: object,
  obj: unknown,
  msg: unknown,
  level: number,
  line: string,
): void {
  const logger = loggerOf(symbols, instance);
  const message = typeof msg === 'string' ? msg : typeof msg === 'number' ? String(msg) : '';
  if (level < options.event && !client.options.beforeBreadcrumb) {
    if (client.options.enableLogs && acceptsLogger(options, logger.name)) {
      const call = { source: 'pino', level, logger: logger.name, message, line, omit: logger.omit };
      captureLoggerRecord(client, call, parseLine);
    }
    // Most records: a breadcrumb no one looks at before an event is sent.
    if (
      level >= options.breadcrumb &&
      client.options.maxBreadcrumbs > 0 &&
      acceptsLogger(options, logger.name)
    ) {
      keepBreadcrumb(client, level, logger.name ?? 'pino', message, line, logger.omit);
    }
    return;
  }
  const error =
    level >= options.event && typeof obj === 'object' && obj !== null
      ? (obj as Record<string, unknown>)[logger.errorKey]
      : undefined;
  recordLog(client, options, {
    source: 'pino',
    level,
    logger: logger.name,
    message,
    line,
    omit: logger.omit,
    error: isError(error) ? error : undefined,
  });
}

interface LoggerInfo {
  instance: object | undefined;
  bindings: unknown;
  name: string | undefined;
  errorKey: string;
  omit: ReadonlySet<string>;
}

// What a logger's records share, kept for the last logger seen: most records come from the same.
let last: LoggerInfo = {
  instance: undefined,
  bindings: undefined,
  name: undefined,
  errorKey: 'err',
  omit: new Set(),
};

function loggerOf(symbols: PinoSymbols, instance: object): LoggerInfo {
  if (symbols.chindings === undefined) findSymbols(instance, symbols);
  const bindings = read(instance, symbols.chindings);
  if (instance === last.instance && bindings === last.bindings) return last;
  const errorKey = stringOr(read(instance, symbols.errorKey), 'err');
  const messageKey = stringOr(read(instance, symbols.messageKey), 'msg');
  last = {
    instance,
    bindings,
    name: nameOf(bindings),
    errorKey,
    omit: new Set([...PINO_KEYS, errorKey, messageKey]),
  };
  return last;
}

function read(instance: object, sym: symbol | undefined): unknown {
  return sym ? (instance as Record<symbol, unknown>)[sym] : undefined;
}

function findSymbols(instance: object, out: PinoSymbols): void {
  for (let o: object | null = instance; o !== null; o = Object.getPrototypeOf(o)) {
    for (const s of Object.getOwnPropertySymbols(o)) {
      if (s.description === 'pino.chindings') out.chindings ??= s;
      else if (s.description === 'pino.errorKey') out.errorKey ??= s;
      else if (s.description === 'pino.messageKey') out.messageKey ??= s;
    }
  }
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

// The logger's `name` is in its serialised bindings (`,"pid":1,"name":"app"`): read it from
// there instead of parsing them all (`bindings()`).
function nameOf(bindings: unknown): string | undefined {
  if (typeof bindings !== 'string') return undefined;
  const at = bindings.lastIndexOf(',"name":"');
  if (at === -1) return undefined;
  const match = /^"(?:[^"\\]|\\.)*"/.exec(bindings.slice(at + 8));
  if (!match) return undefined;
  try {
    return JSON.parse(match[0]) as string;
  } catch {
    return undefined;
  }
}
