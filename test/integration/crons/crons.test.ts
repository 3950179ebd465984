// Cron monitors in this process: check-ins over real HTTP to the inbox, which checks each
// `check_in` item as Relay would.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { SerializedCheckIn } from '../../../src/protocol/types.js';
import { debug } from '../../../src/utils/debug.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

let receiver: Receiver;
let seen = 0;
beforeAll(async () => {
  receiver = await startReceiver();
  Sentry.init({
    dsn: receiver.dsn,
    defaultIntegrations: false,
    release: 'jobs@1.2.3',
    environment: 'production',
    tracesSampleRate: 1,
  });
});
afterAll(async () => {
  await Sentry.close(0);
  await receiver.close();
});
beforeEach(() => {
  seen = receiver.checkIns().length;
});
afterEach(() => {
  expect(receiver.problems).toEqual([]);
});

async function checkIns(count: number): Promise<SerializedCheckIn[]> {
  expect(await Sentry.flush(5000)).toBe(true);
  await receiver.waitFor(() => receiver.checkIns().length >= seen + count);
  return receiver.checkIns().slice(seen);
}

const config: Sentry.MonitorConfig = {
  schedule: { type: 'crontab', value: '0 * * * *' },
  checkinMargin: 2,
  maxRuntime: 10,
  timezone: 'Europe/Vienna',
  failureIssueThreshold: 3,
  recoveryThreshold: 2,
};

describe('withMonitor', () => {
  it('sync: returns the value, sends in_progress with the config then ok with the duration', async () => {
    expect(Sentry.withMonitor('hourly-sync', () => 42, config)).toBe(42);
    const [start, end, ...rest] = await checkIns(2);
    expect(rest).toEqual([]);
    expect(start).toMatchObject({
      monitor_slug: 'hourly-sync',
      status: 'in_progress',
      release: 'jobs@1.2.3',
      environment: 'production',
      monitor_config: {
        schedule: { type: 'crontab', value: '0 * * * *' },
        checkin_margin: 2,
        max_runtime: 10,
        timezone: 'Europe/Vienna',
        failure_issue_threshold: 3,
        recovery_threshold: 2,
      },
    });
    expect(start?.duration).toBeUndefined();
    expect(end).toMatchObject({ monitor_slug: 'hourly-sync', status: 'ok', check_in_id: start?.check_in_id });
    expect(end?.monitor_config).toBeUndefined();
    expect(end?.duration).toBeGreaterThanOrEqual(0);
    expect(start?.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(end?.contexts?.trace?.trace_id).toBe(start?.contexts?.trace?.trace_id);
    // The envelope's trace header is the trace's DSC.
    const envelope = receiver.requests.find((r) => r.envelope[1][0]?.[0].type === 'check_in');
    expect(envelope?.envelope[0].trace).toMatchObject({
      public_key: expect.any(String),
      release: 'jobs@1.2.3',
    });
  });

  it('async: returns the very promise, ok after it settles; a rejection reaches the caller and sends error', async () => {
    const job = Promise.resolve('done');
    const returned = Sentry.withMonitor('nightly', () => job, {
      schedule: { type: 'interval', value: 1, unit: 'day' },
    });
    expect(returned).toBe(job);
    expect(await returned).toBe('done');
    const failure = new Error('disk full');
    const rejected = Sentry.withMonitor('nightly', () => Promise.reject(failure));
    await expect(rejected).rejects.toBe(failure);
    const [start, ok, failStart, failEnd] = await checkIns(4);
    expect(start?.monitor_config).toEqual({ schedule: { type: 'interval', value: 1, unit: 'day' } });
    expect(ok).toMatchObject({ status: 'ok', check_in_id: start?.check_in_id });
    expect(failStart?.status).toBe('in_progress');
    expect(failEnd).toMatchObject({ status: 'error', check_in_id: failStart?.check_in_id });
  });

  it('a throwing callback: the same error reaches the caller, error check-in sent', async () => {
    const failure = new TypeError('bad row');
    let caught: unknown;
    try {
      Sentry.withMonitor('import', () => {
        throw failure;
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBe(failure);
    const [, end] = await checkIns(2);
    expect(end).toMatchObject({ monitor_slug: 'import', status: 'error' });
  });

  it("stays in the caller's trace, or with isolateTrace starts a new one", async () => {
    let outer: string | undefined;
    Sentry.startSpan({ name: 'scheduler' }, (span) => {
      outer = span.spanContext().traceId;
      Sentry.withMonitor('same-trace', () => 1);
      Sentry.withMonitor('own-trace', () => 1, { ...config, isolateTrace: true });
    });
    const [same, , own] = await checkIns(4);
    expect(same?.contexts?.trace?.trace_id).toBe(outer);
    expect(own?.contexts?.trace?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(own?.contexts?.trace?.trace_id).not.toBe(outer);
  });

  it('bad input: a slug that is not a string runs the job unmonitored, a non-function runs nothing; debug lines, no throw', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    debug.enable(true);
    let results: unknown[];
    try {
      results = [
        Sentry.withMonitor(5 as unknown as string, () => 'ran'),
        Sentry.withMonitor('' as string, () => 'ran too'),
        Sentry.withMonitor('x', 'not a function' as unknown as () => void),
        Sentry.withMonitor('y', undefined as unknown as () => void, { schedule: 'weird' } as never),
      ];
    } finally {
      debug.enable(false);
    }
    const lines = warn.mock.calls.map((args) => args.join(' '));
    warn.mockRestore();
    expect(results).toEqual(['ran', 'ran too', undefined, undefined]);
    expect(lines.filter((l) => l.includes('slug must be a non-empty string'))).toHaveLength(2);
    expect(lines.filter((l) => l.includes('expects a callback function'))).toHaveLength(2);
    Sentry.withMonitor('after-bad', () => 0);
    const sent = await checkIns(2);
    expect(sent.map((c) => c.monitor_slug)).toEqual(['after-bad', 'after-bad']);
  });
});

describe('captureCheckIn', () => {
  it('returns the id, which closes the check-in; a bad config is left out, a bad slug is not sent', async () => {
    const id = Sentry.captureCheckIn({ monitorSlug: 'manual', status: 'in_progress' }, config);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(Sentry.captureCheckIn({ monitorSlug: 'manual', status: 'ok', checkInId: id, duration: 1.5 })).toBe(
      id,
    );
    expect(() =>
      Sentry.captureCheckIn({ monitorSlug: 'manual', status: 'error' }, {
        schedule: { type: 'interval', value: 'often' },
      } as never),
    ).not.toThrow();
    const other = Sentry.captureCheckIn({ monitorSlug: 7, status: 'ok' } as never);
    expect(other).toMatch(/^[0-9a-f]{32}$/);
    expect(() => Sentry.captureCheckIn(null as never)).not.toThrow();
    expect(() => Sentry.captureCheckIn({ monitorSlug: 'manual', status: 'done' } as never)).not.toThrow();
    const sent = await checkIns(3);
    expect(sent.map((c) => [c.check_in_id === id, c.status, c.duration])).toEqual([
      [true, 'in_progress', undefined],
      [true, 'ok', 1.5],
      [false, 'error', undefined],
    ]);
    expect(sent[2]?.monitor_config).toBeUndefined();
  });
});
