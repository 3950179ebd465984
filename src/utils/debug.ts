// The SDK's own logger: silent unless `debug` is on, except for `warn`-level messages about
// misconfiguration, which users need to see (a bad DSN must not fail silently).
/* biome-ignore-all lint/suspicious/noConsole: this file is the one place the SDK writes to the console */

const PREFIX = '[otel-sentry]';

let enabled = false;

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
    console[method](PREFIX, ...args);
  } catch {
    // A broken stdout (EPIPE, closed stream) must not reach the host.
  } finally {
    sdkLogging.active = false;
  }
}
