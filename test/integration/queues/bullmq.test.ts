// BullMQ against a real redis-server (started here on a free port): a producer and a worker in a
// child process, with init() alone, under the preload, and with the app's tracer provider and
// bullmq-otel. Events travel to the receiver; the worker's close() must have flushed them.
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { type RedisServer, startRedis } from '../../helpers/redis.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from '../otel/package.js';

interface Summary {
  loadedByInit: boolean;
  patched: string[];
  producerTrace: string;
  results: unknown[];
  circularError: string;
  spans?: { name: string; traceId: string; spanId: string; origin?: string }[];
}

let redis: RedisServer;
let receiver: Receiver;
let queueNo = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

async function run(env: Record<string, string>, nodeArgs: string[] = []): Promise<Summary> {
  const file = runnable(join(REPO, 'test/integration/queues/fixtures/jobs.mjs'));
  const result = await runScenario(file, {
    env: { SENTRY_DSN: receiver.dsn, REDIS_PORT: String(redis.port), QUEUE: `q${++queueNo}`, ...env },
    nodeArgs,
    cwd: runDir(file),
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Summary;
}

const top = (e: Event | undefined) => e?.exception?.values.at(-1);
const byName = (events: Event[], name: string) =>
  events.filter((e) => (e.contexts?.bullmq as { name?: string } | undefined)?.name === name);

function expectJobEvents(summary: Summary, events: Event[], everyAttempt: boolean): void {
  // The ok job's result is BullMQ's, unchanged; the circular payload fails as BullMQ makes it fail.
  expect(summary.results).toEqual([{ total: 42 }]);
  expect(summary.circularError).toMatch(/^TypeError: Converting circular structure to JSON/);
  for (const event of events) {
    expect(top(event)?.mechanism).toMatchObject({ type: 'auto.queue.bullmq', handled: false });
    // The trace continues from the producer's span.
    expect(event.contexts?.trace?.trace_id).toBe(summary.producerTrace);
    // One isolation scope per job: its own breadcrumbs only, nothing from the ok job.
    const name = String(event.contexts?.bullmq?.name);
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual([
      expect.stringMatching(new RegExp(`^${name} \\d+ started$`)),
    ]);
    expect(event.tags?.leaky).toBeUndefined();
    expect(event.transaction).toBe(name);
  }
  const failed = byName(events, 'fail');
  const attempts = failed
    .map((e) => e.contexts?.bullmq)
    .sort((a, b) => Number(a?.attempt) - Number(b?.attempt));
  const queue = attempts[0]?.queue;
  expect(queue).toMatch(/^q\d+$/);
  const second = {
    queue,
    job_id: expect.any(String),
    name: 'fail',
    attempt: 2,
    max_attempts: 2,
    final_attempt: true,
  };
  const first = { ...second, attempt: 1, final_attempt: false };
  expect(attempts).toEqual(everyAttempt ? [first, second] : [second]);
  expect(byName(events, 'string').map((e) => top(e)?.value)).toEqual(['not an Error']);
  expect(
    byName(events, 'unrecoverable').map((e) => [top(e)?.type, e.contexts?.bullmq?.final_attempt]),
  ).toEqual([['UnrecoverableError', true]]);
  expect(events).toHaveLength(everyAttempt ? 4 : 3);
}

describe('BullMQ', () => {
  it('init() alone: a scope per job, every failed attempt, trace from the producer, flushed on close', async () => {
    const summary = await run({ MODE: 'init' });
    // Patched when the app loaded bullmq, not loaded by init().
    expect(summary.loadedByInit).toBe(false);
    expect(summary.patched).toContain('Symbol(otel-sentry.bullmq.patched)');
    expectJobEvents(summary, receiver.events(), true);
  });

  it('captureOnlyFinalFailure: only the attempt BullMQ will not retry', async () => {
    const summary = await run({ MODE: 'init', FINAL_ONLY: '1' });
    expectJobEvents(summary, receiver.events(), false);
  });

  it('under the preload', async () => {
    const summary = await run({ MODE: 'preload' }, ['--import', 'otel-sentry/preload']);
    expectJobEvents(summary, receiver.events(), true);
  });

  it("the app's tracer provider and bullmq-otel: events sit in BullMQ's process spans", async () => {
    const summary = await run({ MODE: 'otel' });
    // BullMQ records the circular payload's error on its `add` span, reported as any span exception.
    const [spanError, ...events] = receiver
      .events()
      .sort((a, b) => Number(Boolean(a.contexts?.bullmq)) - Number(Boolean(b.contexts?.bullmq)));
    expect(top(spanError)).toMatchObject({ type: 'TypeError', mechanism: { type: 'auto.otel.span' } });
    expectJobEvents(summary, events, true);
    const processSpans = (summary.spans ?? []).filter((s) => s.name.startsWith('process '));
    expect(processSpans.length).toBeGreaterThanOrEqual(5);
    expect(processSpans.every((s) => s.traceId === summary.producerTrace)).toBe(true);
    const ids = new Set(processSpans.map((s) => s.spanId));
    for (const event of events) expect(ids.has(String(event.contexts?.trace?.span_id))).toBe(true);
    // BullMQ makes the spans itself: none of ours beside them.
    expect(processSpans.filter((s) => s.origin === 'auto.queue.bullmq')).toEqual([]);
  });

  it("the app's tracer provider without bullmq-otel: our process spans continue the producer's trace", async () => {
    const summary = await run({ MODE: 'provider' });
    const events = receiver.events();
    expectJobEvents(summary, events, true);
    const ours = (summary.spans ?? []).filter((s) => s.origin === 'auto.queue.bullmq');
    // One per attempt: ok, fail twice, string, unrecoverable.
    expect(ours).toHaveLength(5);
    expect(ours.every((s) => s.traceId === summary.producerTrace && /^process q\d+$/.test(s.name))).toBe(
      true,
    );
    const ids = new Set(ours.map((s) => s.spanId));
    for (const event of events) expect(ids.has(String(event.contexts?.trace?.span_id))).toBe(true);
  });
});
