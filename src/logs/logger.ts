// `Sentry.logger`: trace … fatal, as @sentry/node exports it. Each call takes a message (or a
// `logger.fmt` template, or a printf template with its parameters as an array) and attributes.
import { format } from 'node:util';
import { parameterize } from '../event/parameterize.js';
import { debug } from '../utils/debug.js';
import { captureLog } from './capture.js';
import type { LogLevel } from './types.js';

type LogFunction = {
  (message: unknown, attributes?: Record<string, unknown>, metadata?: { scope?: unknown }): void;
  (template: string, params: unknown[], attributes?: Record<string, unknown>): void;
};

function logAt(level: LogLevel): LogFunction {
  return (message: unknown, paramsOrAttributes?: unknown, maybeAttributes?: unknown): void => {
    try {
      if (Array.isArray(paramsOrAttributes)) {
        // @sentry/node's `logger.info('%s did %d', [who, n], attributes)`.
        const template = typeof message === 'string' ? message : String(message);
        captureLog({
          level,
          message: safeFormat(template, paramsOrAttributes),
          template,
          params: paramsOrAttributes,
          attributes: maybeAttributes,
        });
      } else {
        captureLog({ level, message, attributes: paramsOrAttributes });
      }
    } catch (err) {
      debug.error(`logger.${level} failed:`, err);
    }
  };
}

function safeFormat(template: string, params: unknown[]): string {
  try {
    return format(template, ...params);
  } catch {
    return template;
  }
}

export const logger = {
  trace: logAt('trace'),
  debug: logAt('debug'),
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
  fatal: logAt('fatal'),
  /** `` logger.fmt`user ${id} logged in` ``: `parameterize` under the name @sentry/node gives it here. */
  fmt: parameterize,
};
