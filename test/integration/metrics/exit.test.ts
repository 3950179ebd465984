// Exit-time delivery in a child process: buffered metrics and check-ins reach Sentry when the
// process ends by itself, and the buffer's timer never holds a process up.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/exit.mjs', import.meta.url));

describe('metrics and check-ins at exit', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    expect(receiver.problems).toEqual([]);
    await receiver.close();
  });

  it('are flushed when the process ends by itself', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn }, args: ['default'] });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('job done');
    await receiver.waitFor(() => receiver.metrics().length >= 3 && receiver.checkIns().length >= 2);
    expect(receiver.metrics().map((m) => [m.name, m.type, m.value])).toEqual([
      ['jobs.run', 'counter', 1],
      ['job.duration', 'distribution', 12.5],
      ['after.job', 'gauge', 3],
    ]);
    expect(receiver.metrics()[0]?.attributes['sentry.release']).toEqual({
      value: 'exit@1.0.0',
      type: 'string',
    });
    expect(receiver.checkIns().map((c) => [c.monitor_slug, c.status])).toEqual([
      ['exit-job', 'in_progress'],
      ['exit-job', 'ok'],
    ]);
  });

  it('are sent by close(), without the exit flush', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn }, args: ['close'] });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.checkIns().length >= 2);
    expect(receiver.metrics().map((m) => m.name)).toEqual(['jobs.run', 'job.duration', 'after.job']);
  });

  it('enableMetrics: false sends no metrics (check-ins still go)', async () => {
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn }, args: ['disabled'] });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.checkIns().length >= 2);
    expect(receiver.metrics()).toEqual([]);
  });

  it("the batch timer is unref'd: without the exit flush the process ends at once and the batch is lost", async () => {
    // A ref'd 5 s timer would keep the process alive and send the batch when it fires.
    const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn }, args: ['no-exit-flush'] });
    expect(result.code).toBe(0);
    await receiver.waitFor(() => receiver.checkIns().length >= 2);
    expect(receiver.metrics()).toEqual([]);
  });
});
