// The same metrics and cron scenario run with @sentry/node 10 and with otel-sentry, each in a child
// process with a recording transport: the items must match field by field (ids, timestamps,
// durations and SDK name/version set aside).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/differential.mjs', import.meta.url));

type Item = [Record<string, unknown>, Record<string, unknown>];
type Envelope = [Record<string, unknown>, Item[]];

async function run(sdk: string): Promise<Envelope[]> {
  const result = await runScenario(fixture, { args: [sdk] });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Envelope[];
}

const items = (envelopes: Envelope[], type: string) =>
  envelopes.flatMap(([, list]) => list.filter(([h]) => h.type === type));

/** A metric with what legitimately differs replaced by its shape. */
function comparableMetric(metric: Record<string, unknown>) {
  const { timestamp, trace_id, span_id, attributes, ...rest } = metric;
  const attrs = { ...(attributes as Record<string, { value: unknown; type: string }>) };
  for (const key of ['sentry.sdk.name', 'sentry.sdk.version', 'sentry.timestamp.sequence']) {
    attrs[key] = { value: typeof attrs[key]?.value, type: attrs[key]?.type ?? 'missing' };
  }
  return {
    ...rest,
    timestamp: typeof timestamp,
    trace_id: /^[0-9a-f]{32}$/.test(String(trace_id)),
    span_id: span_id === undefined ? undefined : /^[0-9a-f]{16}$/.test(String(span_id)),
    attributes: attrs,
  };
}

function comparableCheckIn(checkIn: Record<string, unknown>) {
  const { check_in_id, duration, contexts, ...rest } = checkIn;
  const trace = (contexts as { trace?: Record<string, unknown> } | undefined)?.trace;
  return {
    ...rest,
    check_in_id: /^[0-9a-f]{32}$/.test(String(check_in_id)),
    duration: typeof duration,
    trace: { trace_id: /^[0-9a-f]{32}$/.test(String(trace?.trace_id)), span_id: typeof trace?.span_id },
  };
}

describe('metrics and crons against @sentry/node 10', () => {
  it('send the same trace_metric and check_in items', async () => {
    const [theirs, ours] = await Promise.all([run('sentry-node-10'), run('otel-sentry')]);

    const [theirMetricItem] = items(theirs, 'trace_metric');
    const [ourMetricItem] = items(ours, 'trace_metric');
    expect(ourMetricItem?.[0]).toEqual(theirMetricItem?.[0]);
    const metricsOf = (item: Item | undefined) =>
      ((item?.[1].items ?? []) as Record<string, unknown>[]).map(comparableMetric);
    expect(metricsOf(ourMetricItem)).toEqual(metricsOf(theirMetricItem));
    expect(metricsOf(ourMetricItem).map((m) => (m as { name?: unknown }).name)).toEqual([
      'plain',
      'typed',
      'in.span',
      'latency',
    ]);
    expect(ourMetricItem?.[1].version).toBe(theirMetricItem?.[1].version);

    const checkInsOf = (envelopes: Envelope[]) =>
      items(envelopes, 'check_in').map(([, p]) => comparableCheckIn(p));
    expect(checkInsOf(ours)).toEqual(checkInsOf(theirs));
    expect(checkInsOf(ours)).toHaveLength(8);
    // The same ids tie each pair together in both.
    const pairs = (envelopes: Envelope[]) =>
      items(envelopes, 'check_in').map(
        ([, p], i, all) => i % 2 === 1 && p.check_in_id === all[i - 1]?.[1].check_in_id,
      );
    expect(pairs(ours)).toEqual(pairs(theirs));
    // Check-in envelopes carry the SDK and the trace's DSC in their header.
    const header = (envelopes: Envelope[]) =>
      envelopes
        .filter(([, list]) => list[0]?.[0].type === 'check_in')
        .map(([h]) =>
          Object.keys(h)
            .filter((k) => k !== 'sent_at')
            .sort(),
        );
    expect(header(ours)).toEqual(header(theirs));
  });
});
