// Load with faults: an app (its own process) where every request captures an error, under a
// fixed request rate, while the DSN refuses connections, answers 500, answers 429 with
// Retry-After, hangs, or answers slowly; beside it, at the same time, the same app with a
// healthy DSN. The app never fails a request, its p99 stays near the healthy twin's, its memory
// stays bounded, and every event is accounted for exactly. Short runs here (CI runs the suite
// twice); `node bench/faults.mjs` runs the 20 s version and prints the figures.
import { describe, expect, test } from 'vitest';
import { type FaultMode, type FaultRun, runSideBySide } from '../../../bench/faults/run.mjs';

const DURATION_SEC = 2;
/** Per app; well under what this 2-core machine sustains with the rest of the suite beside it. */
const RATE = 300;
// The queue sized for this test, not for memory with a dead DSN (2 MiB until the DSN first answers): behind a DSN
// that takes 300 ms, or on a starved machine, 2 s at this rate backs up more than 2 MiB of ~9 KB
// events, and the test is about surviving faults with every event delivered or counted.
const QUEUE_BYTES = 16 * 1024 * 1024;

function expectHealthyHost(run: FaultRun): void {
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  expect(run.errors).toBe(0);
  expect(run.non2xx).toBe(0);
  // The load really ran; a starved shared machine may fall far short of the rate, so no more is
  // asked of it. Every request captured an event (the warm-up's included).
  expect(run.requests).toBeGreaterThan(20);
  expect(run.captured).toBeGreaterThanOrEqual(run.requests);
}

function expectBooksBalance(run: FaultRun): void {
  expect(run.closed).toBe(true);
  expect(run.duplicates).toBe(0);
  // Accepted by the DSN + answered 429 there (Sentry counts those) + counted in client reports.
  expect(run.accountedFor).toBe(run.captured);
}

describe('load with a failing DSN, beside the same load with a healthy one', () => {
  test.each<[FaultMode, string]>([
    ['refuse', 'network_error'],
    ['status-500', 'send_error'],
    ['status-429', 'ratelimit_backoff'],
    ['hang', 'network_error'],
    ['slow', ''],
  ])(
    '%s: no failed request, p99 near the healthy twin, memory bounded, every event accounted for',
    async (mode, reason) => {
      const { healthy, fault } = await runSideBySide({
        mode,
        durationSec: DURATION_SEC,
        rate: RATE,
        queueBytes: QUEUE_BYTES,
      });
      for (const run of [healthy, fault]) {
        expectHealthyHost(run);
        expectBooksBalance(run);
      }
      expect(healthy.delivered).toBe(healthy.captured);
      if (reason) expect(fault.reasons[reason]).toBeGreaterThan(0);
      else expect(fault.delivered).toBe(fault.captured);
      // Generous: a 2 s run's p99 on a shared 2-core machine, with other test files running, is
      // mostly the scheduler's noise. Yet a capture that waited on the DSN (2 s when it hangs,
      // 300 ms when slow) would move the median past these. The 20 s figures
      // (`node bench/faults.mjs`) are in the README ("Delivery").
      expect(fault.p50).toBeLessThanOrEqual(3 * healthy.p50 + 50);
      expect(fault.p99).toBeLessThanOrEqual(3 * healthy.p99 + 250);
      expect(fault.rssGrowthMB).toBeLessThanOrEqual(healthy.rssGrowthMB + 40);
    },
    30_000,
  );
});
