// Losses the transport records while a flush drains its queue (send errors, timeouts) are
// reported by that same flush: after a close there is no next minute to report them in.
import { afterEach, expect, test } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { ClientReport, Envelope } from '../../../src/protocol/types.js';
import type { TransportFactory } from '../../../src/transport/types.js';

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
