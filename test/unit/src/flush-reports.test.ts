// Losses the transport records while a flush drains its queue (send errors, timeouts) are
// reported by that same flush: after a close there is no next minute to report them in.
import { afterEach, expect, test } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { ClientReport, Envelope } from '../../../src/protocol/types.js';
import type { TransportFactory } from '../../../src/transport/types.js';
import { startReceiver } from '../../helpers/receiver.js';

afterEach(async () => {
  await Sentry.close(0);
});

test('a drop recorded during the flush goes out in a client report before close returns', async () => {
  const sent: Envelope[] = [];
  let flushes = 0;
  const factory: TransportFactory = (options) => ({
    send(envelope) {
      sent.push(envelope);
    },
    flush() {
      // The first drain loses the queued event (as a 500 or a timeout would).
      if (flushes++ === 0) options.recordDroppedEvent('send_error', 'error');
      return Promise.resolve(true);
    },
  });
  Sentry.init({ dsn: 'https://key@sentry.example.com/1', transport: factory, defaultIntegrations: false });
  Sentry.captureException(new Error('lost in flight'));
  expect(await Sentry.close(1000)).toBe(true);
  const reports = sent.flatMap((e) =>
    e[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport),
  );
  expect(reports.flatMap((r) => r.discarded_events)).toEqual([
    { reason: 'send_error', category: 'error', quantity: 1 },
  ]);
  expect(flushes).toBe(2);
});

test('a burst that overflows the queue: the client report still gets in, delivered + counted = captured', async () => {
  const receiver = await startReceiver();
  try {
    // A queue of ~20 KB fills after a handful of events; the flush's report must not be refused too.
    Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, transportOptions: { queueBytes: 20_000 } });
    const CAPTURED = 300;
    for (let i = 0; i < CAPTURED; i++) Sentry.captureException(new Error(`burst ${i}`));
    expect(await Sentry.flush(10_000)).toBe(true);
    const delivered = receiver.events().length;
    const overflow = receiver
      .clientReports()
      .flatMap((r) => r.discarded_events)
      .filter((d) => d.reason === 'queue_overflow' && d.category === 'error')
      .reduce((sum, d) => sum + d.quantity, 0);
    expect(delivered).toBeGreaterThan(0);
    expect(overflow).toBeGreaterThan(0);
    expect(delivered + overflow).toBe(CAPTURED);
    expect(receiver.problems).toEqual([]);
  } finally {
    await Sentry.close(0);
    await receiver.close();
  }
});
