// Sentry.metrics in this process, sent over real HTTP to the inbox, which checks each
// `trace_metric` item as Relay would.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { SerializedMetric } from '../../../src/protocol/types.js';
import { debug } from '../../../src/utils/debug.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';

let receiver: Receiver;
let seen = 0;
let dropNext = false;
beforeAll(async () => {
  receiver = await startReceiver();
  Sentry.init({
    dsn: receiver.dsn,
    defaultIntegrations: false,
    release: 'shop@2.0.0',
    environment: 'staging',
    serverName: 'metrics-host',
    tracesSampleRate: 1,
    beforeSendMetric: (metric) => {
      if (dropNext) return null;
      if (metric.name === 'renamed.before') return { ...metric, name: 'renamed.after' };
      return metric;
    },
  });
});
afterAll(async () => {
  await Sentry.close(0);
  await receiver.close();
});
beforeEach(() => {
  seen = receiver.metrics().length;
  dropNext = false;
});
afterEach(() => {
  expect(receiver.problems).toEqual([]);
});

async function sent(count: number): Promise<SerializedMetric[]> {
  expect(await Sentry.flush(5000)).toBe(true);
  await receiver.waitFor(() => receiver.metrics().length >= seen + count);
  return receiver.metrics().slice(seen);
}

const attr = (m: SerializedMetric | undefined, key: string) => m?.attributes[key]?.value;

