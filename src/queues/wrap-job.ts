// `wrapJob(name, fn, options)` for queues without an integration (bee-queue, amqplib consumers,
// SQS pollers, cron runners): each call runs as a job does under the BullMQ integration, in its
// own isolation scope with the `job` context, inside a `process <queue>` span continuing the
// producer's trace when `options.traceHeaders` finds its propagation headers in the arguments;
// an error is captured (mechanism `auto.queue.wrap_job`, unhandled) and re-thrown as it was.
// The arguments and the result pass through untouched.
import { captureException } from '../api.js';
import { debug } from '../utils/debug.js';
import { callUser, safe } from '../utils/safe.js';
import { markJobFailed, runInJobScope } from './job-scope.js';

export interface WrapJobOptions<A extends unknown[]> {
  /** The queue's name, for the context and the span. Default: the job's name. */
  queue?: string;
  /** Where the producer's propagation headers (`traceparent`, `sentry-trace`, …) are in a call's arguments. */
  traceHeaders?: (...args: A) => Record<string, string> | undefined;
}

export function wrapJob<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => R,
  options?: WrapJobOptions<A>,
): (...args: A) => Promise<Awaited<R>> {
  if (typeof fn !== 'function') {
    debug.warn('wrapJob expects a function; returned as given');
    return fn;
  }
  const jobName = safe('wrapJob name', () => String(name), 'job');
  const queue = safe('wrapJob options', () => String(options?.queue ?? jobName), jobName);
  const headers = safe('wrapJob options', () => options?.traceHeaders, undefined);
  return function wrappedJob(this: unknown, ...args: A): Promise<Awaited<R>> {
    const carrier =
      typeof headers === 'function' ? callUser('traceHeaders', () => headers(...args)) : undefined;
    const span = {
      name: `process ${queue}`,
      attributes: {
        'messaging.destination.name': queue,
        'sentry.op': 'queue.process',
        'sentry.origin': 'auto.queue.wrap_job',
      },
      carrier: carrier?.ok ? carrier.value : undefined,
    };
    return runInJobScope({ contextKey: 'job', context: { name: jobName, queue }, span }, async () => {
      try {
        return await fn.apply(this, args);
      } catch (error) {
        markJobFailed();
        captureException(error, { mechanism: { type: 'auto.queue.wrap_job', handled: false } });
        throw error;
      }
    }) as Promise<Awaited<R>>;
  };
}
