// The inbox refuses trace_metric and check_in items Relay would reject, and takes those
// @sentry/node 10 sends.
import { describe, expect, it } from 'vitest';
import { checkItem } from '../../../../src/inbox/item-checks.js';

const CT = 'application/vnd.sentry.items.trace-metric+json';
const metric = {
  timestamp: 1796300097.79,
  trace_id: '776e3017ff2541af9461a7467e844c7a',
  name: 'c1',
  type: 'counter',
  value: 1,
  attributes: { 'sentry.release': { value: 'r1', type: 'string' } },
};
const metrics = (items: unknown[], count = items.length) =>
  checkItem({ type: 'trace_metric', item_count: count, content_type: CT }, { version: 2, items });
const checkIn = {
  check_in_id: '1807d4913bb84c62810827a002eab094',
  monitor_slug: 'slug-a',
  status: 'in_progress',
  release: 'r1',
  monitor_config: { schedule: { type: 'crontab', value: '* * * * *' }, checkin_margin: 1 },
  contexts: { trace: { trace_id: '776e3017ff2541af9461a7467e844c7a', span_id: 'beeec82a806fa9ed' } },
};

describe('inbox item checks', () => {
  it('accepts the items @sentry/node 10 sends', () => {
    expect(
      metrics([metric, { ...metric, span_id: 'ac5ec3a2f4a99ea1', unit: 'byte', value: 2.5 }]),
    ).toBeUndefined();
    expect(checkItem({ type: 'check_in' }, checkIn)).toBeUndefined();
    expect(checkItem({ type: 'check_in' }, { ...checkIn, status: 'ok', duration: 0.5 })).toBeUndefined();
  });

  it('rejects bad trace_metric items', () => {
    expect(checkItem({ type: 'trace_metric', item_count: 1 }, { items: [metric] })).toMatch(/content_type/);
    expect(metrics([metric], 2)).toMatch(/item_count/);
    expect(metrics([{ ...metric, value: null }])).toMatch(/finite number/);
    expect(metrics([{ ...metric, value: '3' }])).toMatch(/finite number/);
    expect(metrics([{ ...metric, name: 42 }])).toMatch(/name/);
    expect(metrics([{ ...metric, type: 'set' }])).toMatch(/type/);
    expect(metrics([{ ...metric, trace_id: '' }])).toMatch(/trace_id/);
    expect(metrics([{ ...metric, attributes: { a: { value: 1.5, type: 'integer' } } }])).toMatch(
      /attribute a/,
    );
    expect(metrics([{ ...metric, attributes: { a: 'raw' } }])).toMatch(/attribute a/);
  });

  it('rejects bad check_in items', () => {
    expect(checkItem({ type: 'check_in' }, { ...checkIn, monitor_slug: 5 })).toMatch(/monitor_slug/);
    expect(checkItem({ type: 'check_in' }, { ...checkIn, status: 'done' })).toMatch(/status/);
    expect(checkItem({ type: 'check_in' }, { ...checkIn, check_in_id: 'x' })).toMatch(/check_in_id/);
    expect(checkItem({ type: 'check_in' }, { ...checkIn, duration: 'long' })).toMatch(/duration/);
    const interval = (schedule: unknown) =>
      checkItem({ type: 'check_in' }, { ...checkIn, monitor_config: { schedule } });
    expect(interval({ type: 'interval', value: 5, unit: 'minute' })).toBeUndefined();
    expect(interval({ type: 'interval', value: 1.5, unit: 'minute' })).toMatch(/positive whole/);
    expect(interval({ type: 'interval', value: 5, unit: 'second' })).toMatch(/unit/);
    expect(interval({ type: 'cron', value: '* * * * *' })).toMatch(/crontab or interval/);
  });
});
