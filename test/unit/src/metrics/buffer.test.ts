// The batch timer: a batch is sent 5 s after its first metric, once, without a flush call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../../src/index.js';
import { createRecordingTransport } from '../../../helpers/recording-transport.js';

describe('metric batches', () => {
  let recording: ReturnType<typeof createRecordingTransport>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    recording = createRecordingTransport();
    Sentry.init({
      dsn: 'https://0123456789abcdef0123456789abcdef@h.example.com/1',
      transport: recording.factory,
      defaultIntegrations: false,
    });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Sentry.close(0);
  });

  const metricCounts = () =>
    recording.transport.envelopes.flatMap(([, items]) =>
      items.filter(([h]) => h.type === 'trace_metric').map(([h]) => h.item_count),
    );

  it('are sent 5 s after the first metric of the batch, by an unref()ed timer', () => {
    const timers = vi.spyOn(globalThis, 'setTimeout');
    Sentry.metrics.count('a');
    vi.advanceTimersByTime(3000);
    Sentry.metrics.count('b'); // joins the batch: the timer is not restarted
    vi.advanceTimersByTime(1999);
    expect(metricCounts()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(metricCounts()).toEqual([2]);
    const timer = timers.mock.results[0]?.value as { hasRef?: () => boolean } | undefined;
    expect(timer?.hasRef?.()).toBe(false);
    timers.mockRestore();
    Sentry.metrics.count('c');
    vi.advanceTimersByTime(5000);
    expect(metricCounts()).toEqual([2, 1]);
  });
});
