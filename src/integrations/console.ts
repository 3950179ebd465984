// Console calls become breadcrumbs (the Node counterpart of the seed's logging breadcrumbs), with
// the `log_record` hint: `{ level, args, method }`, args being the original arguments.
// Output is never changed: the original method is called exactly once, whatever our part does.
import { format, inspect } from 'node:util';
import { addBreadcrumb } from '../api.js';
import type { Integration } from '../integration.js';
import type { SeverityLevel } from '../protocol/types.js';
import { debug, sdkLogging } from '../utils/debug.js';
import { activeSetup, markSetUp } from './shared.js';

const NAME = 'Console';
const ORIGINAL = Symbol.for('otel-sentry.console-original');
const LEVELS = {
  log: 'log', // as @sentry/node: console.log breadcrumbs keep level 'log'
  info: 'info',
  warn: 'warning',
  error: 'error',
  debug: 'debug',
  trace: 'debug',
} as const satisfies Record<string, SeverityLevel>;
type Method = keyof typeof LEVELS;

// Breadcrumbs are kept in memory until an event is sent: bound what one console call holds.
const MAX_MESSAGE = 8192;
const MAX_ARGS = 10;
const MAX_ARG = 500;

/** `log_record`, the hint `beforeBreadcrumb` receives with console breadcrumbs. */
export interface ConsoleLogRecord {
  level: SeverityLevel;
  method: Method;
  args: unknown[];
}

export function consoleIntegration(): Integration {
  return {
    name: NAME,
    setupOnce() {
      const target = console as unknown as Record<string, unknown>;
      for (const method of Object.keys(LEVELS) as Method[]) {
        const original = target[method];
        if (typeof original !== 'function') continue;
        const wrapped = function (this: unknown, ...args: unknown[]): unknown {
          if (busy) return Reflect.apply(original, this, args);
          busy = true;
          try {
            record(method, args);
            return Reflect.apply(original, this, args);
          } finally {
            busy = false;
          }
        };
        Object.defineProperty(wrapped, 'name', { value: original.name });
        Object.defineProperty(wrapped, ORIGINAL, { value: original });
        target[method] = wrapped;
      }
    },
    setup(client) {
      markSetUp(NAME, client, {});
    },
  };
}

// Set during a console call: a `beforeBreadcrumb` that logs must not recurse, and one call is one
// breadcrumb (`console.trace` prints through `console.error`).
let busy = false;

function record(method: Method, args: unknown[]): void {
  // The SDK's own logging never becomes breadcrumbs.
  if (sdkLogging.active || !activeSetup(NAME)) return;
  try {
    const level = LEVELS[method];
    const data: Record<string, unknown> = { logger: 'console' };
    // A lone string is already the message.
    if (args.length > 1 || typeof args[0] !== 'string') data.arguments = args.slice(0, MAX_ARGS).map(brief);
    const log_record: ConsoleLogRecord = { level, method, args };
    addBreadcrumb(
      { category: 'console', level, message: truncate(format(...args), MAX_MESSAGE), data },
      { log_record },
    );
  } catch (err) {
    debug.error('console breadcrumb failed:', err);
  }
}

/** A short, JSON-safe, detached form of one argument (objects may change or be huge). */
function brief(arg: unknown): unknown {
  if (typeof arg === 'string') return truncate(arg, MAX_ARG);
  if (typeof arg === 'boolean' || arg === null || (typeof arg === 'number' && Number.isFinite(arg)))
    return arg;
  const text = inspect(arg, { depth: 1, maxArrayLength: 10, maxStringLength: 200, breakLength: Infinity });
  return truncate(text, MAX_ARG);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
