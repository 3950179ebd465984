// Unhandled promise rejections become unhandled events.
//
// Any 'unhandledRejection' listener changes what Node does. Node >= 15 defaults to
// `--unhandled-rejections=throw`: raise the rejection as an uncaught exception (exit code 1)
// unless a listener exists. With ours installed, by mode:
// - 'warn' (default): capture, print @sentry/node's warning (its text, then the reason's stack, on
//   stderr), keep running. So, unlike plain Node >= 15, the process does NOT crash; pick 'strict'
//   to keep crashing. No warning when the app has a listener of its own (the app handles it).
// - 'strict': capture at fatal, print the warning text and the reason, flush, exit code 1 (also
//   when the app has listeners: that is what strict asks for).
// - 'none': capture only; the process keeps running, silently.
// An explicit `--unhandled-rejections` flag wins where Node acts before listeners: with `strict`
// Node raises an uncaught exception first (the uncaught-exception integration captures it, so
// this one steps aside); with `warn`, `warn-with-error-code` or `none` Node prints (or not)
// itself, so we only capture. Main thread only, as for uncaught exceptions.
// Rejections matching `ignore` (by default, the AbortErrors of cancelled AI SDK streams, as
// @sentry/node) are neither captured nor warned about. Non-Error reasons get a stack trace: where
// Node reported the rejection.
import { format, inspect } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import type { Integration } from '../integration.js';
import { debug } from '../utils/debug.js';
import { isError, safeGet } from '../utils/is.js';
import { exitAfterFlush, isExiting, writeStderr } from './fatal.js';
import { activeSetup, markSetUp, readOption } from './shared.js';

const NAME = 'OnUnhandledRejection';
const OURS = Symbol.for('otel-sentry.unhandled-rejection-handler');
const MODES = ['warn', 'strict', 'none'] as const;
// @sentry/node's text, word for word: users grep logs for it.
const SENTRY_WARNING =
  'This error originated either by throwing inside of an async function without a catch block, ' +
  'or by rejecting a promise which was not handled with .catch(). The promise rejected with the reason:';

export type UnhandledRejectionMode = (typeof MODES)[number];

/** A rejection to ignore: `name` matches exactly (or the RegExp), `message` as a substring (or the RegExp); both when both given. */
export interface UnhandledRejectionIgnore {
  name?: string | RegExp;
  message?: string | RegExp;
}

export interface OnUnhandledRejectionOptions {
  /** Default 'warn'. */
  mode?: UnhandledRejectionMode;
  /** Rejections neither captured nor warned about, beside the defaults (AI SDK stream aborts). */
  ignore?: UnhandledRejectionIgnore[];
}

interface Resolved {
  mode: UnhandledRejectionMode;
  ignore: UnhandledRejectionIgnore[];
}

const DEFAULT_IGNORES: UnhandledRejectionIgnore[] = [
  { name: 'AI_NoOutputGeneratedError' },
  { name: 'AbortError' },
];
const isPattern = (v: unknown) => v === undefined || typeof v === 'string' || v instanceof RegExp;
const isIgnoreList = (v: unknown) =>
  Array.isArray(v) &&
  v.every(
    (m) =>
      typeof m === 'object' &&
      m !== null &&
      isPattern(safeGet(m, 'name')) &&
      isPattern(safeGet(m, 'message')),
  );

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
    ignore: [
      ...DEFAULT_IGNORES,
      ...readOption<UnhandledRejectionIgnore[]>(
        'onUnhandledRejection',
        typeof options === 'object' ? options : undefined, // not an object: warned about above
        'ignore',
        isIgnoreList,
        [],
        'an array of { name?, message? } with strings or RegExps',
      ),
    ],
  };
  return {
    name: NAME,
    setupOnce() {
      if (!isMainThread) {
        debug.log('not in the main thread: unhandled rejections are left to Node');
        return;
      }
      const nodeMode = nodeRejectionsFlag();
      const handler = (reason: unknown) => onUnhandledRejection(reason, nodeMode, handler);
      Object.defineProperty(handler, OURS, { value: true });
      // First in line, so the app's `once` listeners are still registered when we count them.
      process.prependListener('unhandledRejection', handler);
    },
    setup(client) {
      markSetUp(NAME, client, resolved);
    },
  };
}

function onUnhandledRejection(
  reason: unknown,
  nodeMode: string | undefined,
  handler: (reason: unknown) => void,
): void {
  if (nodeMode === 'strict' || isExiting()) return;
  const appHandles = otherListeners() > 0;
  const setup = activeSetup<Resolved>(NAME);
  const nodeDefault = nodeMode === undefined || nodeMode === 'throw';
  if (!setup) {
    // Closed, or re-initialized without us: our listener must not change what Node does.
    if (nodeDefault && !appHandles) throw asError(reason);
    return;
  }
  const { mode, ignore } = setup.options;
  if (isIgnored(ignore, reason)) return;
  try {
    setup.client.captureException(reason, {
      mechanism: { type: 'auto.node.onunhandledrejection', handled: false },
      captureContext: {
        extra: { unhandledPromiseRejection: true },
        level: mode === 'strict' ? 'fatal' : 'error',
      },
      ...(isError(reason) ? {} : { syntheticException: stackHere(handler) }),
    });
  } catch (err) {
    debug.error('capturing an unhandled rejection failed:', err);
  }
  if (mode === 'strict') {
    writeStderr(`${SENTRY_WARNING}\n${describeForConsole(reason, false)}\n`);
    exitAfterFlush(setup.client);
  } else if (mode === 'warn' && nodeDefault && !appHandles) {
    writeStderr(`${SENTRY_WARNING}\n${describeForConsole(reason, true)}\n`);
  }
}

/** A stack for a non-Error reason: where Node reported it, below our own handler (as @sentry/node). */
function stackHere(handler: (reason: unknown) => void): Error {
  const holder = new Error('synthetic');
  Error.captureStackTrace(holder, handler);
  return holder;
}

/** As `console.error` prints it: the stack of an error (warn) or its inspection (strict), a string as is. */
function describeForConsole(reason: unknown, stackOnly: boolean): string {
  try {
    const stack = safeGet(reason, 'stack');
    if (stackOnly && typeof stack === 'string') return stack;
    return format(reason);
  } catch {
    return '[uninspectable value]';
  }
}

/** @sentry/node's matching: a name must equal (or match the RegExp), a message contain (or match). */
function isIgnored(list: UnhandledRejectionIgnore[], reason: unknown): boolean {
  try {
    const objectLike = typeof reason === 'object' && reason !== null;
    const rawName = objectLike ? safeGet(reason, 'name') : undefined;
    const rawMessage = objectLike ? safeGet(reason, 'message') : undefined;
    const name = typeof rawName === 'string' ? rawName : '';
    const message = typeof rawMessage === 'string' ? rawMessage : String(reason ?? '');
    const matches = (value: string, pattern: string | RegExp | undefined, exact: boolean) =>
      pattern === undefined ||
      (typeof pattern === 'string'
        ? exact
          ? value === pattern
          : value.includes(pattern)
        : pattern.test(value));
    return list.some((m) => matches(name, m.name, true) && matches(message, m.message, false));
  } catch {
    return false;
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
