// Delivers pending events when the process is about to end, without changing how it ends:
// - `beforeExit` (the loop ran dry): flush, which schedules work and so keeps the process up;
// - SIGTERM/SIGINT with no handler of the app's: flush, then die of the same signal, as Node
//   would have; with an app handler: start a flush and leave the decision to the app.
// Our own timers and sockets are unref'd; only an exit flush holds the process, and only until
// its timeout.
import { debug } from './utils/debug.js';
import { swallow } from './utils/safe.js';

type Flush = (timeoutMs: number) => Promise<boolean>;

interface Registration {
  flush: Flush;
  getTimeout: () => number;
  hasPending: (() => boolean) | undefined;
}

interface State {
  current: Registration | undefined;
  onBeforeExit: () => void;
  onSignal: (signal: NodeJS.Signals) => void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
// On globalThis: the ESM and CJS builds loaded in one process still install one set of listeners.
const STATE_KEY = Symbol.for('otel-sentry.exit-flush');
// A flush that ends with work still pending is retried this many times at most, so `beforeExit`
// (which fires again whenever a flush scheduled work) can never loop forever.
const MAX_UNFRUITFUL_FLUSHES = 2;

type Global = typeof globalThis & { [STATE_KEY]?: State };

/**
 * Installs the exit flush once per process; a later call replaces the callbacks (the newest
 * client wins). Returns an uninstaller that only acts while its registration is current.
 * `hasPending` lets `beforeExit` skip the flush when nothing waits; without it, a flush runs on
 * every other `beforeExit`.
 */
export function installExitFlush(
  flush: Flush,
  getTimeout: () => number,
  hasPending?: () => boolean,
): () => void {
  const g = globalThis as Global;
  let state = g[STATE_KEY];
  if (!state) {
    state = createState();
    g[STATE_KEY] = state;
    process.on('beforeExit', state.onBeforeExit);
    // Prepended, so we run before the app's `once` handlers remove themselves and still see them.
    for (const signal of SIGNALS) process.prependListener(signal, state.onSignal);
  }
  const registration: Registration = { flush, getTimeout, hasPending };
  state.current = registration;
  const installed = state;
  return () => {
    if (installed.current !== registration) return;
    uninstall(installed);
  };
}

function uninstall(state: State): void {
  state.current = undefined;
  process.removeListener('beforeExit', state.onBeforeExit);
  for (const signal of SIGNALS) process.removeListener(signal, state.onSignal);
  const g = globalThis as Global;
  if (g[STATE_KEY] === state) delete g[STATE_KEY];
}

function createState(): State {
  let flushing = false;
  let unfruitful = 0;
  let skipNext = false;
  let exiting = false;

  const runFlush = (registration: Registration): Promise<boolean> => {
    let timeout = registration.getTimeout();
    if (!Number.isFinite(timeout) || timeout < 0) timeout = 2000;
    return Promise.resolve()
      .then(() => registration.flush(timeout))
      .then(
        (ok) => ok === true,
        (err: unknown) => {
          debug.error('exit flush failed:', err);
          return false;
        },
      );
  };

  const state: State = {
    current: undefined,

    onBeforeExit() {
      const registration = state.current;
      if (!registration || flushing || exiting) return;
      if (registration.hasPending) {
        if (!safeCall(registration.hasPending)) {
          unfruitful = 0;
          return;
        }
        if (unfruitful >= MAX_UNFRUITFUL_FLUSHES) return; // undeliverable: let the process end
      } else {
        // No way to know if work is pending: flush on every other beforeExit.
        skipNext = !skipNext;
        if (!skipNext) return;
      }
      flushing = true;
      swallow(
        'exit flush',
        runFlush(registration).then((ok) => {
          flushing = false;
          // A timed-out flush already spent the whole budget: do not start another one.
          unfruitful = ok ? unfruitful + 1 : MAX_UNFRUITFUL_FLUSHES;
        }),
      );
    },

    onSignal(signal: NodeJS.Signals) {
      const registration = state.current;
      if (process.listenerCount(signal) > 1) {
        // The app handles this signal: it decides whether and when to exit.
        if (registration) swallow('exit flush', runFlush(registration));
        return;
      }
      if (exiting || !registration) {
        // A second signal while flushing means "now".
        resignal(state, signal);
        return;
      }
      exiting = true;
      const timeout = registration.getTimeout();
      // Ref'd on purpose: this is the one place the SDK holds the process, bounded by the timeout.
      const guard = setTimeout(
        () => resignal(state, signal),
        (Number.isFinite(timeout) ? timeout : 2000) + 1000,
      );
      swallow(
        'exit flush',
        runFlush(registration).then(() => {
          clearTimeout(guard);
          resignal(state, signal);
        }),
      );
    },
  };
  return state;
}

/** Removes our listeners and re-raises the signal: the default action ends the process. */
function resignal(state: State, signal: NodeJS.Signals): void {
  uninstall(state);
  if (process.listenerCount(signal) > 0) return; // the app subscribed meanwhile: its call
  process.kill(process.pid, signal);
}

function safeCall(fn: () => boolean): boolean {
  try {
    return fn() === true;
  } catch {
    return true;
  }
}
