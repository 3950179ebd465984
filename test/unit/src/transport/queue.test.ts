import { describe, expect, it } from 'vitest';
import { TaskQueue } from '../../../../src/transport/queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('TaskQueue', () => {
  it('runs at most `concurrency` tasks at once, in order', async () => {
    const started: number[] = [];
    const gates = new Map<number, ReturnType<typeof deferred>>();
    const queue = new TaskQueue<number>({
      maxCount: 100,
      maxBytes: 1e9,
      concurrency: 2,
      run: (n) => {
        started.push(n);
        const gate = deferred();
        gates.set(n, gate);
        return gate.promise;
      },
    });
    for (let i = 0; i < 5; i++) expect(queue.push(i, 1)).toBe(true);
    expect(started).toEqual([0, 1]);
    expect(queue.pending).toBe(5);
    gates.get(0)?.resolve();
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    for (let i = 1; i < 5; i++) {
      gates.get(i)?.resolve();
      await new Promise((r) => setImmediate(r));
    }
    expect(await queue.drain(1000)).toBe(true);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(queue.pending).toBe(0);
    expect(queue.bytes).toBe(0);
  });

  it('refuses tasks beyond the count and byte bounds', () => {
    const never = new Promise<void>(() => {});
    const byCount = new TaskQueue<number>({ maxCount: 3, maxBytes: 1e9, concurrency: 1, run: () => never });
    expect([1, 2, 3, 4].map((n) => byCount.push(n, 1))).toEqual([true, true, true, false]);
    const byBytes = new TaskQueue<number>({ maxCount: 100, maxBytes: 10, concurrency: 1, run: () => never });
    expect(byBytes.push(1, 6)).toBe(true);
    expect(byBytes.push(2, 6)).toBe(false);
    expect(byBytes.push(3, 4)).toBe(true);
    expect(byBytes.bytes).toBe(10);
  });

  it('drain resolves false on timeout and true when idle', async () => {
    const gate = deferred();
    const queue = new TaskQueue<number>({
      maxCount: 10,
      maxBytes: 100,
      concurrency: 1,
      run: () => gate.promise,
    });
    expect(await queue.drain(10)).toBe(true);
    queue.push(1, 1);
    expect(await queue.drain(20)).toBe(false);
    const waiting = queue.drain(5000);
    gate.resolve();
    expect(await waiting).toBe(true);
  });

  it('survives tasks that throw or reject', async () => {
    let calls = 0;
    const queue = new TaskQueue<number>({
      maxCount: 10,
      maxBytes: 100,
      concurrency: 1,
      run: (n) => {
        calls++;
        if (n === 0) throw new Error('sync');
        return Promise.reject(new Error('async'));
      },
    });
    queue.push(0, 1);
    queue.push(1, 1);
    queue.push(2, 1);
    expect(await queue.drain(1000)).toBe(true);
    expect(calls).toBe(3);
  });

  it('clear returns the tasks that never started', async () => {
    const gate = deferred();
    const queue = new TaskQueue<number>({
      maxCount: 10,
      maxBytes: 100,
      concurrency: 1,
      run: () => gate.promise,
    });
    for (let i = 0; i < 4; i++) queue.push(i, 2);
    expect(queue.clear()).toEqual([1, 2, 3]);
    expect(queue.pending).toBe(1);
    expect(queue.bytes).toBe(2);
    gate.resolve();
    expect(await queue.drain(1000)).toBe(true);
  });

  it('handles many tasks without quadratic cost', async () => {
    let done = 0;
    const queue = new TaskQueue<number>({
      maxCount: 50_000,
      maxBytes: 1e9,
      concurrency: 8,
      run: async () => {
        done++;
      },
    });
    for (let i = 0; i < 50_000; i++) queue.push(i, 1);
    expect(await queue.drain(5000)).toBe(true);
    expect(done).toBe(50_000);
  });
});
