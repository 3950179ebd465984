// How the SDK ends a process after a fatal error: as Node would (the error printed to stderr,
// exit code 1), but only once the pending events are delivered or `shutdownTimeout` has passed.
// Shared by the uncaught-exception and the strict unhandled-rejection paths, so the process ends
// once, whichever comes first, and a second error while flushing cannot loop or hang.
import { inspect } from 'node:util';
import type { Client } from '../client.js';
import { isError } from '../utils/is.js';

const KEY = Symbol.for('otel-sentry.fatal-exit.v1');
// Beyond the flush budget: a flush that overruns its own timeout must still not hold the exit.
const GRACE_MS = 1000;

function state(): { exiting: boolean } {
  const g = globalThis as { [KEY]?: { exiting: boolean } };
  g[KEY] ??= { exiting: false };
  return g[KEY];
}

/** True once a fatal exit has started. */
export function isExiting(): boolean {
  return state().exiting;
}

/**
 * Node's own report of an uncaught error, minus the source line with its caret (V8 keeps that
 * private): the inspected error (stack, own properties, cause), then the Node.js version.
 */
export function printFatal(error: unknown, prefix = ''): void {
  let text: string;
  try {
    if (isError(error) || (typeof error === 'object' && error !== null)) text = inspect(error);
    else
      text = `${String(error)}\n(Use \`node --trace-uncaught ...\` to show where the exception was thrown)`;
  } catch {
    text = '[uninspectable value]';
  }
  writeStderr(`${prefix}${text}\n\nNode.js ${process.version}\n`);
}

export function writeStderr(text: string): void {
  try {
    // Not through `console`: it may be patched (breadcrumbs) or replaced by the app.
    process.stderr.write(text);
  } catch {
    // A closed stderr must not stop the exit.
  }
}

/** Flushes `client` for at most its `shutdownTimeout`, then exits with code 1. Runs once. */
export function exitAfterFlush(client: Client | undefined): void {
  const s = state();
  if (s.exiting) return;
  s.exiting = true;
  const exit = (): never => process.exit(1);
  if (!client) {
    exit();
    return;
  }
  const timeout = client.options.shutdownTimeout;
  // Ref'd on purpose: the process stays up for the flush, and no longer than its budget.
  const guard = setTimeout(exit, timeout + GRACE_MS);
  const done = (): void => {
    clearTimeout(guard);
    exit();
  };
  void Promise.resolve()
    .then(() => client.flush(timeout))
    .then(done, done);
}
