// examples/bullmq: the producer, then the worker, as two processes against a real redis-server.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { type RedisServer, startRedis } from '../../helpers/redis.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from '../otel/package.js';

let redis: RedisServer;
let receiver: Receiver;
beforeAll(async () => {
  [redis, receiver] = await Promise.all([startRedis(), startReceiver()]);
});
afterAll(async () => {
  await Promise.all([redis.stop(), receiver.close()]);
});

describe('examples/bullmq', () => {
  it('the worker reports each failed attempt, in the producer trace, before close() resolves', async () => {
    const env = { SENTRY_DSN: receiver.dsn, REDIS_PORT: String(redis.port) };
    const producer = runnable(join(REPO, 'examples/bullmq/producer.mjs'));
    const produced = await runScenario(producer, { env, cwd: runDir(producer) });
    expect(produced.stderr).toBe('');
    const traceId = /in trace ([0-9a-f]{32})/.exec(produced.stdout)?.[1];
    expect(traceId).toBeDefined();

    const worker = runnable(join(REPO, 'examples/bullmq/worker.mjs'));
    const worked = await runScenario(worker, { env, cwd: runDir(worker) });
    expect(worked.stderr).toBe('');
    expect(worked.code).toBe(0);
    expect(worked.stdout).toContain('ann: sent to ann@example.com');
    expect(worked.stdout).toContain('bob: attempt 2 failed: customer bob has no email address');
    // Sent before the worker process ended: close() flushed.
    const events = receiver.events();
    expect(events.map((e) => e.contexts?.bullmq?.attempt).sort()).toEqual([1, 2]);
    for (const event of events) {
      expect(event).toMatchObject({
        release: 'example-bullmq@1.0.0',
        transaction: 'send-invoice',
        contexts: { bullmq: { queue: 'invoices', name: 'send-invoice' }, trace: { trace_id: traceId } },
      });
      expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['rendering invoice for bob']);
    }
    expect(receiver.problems).toEqual([]);
  });
});
