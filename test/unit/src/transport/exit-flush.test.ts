// In-process checks of the exit flush's bookkeeping; real exits are tested in child processes
// (test/integration/transport/exit.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installExitFlush } from '../../../../src/exit-flush.js';

const beforeExitCount = (): number => process.listenerCount('beforeExit');
let uninstallers: Array<() => void> = [];

afterEach(() => {
  for (const u of uninstallers) u();
  uninstallers = [];
});

function install(...args: Parameters<typeof installExitFlush>): void {
  uninstallers.push(installExitFlush(...args));
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('installExitFlush', () => {
  it('installs one set of listeners per process; the newest registration wins', async () => {
    const before = { exit: beforeExitCount(), term: process.listenerCount('SIGTERM') };
    const first = vi.fn(async () => true);
    const second = vi.fn(async () => true);
    install(
      first,
      () => 100,
      () => true,
    );
    install(
      second,
      () => 100,
      () => true,
    );
    expect(beforeExitCount()).toBe(before.exit + 1);
    expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
    process.emit('beforeExit', 0);
    await tick();
    expect(first).not.toHaveBeenCalled();
    expect(second).toHaveBeenCalledWith(100);
    // The first uninstaller is stale: it must not remove the second registration.
    uninstallers[0]?.();
    expect(beforeExitCount()).toBe(before.exit + 1);
    uninstallers[1]?.();
    expect(beforeExitCount()).toBe(before.exit);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });

  it('flushes on beforeExit only while something is pending, and gives up on undeliverable work', async () => {
    let pending = false;
    const flush = vi.fn(async () => true);
    install(
      flush,
      () => 50,
      () => pending,
    );
    process.emit('beforeExit', 0);
    await tick();
    expect(flush).toHaveBeenCalledTimes(0);
    pending = true;
    for (let i = 0; i < 5; i++) {
      process.emit('beforeExit', 0);
      await tick();
    }
    // Flushes that leave work pending are retried a bounded number of times: no endless loop.
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('stops after a flush that timed out', async () => {
    const flush = vi.fn(async () => false);
    install(
      flush,
      () => 50,
      () => true,
    );
    for (let i = 0; i < 3; i++) {
      process.emit('beforeExit', 0);
      await tick();
    }
    expect(flush).toHaveBeenCalledTimes(1);
  });

  it('without hasPending, flushes on every other beforeExit', async () => {
    const flush = vi.fn(async () => true);
    install(flush, () => 50);
    for (let i = 0; i < 4; i++) {
      process.emit('beforeExit', 0);
      await tick();
    }
    expect(flush).toHaveBeenCalledTimes(2);
  });

  it('a throwing or rejecting flush never escapes', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    install(
      () => {
        throw new Error('sync');
      },
      () => 50,
      () => true,
    );
    process.emit('beforeExit', 0);
    await tick();
    install(
      () => Promise.reject(new Error('async')),
      () => 50,
      () => true,
    );
    process.emit('beforeExit', 0);
    await tick();
    await tick();
    process.removeListener('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
