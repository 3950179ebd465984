// `consoleLoggingIntegration({ levels })`: console calls become Sentry Logs (with `enableLogs`),
// as @sentry/node's: origin `auto.log.console`, `console.log` at info with severity 10, a
// template and parameters for `console.info('text', a, b)`, an object's keys as attributes, and
// `console.assert` only when the assertion fails. Output is never changed: the original method
// is called exactly once, whatever our part does.
import { normalize } from '../event/normalize.js';
import type { Integration } from '../integration.js';
import { captureLog } from '../logs/capture.js';
import type { LogLevel } from '../logs/types.js';
import { debug, sdkLogging } from '../utils/debug.js';
import { isPlainObject } from '../utils/is.js';
import { activeSetup, markSetUp, readOption } from './shared.js';

const NAME = 'ConsoleLogs';
const ORIGIN = 'auto.log.console';
export type ConsoleLevel = 'debug' | 'info' | 'warn' | 'error' | 'log' | 'trace' | 'assert';
const ALL_LEVELS: readonly ConsoleLevel[] = ['debug', 'info', 'warn', 'error', 'log', 'trace', 'assert'];

export interface ConsoleLoggingOptions {
  /** Console methods whose calls become logs. Default: all of them. */
  levels?: ConsoleLevel[];
}

interface Setup {
  levels: ReadonlySet<string>;
  depth: number;
  breadth: number;
}

export function consoleLoggingIntegration(options: ConsoleLoggingOptions = {}): Integration {
  const levels = readOption<ConsoleLevel[]>(
    NAME,
    options,
    'levels',
    (v) => Array.isArray(v) && v.every((l) => ALL_LEVELS.includes(l)),
    [...ALL_LEVELS],
    `an array of ${ALL_LEVELS.join(', ')}`,
  );
  return {
    name: NAME,
    setupOnce() {
      const target = console as unknown as Record<string, unknown>;
      for (const method of ALL_LEVELS) {
        const original = target[method];
        if (typeof original !== 'function') continue;
        const wrapped = function (this: unknown, ...args: unknown[]): unknown {
          if (busy || sdkLogging.active) return Reflect.apply(original, this, args);
          busy = true; // one console call is one log (`console.assert` prints through `console.warn`)
          try {
            try {
              record(method, args);
            } catch (err) {
              debug.error('console call could not be logged:', err);
            }
            return Reflect.apply(original, this, args);
          } finally {
            busy = false;
          }
        };
        Object.defineProperty(wrapped, 'name', { value: original.name });
        target[method] = wrapped;
      }
    },
    setup(client) {
      if (!client.options.enableLogs) debug.warn('consoleLoggingIntegration does nothing without enableLogs');
      const { normalizeDepth: depth, normalizeMaxBreadth: breadth } = client.options;
      markSetUp(NAME, client, { levels: new Set(levels), depth, breadth } satisfies Setup);
    },
  };
}

let busy = false;

function record(method: ConsoleLevel, args: unknown[]): void {
  const setup = activeSetup<Setup>(NAME);
  if (!setup?.client.options.enableLogs || !setup.options.levels.has(method)) return;
  const { client, options } = setup;
  const norm = (v: unknown) => normalize(v, options.depth, options.breadth);
  const [first, ...rest] = args;
  if (method === 'assert') {
    if (first) return;
    const message = rest.length > 0 ? `Assertion failed: ${joinArgs(rest, norm)}` : 'Assertion failed';
    captureLog({ level: 'error', message, attributes: { 'sentry.origin': ORIGIN } }, client);
    return;
  }
  const attributes: Record<string, unknown> = { 'sentry.origin': ORIGIN };
  if (isPlainObject(first)) {
    Object.assign(attributes, norm(first));
    const params = args.slice(typeof args[1] === 'string' ? 2 : 1);
    params.forEach((p, i) => {
      attributes[`sentry.message.parameter.${i}`] = norm(p);
    });
  } else if (rest.length > 0 && typeof first === 'string' && !/%[sdifocO]/.test(first)) {
    attributes['sentry.message.template'] = `${first} ${rest.map(() => '{}').join(' ')}`;
    rest.forEach((p, i) => {
      attributes[`sentry.message.parameter.${i}`] = norm(p);
    });
  }
  const level: LogLevel = method === 'log' ? 'info' : method;
  captureLog(
    {
      level,
      message: joinArgs(args, norm),
      attributes,
      ...(method === 'log' && { severity: 10 }),
    },
    client,
  );
}

/** The body as @sentry/node writes it: primitives as text, objects as JSON, space-separated. */
function joinArgs(args: unknown[], norm: (v: unknown) => unknown): string {
  return args
    .map((a) => {
      if (a === null || (typeof a !== 'object' && typeof a !== 'function')) return String(a);
      try {
        return JSON.stringify(norm(a)) ?? String(a);
      } catch {
        return '[unserializable]';
      }
    })
    .join(' ');
}
