// Exit-time delivery at scale: 50 runs that capture and then die of an uncaught error, 50 that
// capture and `process.exit(0)` after `await flush()`, in parallel batches (a race between the
// flush and the exit shows up as a missing event). Every event arrives before its process ends,
// and exit codes are Node's own.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/capture-then-exit.mjs', import.meta.url));
const RUNS = 50;
const BATCH = 10;

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

async function inBatches(run: (id: string) => Promise<void>, prefix: string): Promise<void> {
  for (let start = 0; start < RUNS; start += BATCH) {
    const ids = Array.from({ length: Math.min(BATCH, RUNS - start) }, (_, i) => `${prefix}${start + i}`);
    await Promise.all(ids.map(run));
  }
}

describe('exit-time delivery, 50 + 50 runs', () => {
  test('capture, then an uncaught error: both events delivered before exit 1', async () => {
    await inBatches(async (id) => {
      const result = await runScenario(fixture, {
        env: { SENTRY_DSN: receiver.dsn, RUN: id, CASE: 'throw' },
      });
      // Read at once, not awaited: the events must have arrived before the child ended.
      const events = receiver.events().filter((e) => e.tags?.run === id);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`^Error: uncaught ${id}\\n {4}at `));
      expect(events.map((e) => e.exception?.values.at(-1)?.value).sort()).toEqual([
        `captured ${id}`,
        `uncaught ${id}`,
      ]);
      expect(events.find((e) => e.level === 'fatal')?.exception?.values.at(-1)?.value).toBe(`uncaught ${id}`);
    }, 't');
    expect(receiver.problems).toEqual([]);
  }, 90_000);

  test('capture, await flush(), process.exit(0): delivered, exit 0', async () => {
    await inBatches(async (id) => {
      const result = await runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn, RUN: id, CASE: 'exit' } });
      const events = receiver.events().filter((e) => e.tags?.run === id);
      expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
      expect(events.map((e) => e.exception?.values.at(-1)?.value)).toEqual([`captured ${id}`]);
    }, 'x');
    expect(receiver.problems).toEqual([]);
  }, 90_000);
});
