// `wrapLambdaHandler(handler, options)` (`wrapHandler` in @sentry/aws-serverless): one isolation
// scope per invocation with the `aws.lambda` and `aws.cloudwatch.logs` contexts; an error is
// captured (mechanism `auto.function.aws_lambda`, unhandled) and re-thrown as it was; events are
// flushed before the invocation settles (the runtime freezes the process right after); a warning
// is captured shortly before the function times out. The wrapped handler is async, so the
// runtime waits for its promise; callback handlers (3 parameters) are turned into one.
//
// Init errors: pass a promise of the handler (`wrapLambdaHandler(import('./app.mjs').then((m) =>
// m.handler))`) and an error thrown while that module loads is captured and flushed at once,
// then thrown to every invocation, as the runtime would report it.
//
// Beside @opentelemetry/instrumentation-aws-lambda, which wraps the exported (wrapped) handler:
// its span is active while ours runs, so events carry its trace, and its recorded exception is
// the error we captured, which is not reported twice.
import { captureException, captureMessage, withIsolationScope } from '../api.js';
import type { Scope } from '../scope.js';
import { debug } from '../utils/debug.js';
import { isThenable } from '../utils/is.js';
import { safe, swallow } from '../utils/safe.js';
import { DEFAULT_FLUSH_TIMEOUT, flushAll, readTimeout } from './flush.js';
import { lambdaInfo, remainingTime } from './lambda-context.js';

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler's event and result are the app's.
export type LambdaHandler = (event: any, context: any, callback?: any) => any;

export interface WrapLambdaHandlerOptions {
  /** How long the flush before returning may take, in ms. Default 2000. */
  flushTimeout?: number;
  /** Capture a warning shortly before the function times out. Default true. */
  captureTimeoutWarning?: boolean;
  /** How long before the timeout the warning is captured, in ms. Default 500. */
  timeoutWarningLimit?: number;
}

const MECHANISM = 'auto.function.aws_lambda';

export function wrapLambdaHandler<H extends LambdaHandler>(
  handler: H | PromiseLike<H>,
  options?: WrapLambdaHandlerOptions,
): (event: Parameters<H>[0], context: Parameters<H>[1]) => Promise<Awaited<ReturnType<H>>> {
  if (typeof handler !== 'function' && !isThenable(handler)) {
    debug.warn('wrapLambdaHandler expects a handler function (or a promise of one); returned as given');
    return handler as never;
  }
  const opts = safe('wrapLambdaHandler options', () => readOptions(options), readOptions(undefined));
  const loaded = typeof handler === 'function' ? handler : loadHandler(handler, opts.flushTimeout);
  type Result = Awaited<ReturnType<H>>;
  return async function wrappedLambdaHandler(event, ctx): Promise<Result> {
    const fn = typeof loaded === 'function' ? loaded : await loaded;
    return withIsolationScope((scope) => invoke(fn as H, event, ctx, scope, opts));
  };
}

/** @sentry/aws-serverless's name for `wrapLambdaHandler`. */
export const wrapHandler = wrapLambdaHandler;

interface Resolved {
  flushTimeout: number;
  captureTimeoutWarning: boolean;
  timeoutWarningLimit: number;
}

function readOptions(options: WrapLambdaHandlerOptions | undefined): Resolved {
  return {
    flushTimeout: readTimeout(options?.flushTimeout, DEFAULT_FLUSH_TIMEOUT),
    captureTimeoutWarning: options?.captureTimeoutWarning !== false,
    timeoutWarningLimit: readTimeout(options?.timeoutWarningLimit, 500),
  };
}

/** The handler once its module loaded; a load error is captured and flushed now, thrown later. */
function loadHandler<H>(promise: PromiseLike<H>, flushTimeout: number): Promise<H> {
  const loading = Promise.resolve(promise).then((fn) => {
    if (typeof fn !== 'function') throw new TypeError('the Lambda handler promise did not give a function');
    return fn;
  });
  loading.then(undefined, (error: unknown) => {
    captureException(error, { mechanism: { type: `${MECHANISM}.init`, handled: false } });
    swallow('flushing the init error', flushAll(flushTimeout));
  });
  return loading;
}

async function invoke<H extends LambdaHandler>(
  handler: H,
  event: unknown,
  ctx: unknown,
  scope: Scope,
  opts: Resolved,
): Promise<Awaited<ReturnType<H>>> {
  const start = Date.now();
  const timer = safe('Lambda scope', () => prepareScope(scope, ctx, start, opts), undefined);
  try {
    return await run(handler, event, ctx);
  } catch (error) {
    captureException(error, { mechanism: { type: MECHANISM, handled: false } });
    throw error;
  } finally {
    if (timer) clearTimeout(timer);
    await flushAll(opts.flushTimeout);
  }
}

/** Runs an async or a callback handler; settles with whichever the handler uses first. */
function run<H extends LambdaHandler>(
  handler: H,
  event: unknown,
  ctx: unknown,
): Promise<Awaited<ReturnType<H>>> {
  if (handler.length < 3) return Promise.resolve(handler(event, ctx));
  return new Promise((resolve, reject) => {
    const callback = (error: unknown, result?: unknown) => {
      if (error !== undefined && error !== null) reject(error);
      else resolve(result as Awaited<ReturnType<H>>);
    };
    const returned = handler(event, ctx, callback);
    if (isThenable(returned)) returned.then(resolve as (v: unknown) => void, reject);
  });
}

function prepareScope(
  scope: Scope,
  ctx: unknown,
  start: number,
  opts: Resolved,
): ReturnType<typeof setTimeout> | undefined {
  scope.clearBreadcrumbs();
  const first = lambdaInfo(ctx, start);
  if (first.functionName) scope.setTransactionName(first.functionName);
  if (first.region) scope.setTag('aws_region', first.region);
  // Read when an event is made: durations and the logs window are those of that moment.
  scope.addEventProcessor((event) => {
    const info = lambdaInfo(ctx, start);
    event.contexts = { ...event.contexts, 'aws.lambda': info.lambda };
    if (info.logs) event.contexts['aws.cloudwatch.logs'] = info.logs;
    return event;
  });
  const remaining = remainingTime(ctx);
  if (!opts.captureTimeoutWarning || remaining === undefined) return undefined;
  const delay = remaining - opts.timeoutWarningLimit;
  if (delay <= 0) return undefined;
  const name = first.functionName ?? 'unknown function';
  const timer = setTimeout(() => {
    // Runs in the invocation's scopes (the timer was set inside them): the user's tags are kept.
    captureMessage(`Possible function timeout: ${name}`, {
      level: 'warning',
      tags: { timeout: `${Math.ceil(remaining / 1000)}s` },
    });
    swallow('flushing the timeout warning', flushAll(opts.timeoutWarningLimit));
  }, delay);
  timer.unref();
  return timer;
}
