// The SDK's own logger: silent unless `debug` is on, except for `warn`-level messages about
// misconfiguration, which users need to see (a bad DSN must not fail silently).
/* biome-ignore-all lint/suspicious/noConsole: this file is the one place the SDK writes to the console */

import { format } from 'node:util';

const PREFIX = '[otel-sentry]';

let enabled = false;
/** Texts never printed (the DSN's keys): a log line that would hold one prints `[Filtered]`. */
let secrets: string[] = [];

/**
 * True while the SDK itself writes to the console: the console integration checks it so the
 * SDK's own logging never turns into breadcrumbs.
 */
export const sdkLogging = { active: false };

export const debug = {
  enable(on: boolean): void {
    enabled = on;
  },
  get enabled(): boolean {
    return enabled;
  },
  /** Replaces these texts in every later log line, whatever carries them (an error, a URL). */
  redact(texts: Array<string | undefined>): void {
    secrets = texts.filter((t): t is string => typeof t === 'string' && t.length >= 4);
  },
  log(...args: unknown[]): void {
    if (enabled) call('log', args);
  },
  warn(...args: unknown[]): void {
    if (enabled) call('warn', args);
  },
  error(...args: unknown[]): void {
    if (enabled) call('error', args);
  },
  /** Printed whether or not debug is on: configuration mistakes the user must hear about. */
  alwaysWarn(...args: unknown[]): void {
    call('warn', args);
  },
};

function call(method: 'log' | 'warn' | 'error', args: unknown[]): void {
  sdkLogging.active = true;
  try {
    if (secrets.length === 0) console[method](PREFIX, ...args);
    else console[method](redacted([PREFIX, ...args]));
  } catch {
    // A broken stdout (EPIPE, closed stream) must not reach the host.
  } finally {
    sdkLogging.active = false;
  }
}

/** The line exactly as console would format it, secrets replaced (only when there are some). */
function redacted(args: unknown[]): string {
  let text = format(...args);
  for (const secret of secrets) text = text.split(secret).join('[Filtered]');
  return text;
}
