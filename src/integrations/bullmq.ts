// BullMQ, as sentry-python does Celery and RQ: each job runs in its own isolation scope with the
// `bullmq` context (queue, job id, name, attempt); a failed job is captured (mechanism
// `auto.queue.bullmq`, unhandled), on every failed attempt or only on the last one
// (`captureOnlyFinalFailure`, RQ's rule); the trace continues from the producer to the job; a
// worker's `close()` resolves once the events are sent. A default integration that costs an app
// without bullmq nothing: bullmq is never loaded by it (see bullmq-hook.ts).
import type { Integration } from '../integration.js';
import { hookBullMQ } from './bullmq-hook.js';
import { type BullMQResolved, NAME } from './bullmq-patch.js';
import { isBoolean, markSetUp, readOption } from './shared.js';

export interface BullMQOptions {
  /** Capture a failed job only when BullMQ will not retry it. Default false: every failed attempt. */
  captureOnlyFinalFailure?: boolean;
  /** How long `worker.close()` waits for events to be sent, in ms. Default 2000. */
  flushTimeout?: number;
}

const isTimeout = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

export function bullmqIntegration(options?: BullMQOptions): Integration {
  const resolved: BullMQResolved = {
    captureOnlyFinalFailure: readOption(
      'bullmq',
      options,
      'captureOnlyFinalFailure',
      isBoolean,
      false,
      'a boolean',
    ),
    flushTimeout: readOption(
      'bullmq',
      options,
      'flushTimeout',
      isTimeout,
      2000,
      'a number of milliseconds ≥ 0',
    ),
  };
  return {
    name: NAME,
    setupOnce() {
      hookBullMQ();
    },
    setup(client) {
      markSetUp(NAME, client, resolved);
    },
  };
}
