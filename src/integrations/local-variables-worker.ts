// The local-variables worker: a thread that debugs its own main thread through
// `Session.connectToMainThread()`. V8 pauses the main thread on each thrown exception; the worker
// reads the locals of the paused frames, stores them on the exception object (a non-enumerable
// symbol property the integration reads when the error is captured) and resumes.
//
// `workerMain` runs in the worker from its source text (`new Worker(code, { eval: true })`), so the
// dual ESM/CJS build needs no worker file path; it must not reference anything outside itself.
// Its cost is bounded: a budget of pauses per second (over it, only uncaught exceptions pause, for
// a back-off period that doubles), a cap on frames, variables, object keys and string length.

/** What the worker is started with (`workerData`). */
export interface WorkerOptions {
  captureAllExceptions: boolean;
  maxExceptionsPerSecond: number;
  includeOutOfAppFrames: boolean;
  debug: boolean;
  /** Set to 1 by the worker once its session is closed, after the main thread says it exits. */
  exitFlag: Int32Array;
}

/** One paused frame: its function name as Sentry's frames spell it, and its variables. */
export interface FrameVariables {
  function: string;
  vars?: Record<string, unknown>;
}

export const VARS_KEY = 'otel-sentry.local-variables';

// Limits, written into the worker source as literals.
const LIMITS = { frames: 50, varsPerFrame: 50, keysPerObject: 50, stringLength: 1024 };

/**
 * Runs on a plain object in the paused main thread: its first own keys, data properties only (no
 * getter runs), primitives as values, anything else described. Never throws.
 */
const READER = `function (max, len) {
  const out = {};
  try {
    let n = 0;
    for (const k of Object.keys(this)) {
      if (n++ >= max) break;
      const d = Object.getOwnPropertyDescriptor(this, k);
      if (!d || !('value' in d)) { out[k] = '<getter>'; continue; }
      const v = d.value, t = typeof v;
      if (t === 'function') continue;
      if (t === 'string') out[k] = v.length > len ? v.slice(0, len) + '...' : v;
      else if (t === 'number') out[k] = Number.isFinite(v) ? v : '<' + String(v) + '>';
      else if (t === 'boolean') out[k] = v;
      else if (v === null || v === undefined) out[k] = '<' + String(v) + '>';
      else if (t === 'bigint') out[k] = '<' + String(v) + 'n>';
      else if (t === 'symbol') out[k] = '<' + String(v) + '>';
      else out[k] = Array.isArray(v) ? '<Array>' : '<Object>';
    }
  } catch {}
  return out;
}`;

type Post = (method: string, params?: object) => Promise<Record<string, unknown>>;
interface RemoteObject {
  type: string;
  subtype?: string;
  className?: string;
  value?: unknown;
  unserializableValue?: string;
  description?: string;
  objectId?: string;
  preview?: { overflow: boolean; properties: PreviewProperty[] };
}
interface PreviewProperty {
  name: string;
  type: string;
  subtype?: string;
  value?: string;
}

