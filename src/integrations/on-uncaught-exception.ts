// Uncaught exceptions become fatal, unhandled events, and then the process ends as Node would
// have ended it, once the events are delivered.
//
// Why we must exit ourselves: any 'uncaughtException' listener turns Node's default (print, exit
// code 1) off. So when ours is the only listener we restore it: print the error, flush for at most
// `shutdownTimeout`, exit 1. Meanwhile the event loop keeps running, which it would not have
// without the SDK: the price of delivering the event. When the app has its own listener, the app
// decides; we only capture (unless `exitEvenIfOtherHandlersAreRegistered`).
//
// Left alone on purpose:
// - `process.setUncaughtExceptionCaptureCallback`: Node then calls that callback instead of any
//   listener, so ours never runs and nothing is captured; the callback owns uncaught errors.
// - `--abort-on-uncaught-exception`: V8 aborts before any listener runs; nothing is captured.
// - worker threads: a worker's uncaught error is its parent's 'error' event (see ChildProcess);
//   a listener inside the worker would swallow it, so none is installed there.
import { isMainThread } from 'node:worker_threads';
import type { Integration } from '../integration.js';
import { debug } from '../utils/debug.js';
import { exitAfterFlush, isExiting, printFatal } from './fatal.js';
import { activeSetup, isBoolean, markSetUp, readOption } from './shared.js';

const NAME = 'OnUncaughtException';
const OURS = Symbol.for('otel-sentry.uncaught-exception-handler');

export interface OnUncaughtExceptionOptions {
  /**
   * Exit (after flushing) even when the app has its own 'uncaughtException' listener.
   * Default false: with an app listener, the error is captured and the app decides.
   */
  exitEvenIfOtherHandlersAreRegistered?: boolean;
}

interface Resolved {
  exitEvenIfOtherHandlersAreRegistered: boolean;
}

export function onUncaughtExceptionIntegration(options?: OnUncaughtExceptionOptions): Integration {
  const resolved: Resolved = {
    exitEvenIfOtherHandlersAreRegistered: readOption(
      'onUncaughtException',
      options,
      'exitEvenIfOtherHandlersAreRegistered',
      isBoolean,
      false,
      'a boolean',
    ),
  };
  return {
    name: NAME,
    setupOnce() {
      if (!isMainThread) {
        debug.log('not in the main thread: uncaught exceptions are left to the parent thread');
        return;
      }
      const handler = (error: unknown, origin?: string) => onUncaughtException(error, origin);
      Object.defineProperty(handler, OURS, { value: true });
      // First in line, so the app's `once` listeners are still registered when we count them.
      process.prependListener('uncaughtException', handler);
    },
    setup(client) {
      markSetUp(NAME, client, resolved);
    },
  };
}

function onUncaughtException(error: unknown, origin: string | undefined): void {
  if (isExiting()) {
    // A second error while flushing: shown, not captured, and the exit already under way stands.
    printFatal(error, 'Another uncaught exception while shutting down:\n');
    return;
  }
  const setup = activeSetup<Resolved>(NAME);
  let exit = true;
  try {
    exit = otherListeners() === 0 || setup?.options.exitEvenIfOtherHandlersAreRegistered === true;
    // `origin` is 'unhandledRejection' when Node raised a rejection as an uncaught exception
    // (`--unhandled-rejections=strict`, or its default mode without our rejection integration).
    const type =
      origin === 'unhandledRejection' ? 'auto.node.onunhandledrejection' : 'auto.node.onuncaughtexception';
    setup?.client.captureException(error, {
      mechanism: { type, handled: false },
      captureContext: { level: 'fatal' },
    });
  } catch (err) {
    debug.error('capturing an uncaught exception failed:', err);
  }
  if (!exit) return;
  printFatal(error);
  // Without a live client set up with us (closed, or re-initialized without this integration),
  // this exits at once: plain Node behaviour.
  exitAfterFlush(setup?.client);
}

/** The app's listeners; domains' internal one does not count. */
function otherListeners(): number {
  return process
    .listeners('uncaughtException')
    .filter(
      (l) => !(l as unknown as Record<symbol, unknown>)[OURS] && l.name !== 'domainUncaughtExceptionClear',
    ).length;
}
