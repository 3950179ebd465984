// `Sentry.logger`: trace … fatal, as @sentry/node exports it. Each call takes a message (or a
// `logger.fmt` template, or a printf template with its parameters as an array) and attributes.
import { format } from 'node:util';
import { debug } from '../utils/debug.js';
import { captureLog } from './capture.js';
import type { LogLevel } from './types.js';

/** A message made by `logger.fmt`: the text, with its template and values for Sentry to group by. */
// biome-ignore lint/complexity/noBannedTypes: a String object is what @sentry/node's fmt returns
export type ParameterizedString = String & {
  __sentry_template_string__: string;
  __sentry_template_values__: unknown[];
};

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

/** `` logger.fmt`user ${id} logged in` ``: the text, keeping its template and values apart. */
export function fmt(strings: TemplateStringsArray, ...values: unknown[]): ParameterizedString {
  let text = '';
  let template = '';
  try {
    strings.forEach((part, i) => {
      text += part;
      template += part;
      if (i < values.length) {
        text += stringOf(values[i]);
        template += '%s';
      }
    });
  } catch (err) {
    debug.warn('logger.fmt could not read its template:', err);
  }
  const out = new String(text) as unknown as ParameterizedString;
  out.__sentry_template_string__ = template;
  out.__sentry_template_values__ = values;
  return out;
}

function stringOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '[unprintable]';
  }
}

export const logger = {
  trace: logAt('trace'),
  debug: logAt('debug'),
  info: logAt('info'),
  warn: logAt('warn'),
  error: logAt('error'),
  fatal: logAt('fatal'),
  fmt,
};
