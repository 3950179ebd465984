// Sentry's rate limits for trace metrics (`trace_metric`) and cron monitors (`monitor`): once a
// response announces them, those items are not sent and are counted in a client report, while
// other categories still go.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { ClientReport } from '../../../src/protocol/types.js';
import { type FaultServer, startFaultServer } from '../../helpers/fault-server.js';

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({
    mode: { status: 200, headers: { 'x-sentry-rate-limits': '60:trace_metric;monitor:organization' } },
  });
  Sentry.init({ dsn: server.dsn, defaultIntegrations: false });
});
afterAll(async () => {
  await Sentry.close(0);
  await server.close();
});

const itemTypes = () => server.received.flatMap((r) => r.envelope?.[1].map(([h]) => h.type) ?? []);

describe('rate limits', () => {
  it('drop trace_metric and check_in items while limited and count them, per metric', async () => {
    Sentry.captureCheckIn({ monitorSlug: 'first', status: 'in_progress' });
    expect(await Sentry.flush(5000)).toBe(true);
    expect(itemTypes()).toEqual(['check_in']);
    server.mode = 'healthy';

    for (let i = 0; i < 3; i++) Sentry.metrics.count('limited', i);
    Sentry.withMonitor('limited-job', () => 'still runs');
    Sentry.captureMessage('errors still go');
    expect(await Sentry.flush(5000)).toBe(true);

    const types = itemTypes();
    expect(types.filter((t) => t === 'trace_metric')).toEqual([]);
    expect(types.filter((t) => t === 'check_in')).toHaveLength(1);
    expect(types).toContain('event');
    const reports = server.received.flatMap(
      (r) =>
        r.envelope?.[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport) ?? [],
    );
    const dropped = reports
      .flatMap((r) => r.discarded_events)
      .filter((d) => d.reason === 'ratelimit_backoff');
    expect(dropped).toEqual(
      expect.arrayContaining([
        { reason: 'ratelimit_backoff', category: 'trace_metric', quantity: 3 },
        { reason: 'ratelimit_backoff', category: 'monitor', quantity: 2 },
      ]),
    );
  });
});
