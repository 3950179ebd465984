// Local variables on the in-app frames of captured exceptions, caught and uncaught, as
// @sentry/node's LocalVariables: a worker thread debugs the main thread through `node:inspector`
// (local-variables-worker.ts) and leaves the variables on the exception object; here they are
// matched back to the event's frames. Runs with `includeLocalVariables: true` or when the user adds
// `localVariablesIntegration()`. Never while a debugger is attached (`inspector.url()` is set: the
// user is debugging, and two debuggers pausing one thread fight), nor where Node has no inspector.
import type { Integration } from '../integration.js';
import type { ExceptionValue, StackFrame } from '../protocol/types.js';
import type { EventHint } from '../types.js';
import { debug } from '../utils/debug.js';
import { FILTERED, type ScrubRules, scrubText } from '../utils/scrub-rules.js';
import { type FrameVariables, VARS_KEY, type WorkerOptions, workerSource } from './local-variables-worker.js';
import { isBoolean, readOption } from './shared.js';

const NAME = 'LocalVariables';
const KEY = Symbol.for(VARS_KEY);
const STARTED = Symbol.for('otel-sentry.local-variables-worker');
// Read by the ChildProcess integration: this worker's failures are not the app's.
const INTERNAL_WORKER = Symbol.for('otel-sentry.internal-worker');

export interface LocalVariablesOptions {
  /** Pause on caught exceptions too (default true); false: uncaught exceptions only. */
  captureAllExceptions?: boolean;
  /** Caught exceptions paused on per second before backing off (default 50). */
  maxExceptionsPerSecond?: number;
  /** Variables for frames outside the app (node_modules, Node's own) too. Default false. */
  includeOutOfAppFrames?: boolean;
}

const EXIT_WAIT_MS = 100;
const isPositive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function localVariablesIntegration(options?: LocalVariablesOptions): Integration {
  return makeIntegration(options, true);
}

/** The default integration's instance: it acts only with `includeLocalVariables: true`. */
export function defaultLocalVariablesIntegration(): Integration {
  return makeIntegration(undefined, false);
}

function makeIntegration(options: LocalVariablesOptions | undefined, explicit: boolean): Integration {
  // Options that are not an object warn once, at the first read.
  const read = <T>(
    key: string,
    valid: (v: unknown) => boolean,
    fallback: T,
    expected: string,
    first = false,
  ) =>
    readOption(
      'localVariables',
      first || typeof options === 'object' ? options : undefined,
      key,
      valid,
      fallback,
      expected,
    );
  const resolved = {
    captureAllExceptions: read('captureAllExceptions', isBoolean, true, 'a boolean', true),
    maxExceptionsPerSecond: read('maxExceptionsPerSecond', isPositive, 50, 'a positive number'),
    includeOutOfAppFrames: read('includeOutOfAppFrames', isBoolean, false, 'a boolean'),
  };
  return {
    name: NAME,
    setup(client) {
      if (!explicit && client.options.includeLocalVariables !== true) return;
      const exitFlag = new Int32Array(new SharedArrayBuffer(4));
      void startWorker({ ...resolved, debug: debug.enabled, exitFlag });
    },
    processEvent(event, hint, client) {
      const frames = takeVariables(hint);
      const exception = event.exception?.values?.at(-1);
      if (frames && exception)
        addVariables(exception, frames, resolved.includeOutOfAppFrames, client.scrubRules);
      return event;
    },
  };
}

/** Starts the worker once per process; false when it cannot or must not run. */
async function startWorker(options: WorkerOptions): Promise<boolean> {
  const g = globalThis as { [STARTED]?: boolean };
  if (g[STARTED]) return true;
  g[STARTED] = true;
  try {
    const inspector = await import('node:inspector');
    if (inspector.url()) {
      debug.warn('local variables are off: a debugger is attached');
      return false;
    }
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(workerSource(), {
      eval: true,
      workerData: options,
      // The worker must not load the app's preloads (NODE_OPTIONS=--import otel-sentry/preload).
      execArgv: [],
      env: { ...process.env, NODE_OPTIONS: undefined },
      stdout: false,
    });
    Object.defineProperty(worker, INTERNAL_WORKER, { value: true });
    let running = true;
    worker.on('error', (err) => debug.error('local variables worker failed:', err));
    worker.on('exit', () => {
      running = false;
    });
    worker.unref();
    process.on('exit', () => {
      if (!running) return;
      try {
        // Bounded: a worker that does not answer costs the exit at most this.
        worker.postMessage('exit');
        Atomics.wait(options.exitFlag, 0, 0, EXIT_WAIT_MS);
      } catch {
        // The exit goes on whatever happens here.
      }
    });
    return true;
  } catch (err) {
    debug.log('local variables are off: no inspector or worker threads here:', err);
    return false;
  }
}

/** The variables the worker left on the original exception, taken off it (sent once). */
function takeVariables(hint: EventHint): FrameVariables[] | undefined {
  try {
    const error = hint.originalException;
    if (typeof error !== 'object' || error === null || !Object.hasOwn(error, KEY)) return undefined;
    const frames = (error as Record<symbol, unknown>)[KEY];
    Reflect.deleteProperty(error, KEY);
    return Array.isArray(frames) ? (frames as FrameVariables[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Paused frames run innermost first, event frames outermost first: frame i from the top gets the
 * i-th paused frame's variables when the function names agree (the error may have been created
 * elsewhere than where it was thrown, and Promise constructors have no paused frame).
 */
function addVariables(
  exception: ExceptionValue,
  paused: FrameVariables[],
  outOfApp: boolean,
  rules: ScrubRules,
): void {
  const frames = (exception.stacktrace?.frames ?? []).filter((f) => f.function !== 'new Promise');
  for (let i = 0; i < frames.length && i < paused.length; i++) {
    const frame = frames[frames.length - 1 - i] as StackFrame;
    const vars = paused[i]?.vars;
    if (!vars || (frame.in_app === false && !outOfApp)) continue;
    if (sameFunction(frame.function, paused[i]?.function))
      frame.vars = scrub(vars, rules, 0) as Record<string, unknown>;
  }
}

/**
 * The privacy pass skips stack traces (code, not data), so variables get the key rules here: a
 * `password` variable or `token` key is `[Filtered]`, URL credentials in strings too.
 */
function scrub(value: unknown, rules: ScrubRules, depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, rules);
  if (Array.isArray(value)) return depth > 1 ? value : value.map((v) => scrub(v, rules, depth + 1));
  if (typeof value !== 'object' || value === null || depth > 1) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = rules.keysMatter && rules.isSecretKey(key) ? FILTERED : scrub(v, rules, depth + 1);
  }
  return out;
}

const anonymous = (name: string | undefined) => name === '' || name === '?' || name === '<anonymous>';

function sameFunction(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  return a === b || `Object.${a}` === b || a === `Object.${b}` || (anonymous(a) && anonymous(b));
}
