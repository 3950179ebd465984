// What the BullMQ integration changes on bullmq's classes (prototype methods, so workers and
// queues made before the patch are covered too). Only types come from bullmq.
//
// Worker.processJob: the job runs in its own isolation scope with the `bullmq` context. Without
//   BullMQ telemetry of the worker's own (bullmq-otel), a `process <queue>` CONSUMER span continues
//   the producer's trace from the job's propagation metadata; with it, BullMQ's span does.
// Worker.handleFailed: every failure of a job reaches it, with the Error (sandboxed processors,
//   stalled jobs too); BullMQ's control-flow errors (delay, wait, rate limit) are not failures.
// Worker.close: resolves once the events are flushed.
// Queue.add/addBulk: without BullMQ telemetry, the active span is written into the job's
//   `opts.telemetry.metadata`, in bullmq-otel's format, which BullMQ stores with the job.
import { context, isSpanContextValid, propagation, trace } from '@opentelemetry/api';
import type { Job, JobsOptions, Worker } from 'bullmq';
import { getClient } from '../api.js';
import { markPrimitiveCaptured, wasCaptured, wasPrimitiveCaptured } from '../captured-errors.js';
import { markJobFailed, runInJobScope } from '../queues/job-scope.js';
import { flushAll } from '../serverless/flush.js';
import type { EventHint } from '../types.js';
import { debug } from '../utils/debug.js';
import { isError, isPlainObject, safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';
import { activeSetup } from './shared.js';

export const NAME = 'BullMQ';
const PATCHED = Symbol.for('otel-sentry.bullmq.patched');
const CONTROL_FLOW = new Set(['DelayedError', 'WaitingError', 'WaitingChildrenError', 'RateLimitError']);
const RATE_LIMIT_MESSAGE = 'bullmq:rateLimitExceeded';

export interface BullMQResolved {
  captureOnlyFinalFailure: boolean;
  flushTimeout: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

function wrap(proto: object, key: string, make: (original: Method) => Method): void {
  const original = safeGet(proto, key);
  if (typeof original !== 'function') {
    debug.warn(`bullmq: ${key} not found; that part of the integration is off`);
    return;
  }
  (proto as Record<string, unknown>)[key] = make(original as Method);
}

/** Patches a bullmq Worker class once; anything unexpected leaves it as it was. */
export function patchWorker(WorkerClass: unknown): void {
  const proto = safeGet(WorkerClass, 'prototype') as Record<PropertyKey, unknown> | undefined;
  if (!proto || proto[PATCHED]) return;
  proto[PATCHED] = true;
  wrap(
    proto,
    'processJob',
    (original) =>
      function processJob(this: unknown, ...args: unknown[]) {
        if (!activeSetup(NAME)) return original.apply(this, args);
        return runJob(this as Worker, args[0] as Job, () => original.apply(this, args));
      },
  );
  wrap(
    proto,
    'handleFailed',
    (original) =>
      function handleFailed(this: unknown, ...args: unknown[]) {
        safe('bullmq failed job', () => onFailed(this as Worker, args[0], args[1] as Job), undefined);
        return original.apply(this, args);
      },
  );
  wrap(
    proto,
    'close',
    (original) =>
      async function close(this: unknown, ...args: unknown[]) {
        try {
          return await original.apply(this, args);
        } finally {
          const setup = activeSetup<BullMQResolved>(NAME);
          if (setup) await flushAll(setup.options.flushTimeout);
        }
      },
  );
}

/** Patches a bullmq Queue class once, for trace propagation from the producer. */
export function patchQueue(QueueClass: unknown): void {
  const proto = safeGet(QueueClass, 'prototype') as Record<PropertyKey, unknown> | undefined;
  if (!proto || proto[PATCHED]) return;
  proto[PATCHED] = true;
  wrap(
    proto,
    'add',
    (original) =>
      function add(this: unknown, ...args: unknown[]) {
        if (ownsTelemetry(this)) return original.apply(this, args);
        const [name, data, opts, ...rest] = args;
        return original.apply(this, [name, data, withTrace(opts), ...rest]);
      },
  );
  wrap(
    proto,
    'addBulk',
    (original) =>
      function addBulk(this: unknown, ...args: unknown[]) {
        const [jobs, ...rest] = args;
        if (ownsTelemetry(this) || !Array.isArray(jobs)) return original.apply(this, args);
        const traced = safe(
          'bullmq addBulk',
          () => jobs.map((j) => (isPlainObject(j) ? { ...j, opts: withTrace(j.opts) } : j)),
          jobs,
        );
        return original.apply(this, [traced, ...rest]);
      },
  );
}

/** BullMQ propagates and traces by itself when the queue or worker has telemetry (bullmq-otel). */
function ownsTelemetry(queueOrWorker: unknown): boolean {
  return !activeSetup(NAME) || safeGet(safeGet(queueOrWorker, 'opts'), 'telemetry') != null;
}

/** `opts` with the active trace as propagation metadata, unless it has some or opts out. */
function withTrace(opts: unknown): unknown {
  return safe(
    'bullmq trace propagation',
    () => {
      if (opts !== undefined && !isPlainObject(opts)) return opts;
      const telemetry = safeGet(opts, 'telemetry');
      if (safeGet(telemetry, 'metadata') || safeGet(telemetry, 'omitContext')) return opts;
      const sc = trace.getSpanContext(context.active());
      if (!sc || !isSpanContextValid(sc)) return opts;
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      if (Object.keys(carrier).length === 0) return opts;
      const metadata = JSON.stringify(carrier);
      return { ...(opts as JobsOptions), telemetry: { ...(telemetry as object), metadata } };
    },
    opts,
  );
}

/** The `bullmq` context of a job: queue, id, name and which attempt this is. */
function jobContext(worker: Worker, job: Job): Record<string, unknown> {
  const attempts = safeGet(safeGet(job, 'opts'), 'attempts');
  const made = safeGet(job, 'attemptsMade');
  const ctx: Record<string, unknown> = {
    queue: safeGet(worker, 'name'),
    job_id: safeGet(job, 'id'),
    name: safeGet(job, 'name'),
    attempt: (typeof made === 'number' ? made : 0) + 1,
  };
  if (typeof attempts === 'number') ctx.max_attempts = attempts;
  return ctx;
}

function runJob(worker: Worker, job: Job, run: () => unknown): unknown {
  const ctx = safe('bullmq job context', () => jobContext(worker, job), {});
  const queue = String(ctx.queue);
  const span = ownsTelemetry(worker)
    ? false
    : {
        name: `process ${queue}`,
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queue,
          'messaging.message.id': String(ctx.job_id),
          'sentry.op': 'queue.process',
          'sentry.origin': 'auto.queue.bullmq',
        },
        carrier: safe('bullmq trace metadata', () => readMetadata(job), undefined),
      };
  return runInJobScope({ contextKey: 'bullmq', context: ctx, span }, run);
}

/** The producer's propagation headers BullMQ stored with the job. */
function readMetadata(job: Job): unknown {
  const metadata = safeGet(safeGet(safeGet(job, 'opts'), 'telemetry'), 'metadata');
  return typeof metadata === 'string' ? JSON.parse(metadata) : undefined;
}

function isControlFlow(error: unknown): boolean {
  return CONTROL_FLOW.has(String(safeGet(error, 'name'))) || safeGet(error, 'message') === RATE_LIMIT_MESSAGE;
}

/** Whether BullMQ will not retry the job after this failure (its own rule, `shouldRetryJob`). */
function isFinalAttempt(worker: Worker, error: unknown, job: Job): boolean {
  if (safeGet(error, 'name') === 'UnrecoverableError') return true;
  const made = Number(safeGet(job, 'attemptsMade')) || 0;
  const attempts = Number(safeGet(safeGet(job, 'opts'), 'attempts')) || 1;
  const maxStarted = Number(safeGet(safeGet(worker, 'opts'), 'maxStartedAttempts')) || 0;
  const started = Number(safeGet(job, 'attemptsStarted')) || 0;
  return made + 1 >= attempts || (maxStarted > 0 && maxStarted <= started);
}

function onFailed(worker: Worker, error: unknown, job: Job): void {
  const setup = activeSetup<BullMQResolved>(NAME);
  if (!setup || isControlFlow(error) || wasCaptured(error)) return;
  markJobFailed();
  const final = isFinalAttempt(worker, error, job);
  if (setup.options.captureOnlyFinalFailure && !final) return;
  const ctx: Record<string, unknown> = { ...jobContext(worker, job), final_attempt: final };
  // Straight to the client, not captureException(): that would first capture the exceptions spans
  // recorded a moment ago (bullmq-otel's process span has this one), and this capture, with the
  // job's mechanism and context, is the one that should win.
  const client = getClient();
  if (!client?.isEnabled()) return;
  // A thrown string has no identity: remembered by trace and text, so the span that recorded it
  // (bullmq-otel's process span) sends nothing more.
  const traceId = trace.getSpan(context.active())?.spanContext().traceId;
  if (wasPrimitiveCaptured(traceId, error)) return;
  markPrimitiveCaptured(traceId, error, 'handler');
  const hint: EventHint = {
    mechanism: { type: 'auto.queue.bullmq', handled: false, data: { attempt: String(ctx.attempt) } },
    captureContext: { contexts: { bullmq: ctx } },
  };
  if (!isError(error)) hint.syntheticException = new Error('otel-sentry syntheticException');
  client.captureException(error, hint);
}