describe('Sentry.metrics', () => {
  it('sends counters, gauges and distributions in one trace_metric item, with units and typed attributes', async () => {
    Sentry.metrics.count('orders.placed');
    Sentry.metrics.count('items.added', 3, { attributes: { sku: 'b-7', express: true } });
    Sentry.metrics.gauge('queue.depth', 12.5, { unit: 'none' });
    Sentry.metrics.distribution('checkout.duration', 182, {
      unit: 'millisecond',
      attributes: { region: 'eu', retries: 2, ratio: 0.5, tags: ['a', 'b'], meta: { deep: 1 } },
    });
    const [placed, added, depth, duration, ...rest] = await sent(4);
    expect(rest).toEqual([]);
    expect(placed).toMatchObject({ name: 'orders.placed', type: 'counter', value: 1 });
    expect(placed?.unit).toBeUndefined();
    expect(added).toMatchObject({ name: 'items.added', type: 'counter', value: 3 });
    expect(added?.attributes.sku).toEqual({ value: 'b-7', type: 'string' });
    expect(added?.attributes.express).toEqual({ value: true, type: 'boolean' });
    expect(depth).toMatchObject({ name: 'queue.depth', type: 'gauge', value: 12.5, unit: 'none' });
    expect(duration).toMatchObject({ type: 'distribution', value: 182, unit: 'millisecond' });
    expect(duration?.attributes).toMatchObject({
      region: { value: 'eu', type: 'string' },
      retries: { value: 2, type: 'integer' },
      ratio: { value: 0.5, type: 'double' },
      tags: { value: ['a', 'b'], type: 'array' },
      meta: { value: '{"deep":1}', type: 'string' },
    });
    // One envelope item, declared as Sentry documents it.
    const item = receiver.requests
      .flatMap((r) => r.envelope[1])
      .filter(([h]) => h.type === 'trace_metric')
      .at(-1);
    expect(item?.[0]).toMatchObject({
      item_count: 4,
      content_type: 'application/vnd.sentry.items.trace-metric+json',
    });
    expect(item?.[1]).toMatchObject({ version: 2 });
  });

  it('carries release, environment, server, SDK and the scope user as attributes', async () => {
    Sentry.withScope((scope) => {
      scope.setUser({ id: 'u-42', email: 'ann@example.com', username: 'ann' });
      Sentry.metrics.count('logins');
    });
    const [metric] = await sent(1);
    expect(metric?.attributes).toMatchObject({
      'sentry.release': { value: 'shop@2.0.0', type: 'string' },
      'sentry.environment': { value: 'staging', type: 'string' },
      'server.address': { value: 'metrics-host', type: 'string' },
      'sentry.sdk.name': { value: Sentry.SDK_NAME, type: 'string' },
      'sentry.sdk.version': { value: Sentry.SDK_VERSION, type: 'string' },
      'user.id': { value: 'u-42', type: 'string' },
      'user.email': { value: 'ann@example.com', type: 'string' },
      'user.name': { value: 'ann', type: 'string' },
      'sentry.timestamp.sequence': { type: 'integer' },
    });
  });

  it('is trace-connected: the active span ids inside a span, the scope trace outside', async () => {
    let ids: { traceId: string; spanId: string } | undefined;
    Sentry.startSpan({ name: 'checkout' }, (span) => {
      ids = span.spanContext();
      Sentry.metrics.distribution('in.span', 1);
    });
    Sentry.metrics.count('outside');
    const [inSpan, outside] = await sent(2);
    expect(inSpan).toMatchObject({ trace_id: ids?.traceId, span_id: ids?.spanId });
    expect(outside?.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(outside?.span_id).toBeUndefined();
  });

  it('lets beforeSendMetric change a metric or drop it, counting the drop in a client report', async () => {
    Sentry.metrics.count('renamed.before');
    dropNext = true;
    Sentry.metrics.count('dropped');
    dropNext = false;
    const [renamed, ...rest] = await sent(1);
    expect(renamed?.name).toBe('renamed.after');
    expect(rest).toEqual([]);
    await receiver.waitFor(() =>
      receiver
        .clientReports()
        .some((r) =>
          r.discarded_events.some((d) => d.category === 'trace_metric' && d.reason === 'before_send'),
        ),
    );
  });

  it('drops NaN, Infinity, string and object values and non-string names with a debug line, never throws', async () => {
    const bad: [unknown, unknown][] = [
      ['nan', Number.NaN],
      ['inf', Number.POSITIVE_INFINITY],
      ['str', '12'],
      ['obj', { value: 1 }],
      [42, 1],
      [undefined, 1],
      [{ name: 'x' }, 1],
    ];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    debug.enable(true);
    try {
      for (const [name, value] of bad) {
        expect(() => Sentry.metrics.gauge(name as string, value as number)).not.toThrow();
        expect(() => Sentry.metrics.count(name as string, value as number)).not.toThrow();
      }
    } finally {
      debug.enable(false);
    }
    const lines = warn.mock.calls.map((args) => args.join(' '));
    warn.mockRestore();
    expect(lines.filter((l) => l.includes('metric dropped'))).toHaveLength(bad.length * 2);
    expect(lines.some((l) => l.includes('"nan" needs a finite number, got NaN'))).toBe(true);
    expect(() => Sentry.metrics.count('bad.options', 1, 'oops' as never)).not.toThrow();
    Sentry.metrics.count('good.after.bad');
    const metrics = await sent(2);
    expect(metrics.map((m) => m.name)).toEqual(['bad.options', 'good.after.bad']);
  });

  it('sends circular, throwing and huge attributes as bounded JSON text', async () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular.self = circular;
    const hostile = {
      get boom(): string {
        throw new Error('getter');
      },
      ok: 'yes',
    };
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i]));
    Sentry.metrics.count('hostile', 1, {
      attributes: { circular, huge, nested: { huge }, big: 10n as unknown as number },
    });
    Sentry.metrics.count('getter', 1, { attributes: hostile });
    Sentry.metrics.count('many', 1, { attributes: many });
    const [weird, getter, wide] = await sent(3);
    expect(String(attr(weird, 'circular'))).toContain('loop');
    expect(String(attr(weird, 'huge')).length).toBeLessThan(10_000);
    expect(String(attr(weird, 'nested')).length).toBeLessThan(20_000);
    expect(attr(getter, 'ok')).toBe('yes');
    expect(attr(getter, 'boom')).toBeUndefined();
    expect(Object.keys(wide?.attributes ?? {}).length).toBeLessThan(1100);
  });

  it('sends a batch on its own at 1000 metrics or 800 kB, the rest on flush', async () => {
    const before = metricItems().length;
    for (let i = 0; i < 2500; i++) Sentry.metrics.distribution('bulk', i);
    await receiver.waitFor(() => receiver.metrics().length >= seen + 2000);
    const text = 'y'.repeat(8000); // about 16 kB each by @sentry/node's estimate: ~50 per batch
    for (let i = 0; i < 60; i++) Sentry.metrics.count('heavy', 1, { attributes: { text } });
    const all = await sent(2560);
    // Batches go out concurrently, so they may arrive in any order: compared as sets and sizes.
    const bulk = all.filter((m) => m.name === 'bulk').map((m) => m.value as number);
    expect(bulk.sort((a, b) => a - b)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const counts = metricItems()
      .slice(before)
      .map(([h]) => h.item_count ?? 0)
      .sort((a, b) => b - a);
    // Two full batches; the 500 left wait and are sent with the heavy ones once those pass 800 kB
    // (before the 60th); the flush sends what is left.
    expect(counts.slice(0, 2)).toEqual([1000, 1000]);
    expect(counts).toHaveLength(4);
    expect(counts[2]).toBeGreaterThan(500);
    expect(counts[2]).toBeLessThan(560);
    expect(counts.reduce((a = 0, b = 0) => a + b, 0)).toBe(2560);
  });
});

function metricItems() {
  return receiver.requests.flatMap((r) => r.envelope[1]).filter(([h]) => h.type === 'trace_metric');
}