function workerMain(
  inspector: typeof import('node:inspector'),
  threads: typeof import('node:worker_threads'),
  limits: typeof LIMITS,
  key: string,
  reader: string,
): void {
  const options = threads.workerData as WorkerOptions;
  const session = new inspector.Session();
  const post: Post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as never))),
    );
  const log = (...args: unknown[]) => {
    if (options.debug) process.stderr.write(`[otel-sentry] [LocalVariables worker] ${args.join(' ')}\n`);
  };
  const cut = (s: string) => (s.length > limits.stringLength ? `${s.slice(0, limits.stringLength)}...` : s);

  // A value from a preview: primitives keep their type, anything nested is its description.
  const fromPreview = (p: PreviewProperty): unknown => {
    if (p.type === 'number') return Number.isFinite(Number(p.value)) ? Number(p.value) : `<${p.value}>`;
    if (p.type === 'boolean') return p.value === 'true';
    if (p.type === 'string') return cut(p.value ?? '');
    if (p.type === 'undefined' || p.subtype === 'null') return `<${p.subtype ?? p.type}>`;
    if (p.type === 'accessor') return '<getter>';
    return `<${cut(p.value ?? p.type)}>`;
  };
  const fromRemote = async (v: RemoteObject): Promise<unknown> => {
    if (v.type === 'undefined') return '<undefined>';
    if (v.subtype === 'null') return '<null>';
    if (v.unserializableValue !== undefined) return `<${v.unserializableValue}>`;
    if (v.type === 'string') return cut(v.value as string);
    if (v.type === 'number' || v.type === 'boolean') return v.value;
    const plain = v.subtype === undefined && v.className === 'Object';
    if (v.type !== 'object' || !v.preview || !(plain || v.subtype === 'array')) {
      // Symbols, bigints, class instances (as @sentry/node), Proxies (no trap runs), dates, maps, …
      return `<${cut(v.description ?? v.type)}>`;
    }
    const props = v.preview.properties.slice(0, limits.keysPerObject);
    if (v.subtype === 'array') return props.filter((p) => /^\d+$/.test(p.name)).map(fromPreview);
    // V8 previews 5 keys; a plain object with more is read by a bounded reader that runs no getter.
    if (v.preview.overflow && v.objectId) return readObject(v.objectId);
    const out: Record<string, unknown> = {};
    for (const p of props) out[p.name] = fromPreview(p);
    return out;
  };
  const readObject = async (objectId: string): Promise<unknown> => {
    const { result } = (await post('Runtime.callFunctionOn', {
      objectId,
      functionDeclaration: reader,
      arguments: [{ value: limits.keysPerObject }, { value: limits.stringLength }],
      returnByValue: true,
      silent: true,
    })) as { result: RemoteObject };
    return result.value ?? '<Object>';
  };
  // Locals of one frame: one round trip; previews are V8's (bounded, getters never invoked).
  const localsOf = async (objectId: string): Promise<Record<string, unknown>> => {
    const { result } = (await post('Runtime.getProperties', {
      objectId,
      ownProperties: true,
      generatePreview: true,
    })) as { result: Array<{ name: string; value?: RemoteObject }> };
    const kept = result
      .filter((prop) => prop.value && prop.value.type !== 'function')
      .slice(0, limits.varsPerFrame);
    // Requests in flight together: the paused thread answers them in turn, without a round trip each.
    const values = await Promise.all(kept.map((prop) => fromRemote(prop.value as RemoteObject)));
    const vars: Record<string, unknown> = {};
    kept.forEach((prop, i) => {
      vars[prop.name] = values[i];
    });
    return vars;
  };
  const outOfApp = (url: string) => url.startsWith('node:') || url.includes('/node_modules/');

  let count = 0;
  const onPaused = async (params: {
    reason: string;
    data?: RemoteObject;
    callFrames: Array<{
      functionName: string;
      url: string;
      this: RemoteObject;
      scopeChain: Array<{ type: string; object: RemoteObject }>;
    }>;
  }) => {
    if (params.reason !== 'exception' && params.reason !== 'promiseRejection') return;
    count++;
    // Only real Error objects get the property: defining it on a Proxy would run its trap.
    const exception = params.data;
    if (exception?.subtype !== 'error' || exception.objectId === undefined) return;
    const frames: FrameVariables[] = await Promise.all(
      params.callFrames.slice(0, limits.frames).map(async (frame): Promise<FrameVariables> => {
        const cls = frame.this.className;
        const name = cls && cls !== 'global' ? `${cls}.${frame.functionName}` : frame.functionName;
        const local = frame.scopeChain.find((s) => s.type === 'local')?.object.objectId;
        const wanted = local !== undefined && (options.includeOutOfAppFrames || !outOfApp(frame.url));
        return wanted ? { function: name, vars: await localsOf(local) } : { function: name };
      }),
    );
    // A throw inside Node or a dependency, with no in-app frame: nothing to store.
    if (!frames.some((f) => f.vars)) return;
    // The first throw of an error wins: a rethrow higher up keeps the innermost frames.
    await post('Runtime.callFunctionOn', {
      objectId: exception.objectId,
      functionDeclaration: `function (v) { const k = Symbol.for(${JSON.stringify(key)}); if (!Object.prototype.hasOwnProperty.call(this, k) && Object.isExtensible(this)) Object.defineProperty(this, k, { value: v, configurable: true, writable: true }); }`,
      arguments: [{ value: frames }],
      silent: true,
    });
  };

  session.connectToMainThread();
  session.on('Debugger.paused', (message) => {
    onPaused(message.params as never)
      .catch((err: unknown) => log('reading variables failed:', String(err)))
      .finally(() => session.post('Debugger.resume'));
  });
  const pauseOn = (state: 'all' | 'uncaught') => post('Debugger.setPauseOnExceptions', { state });
  const start = async () => {
    await post('Debugger.enable');
    await pauseOn(options.captureAllExceptions ? 'all' : 'uncaught');
    if (!options.captureAllExceptions) return;
    // Over budget: caught exceptions stop pausing for a back-off that doubles, up to a day.
    let backoff = 5;
    let disabledFor = 0;
    setInterval(() => {
      if (disabledFor === 0 && count > options.maxExceptionsPerSecond) {
        backoff = Math.min(backoff * 2, 86400);
        disabledFor = backoff;
        log(`over ${options.maxExceptionsPerSecond} exceptions/s: caught ones skipped for ${backoff}s`);
        pauseOn('uncaught').catch(() => {});
      } else if (disabledFor > 0 && --disabledFor === 0) {
        pauseOn('all').catch(() => {});
      }
      count = 0;
    }, 1000).unref();
  };
  start().catch((err: unknown) => log('could not start:', String(err)));
  // The main thread exits: close the session first, or Node prints "Waiting for the debugger to
  // disconnect..." on a process.exit().
  threads.parentPort?.on('message', (message) => {
    if (message !== 'exit') return;
    session.disconnect();
    Atomics.store(options.exitFlag, 0, 1);
    Atomics.notify(options.exitFlag, 0);
  });
  threads.parentPort?.unref();
  // Inspector callbacks do not keep a worker's loop alive; the worker itself is unref()'d.
  setInterval(() => {}, 1 << 30);
}

/** The worker's source text. */
export function workerSource(): string {
  return `(${workerMain.toString()})(require('node:inspector'), require('node:worker_threads'), ${JSON.stringify(LIMITS)}, ${JSON.stringify(VARS_KEY)}, ${JSON.stringify(READER)});`;
}
