// Unhandled promise rejections become unhandled events.
//
// Any 'unhandledRejection' listener changes what Node does. Node >= 15 defaults to
// `--unhandled-rejections=throw`: raise the rejection as an uncaught exception (exit code 1)
// unless a listener exists. With ours installed, by mode:
// - 'warn' (default): capture, print Node's standard warning (as `--unhandled-rejections=warn`
//   would), keep running. So, unlike plain Node >= 15, the process does NOT crash; pick 'strict'
//   to keep crashing. No warning when the app has a listener of its own (the app handles it).
// - 'strict': capture at fatal, print the reason as an uncaught error, flush, exit code 1 (also
//   when the app has listeners: that is what strict asks for).
// - 'none': capture only; the process keeps running, silently.
// An explicit `--unhandled-rejections` flag wins where Node acts before listeners: with `strict`
// Node raises an uncaught exception first (the uncaught-exception integration captures it, so
// this one steps aside); with `warn`, `warn-with-error-code` or `none` Node prints (or not)
// itself, so we only capture. Main thread only, as for uncaught exceptions.
import { inspect } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import type { Integration } from '../integration.js';
import { debug } from '../utils/debug.js';
import { isError } from '../utils/is.js';
import { exitAfterFlush, isExiting, printFatal } from './fatal.js';
import { activeSetup, markSetUp, readOption } from './shared.js';

const NAME = 'OnUnhandledRejection';
const OURS = Symbol.for('otel-sentry.unhandled-rejection-handler');
const MODES = ['warn', 'strict', 'none'] as const;
const WARNING = 'UnhandledPromiseRejectionWarning';

export type UnhandledRejectionMode = (typeof MODES)[number];

export interface OnUnhandledRejectionOptions {
  /** Default 'warn'. */
  mode?: UnhandledRejectionMode;
}

interface Resolved {
  mode: UnhandledRejectionMode;
}

export function onUnhandledRejectionIntegration(options?: OnUnhandledRejectionOptions): Integration {
  const resolved: Resolved = {
    mode: readOption<UnhandledRejectionMode>(
      'onUnhandledRejection',
      options,
      'mode',
      (v) => MODES.includes(v as UnhandledRejectionMode),
      'warn',
      `one of ${MODES.map((m) => `'${m}'`).join(', ')}`,
    ),
  };
  return {
    name: NAME,
    setupOnce() {
      if (!isMainThread) {
        debug.log('not in the main thread: unhandled rejections are left to Node');
        return;
      }
      const nodeMode = nodeRejectionsFlag();
      let rejections = 0;
      const handler = (reason: unknown) => {
        rejections += 1;
        onUnhandledRejection(reason, nodeMode, rejections);
      };
      Object.defineProperty(handler, OURS, { value: true });
      // First in line, so the app's `once` listeners are still registered when we count them.
      process.prependListener('unhandledRejection', handler);
    },
    setup(client) {
      markSetUp(NAME, client, resolved);
    },
  };
}

function onUnhandledRejection(reason: unknown, nodeMode: string | undefined, id: number): void {
  if (nodeMode === 'strict' || isExiting()) return;
  const appHandles = otherListeners() > 0;
  const setup = activeSetup<Resolved>(NAME);
  const nodeDefault = nodeMode === undefined || nodeMode === 'throw';
  if (!setup) {
    // Closed, or re-initialized without us: our listener must not change what Node does.
    if (nodeDefault && !appHandles) throw asError(reason);
    return;
  }
  const { mode } = setup.options;
  try {
    setup.client.captureException(reason, {
      mechanism: { type: 'auto.node.onunhandledrejection', handled: false },
      ...(mode === 'strict' ? { captureContext: { level: 'fatal' } } : {}),
    });
  } catch (err) {
    debug.error('capturing an unhandled rejection failed:', err);
  }
  if (mode === 'strict') {
    printFatal(asError(reason));
    exitAfterFlush(setup.client);
  } else if (mode === 'warn' && nodeDefault && !appHandles) {
    warn(reason, id);
  }
}

/** Node's own warning for `--unhandled-rejections=warn`, through `process.emitWarning`. */
function warn(reason: unknown, id: number): void {
  try {
    const stack = isError(reason) ? reason.stack : undefined;
    const text = typeof stack === 'string' ? stack : describe(reason);
    process.emitWarning(text, WARNING);
    const warning = new Error(
      'Unhandled promise rejection. This error originated either by throwing inside of an async ' +
        'function without a catch block, or by rejecting a promise which was not handled with ' +
        '.catch(). To terminate the node process on unhandled promise rejection, use the CLI flag ' +
        '`--unhandled-rejections=strict` (see https://nodejs.org/api/cli.html#cli_unhandled_rejections_mode). ' +
        `(rejection id: ${id})`,
    );
    warning.name = WARNING;
    warning.stack = undefined;
    process.emitWarning(warning);
  } catch {
    // A throwing reason (hostile getters) or warning listener must not become another error.
  }
}

/** What Node throws for a rejection: the reason itself, or its wrapper for non-errors. */
function asError(reason: unknown): unknown {
  if (isError(reason)) return reason;
  const text = describe(reason);
  const error = new Error(
    'This error originated either by throwing inside of an async function without a catch block, ' +
      'or by rejecting a promise which was not handled with .catch(). ' +
      `The promise rejected with the reason "${text}".`,
  );
  error.name = 'UnhandledPromiseRejection';
  return Object.assign(error, { code: 'ERR_UNHANDLED_REJECTION' });
}

function describe(value: unknown): string {
  try {
    return typeof value === 'object' && value !== null ? inspect(value) : String(value);
  } catch {
    return '[uninspectable value]';
  }
}

function otherListeners(): number {
  return process
    .listeners('unhandledRejection')
    .filter((l) => !(l as unknown as Record<symbol, unknown>)[OURS]).length;
}

/** `--unhandled-rejections` from NODE_OPTIONS, then the command line (which wins). */
function nodeRejectionsFlag(): string | undefined {
  const args = [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv];
  let mode: string | undefined;
  args.forEach((arg, i) => {
    if (arg.startsWith('--unhandled-rejections=')) mode = arg.slice('--unhandled-rejections='.length);
    else if (arg === '--unhandled-rejections') mode = args[i + 1];
  });
  return mode;
}
