// Sentry's OTLP endpoint end to end, in child processes: the app's own NodeSDK exporting to its
// collector and to Sentry, and init({ tracesVia: 'otlp' }) with and without the preload.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Breadcrumb, Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { attr, type OtlpReceiver, type OtlpSpan, startOtlpReceiver } from '../../helpers/otlp-receiver.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { type Collector, startCollector } from './collector.js';
import { REPO, runDir, runnable } from './package.js';

const fixture = (file: string) => runnable(join(REPO, 'test/integration/otel/fixtures', file));

let inbox: Receiver;
let otlp: OtlpReceiver;

beforeEach(async () => {
  inbox = await startReceiver();
  // One DSN for both: OTLP requests are checked here, envelopes forwarded to the inbox.
  otlp = await startOtlpReceiver({ forwardTo: inbox.url });
});

afterEach(async () => {
  expect(inbox.problems).toEqual([]);
  expect(otlp.problems).toEqual([]);
  await otlp.close();
  await inbox.close();
});

async function run(file: string, env: Record<string, string>, nodeArgs: string[] = []) {
  const result = await runScenario(file, { env, nodeArgs, cwd: runDir(file), timeoutMs: 20_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('done');
}

/** The SDK's own traffic (OTLP exports, envelopes) is all POSTs; the apps only GET. */
function expectNoOwnTraffic(spans: { attributes: OtlpSpan['attributes'] }[], event: Event | undefined) {
  expect(spans.filter((s) => attr(s, 'http.request.method') === 'POST')).toEqual([]);
  const crumbs: Breadcrumb[] = breadcrumbsOf(event);
  const own = crumbs.filter((b) => /POST|otlp|v1\/traces|envelope/.test(JSON.stringify(b)));
  expect(own).toEqual([]);
  // Breadcrumbs are recorded: the app's own request is there.
  expect(crumbs.some((b) => b.category === 'http' && String(b.data?.url).endsWith('/ok'))).toBe(true);
}

function expectLinked(event: Event | undefined, spans: OtlpSpan[]) {
  const charge = spans.find((s) => s.name === 'charge card');
  expect(charge).toBeDefined();
  expect(event?.exception?.values.at(-1)?.value).toBe('card declined');
  expect(event?.contexts?.trace).toMatchObject({ trace_id: charge?.traceId, span_id: charge?.spanId });
  const envelope = inbox.requests.find((r) => r.envelope[1][0]?.[0].type === 'event')?.envelope;
  expect(envelope?.[0].trace).toMatchObject({ trace_id: charge?.traceId });
}

describe("Sentry's OTLP endpoint", () => {
  let collector: Collector;
  beforeEach(async () => {
    collector = await startCollector();
  });
  afterEach(async () => {
    expect(collector.problems).toEqual([]);
    await collector.close();
  });

  it('an app NodeSDK exports every span to its collector and to Sentry; the error event shares the trace', async () => {
    // Sentry's OTLP endpoint on another host than the envelopes: nothing hides its traffic but suppression.
    const env = { SENTRY_DSN: inbox.dsn, SENTRY_OTLP_DSN: otlp.dsn, COLLECTOR_URL: collector.url };
    await run(fixture('otlp-two-destinations.cjs'), env);
    const ids = (spans: { spanId: string }[]) => spans.map((s) => s.spanId).sort();
    // Client and server spans of /fail and of its call to /ok, the manual span.
    expect(otlp.spans).toHaveLength(5);
    expect(ids(otlp.spans)).toEqual(ids(collector.spans));
    expect(otlp.requests.every((r) => r.encoding === 'protobuf')).toBe(true);
    expect(otlp.spans.every((s) => s.service === 'two-destinations')).toBe(true);
    const [event, ...more] = inbox.events();
    expect(more).toHaveLength(0); // captured and recorded on the span: one event
    expectLinked(event, otlp.spans);
    expectNoOwnTraffic(otlp.spans, event);
    expectNoOwnTraffic(collector.spans as unknown as OtlpSpan[], event);
    expect(inbox.transactions()).toEqual([]);
  });

  it.each([
    ['init()', {}, []],
    [
      'the preload',
      { PRELOADED: '1', SENTRY_TRACES_SAMPLE_RATE: '1', SENTRY_TRACES_VIA: 'otlp' },
      ['--import', 'otel-sentry/preload'],
    ],
  ])("tracesVia: 'otlp' from %s sends spans by OTLP and no transactions", async (_way, env, nodeArgs) => {
    await run(fixture('otlp-traces-via.mjs'), { SENTRY_DSN: otlp.dsn, ...env }, nodeArgs as string[]);
    // Client and server spans of both fetches, the manual span: one trace.
    expect(otlp.spans.map((s) => s.name)).toContain('charge card');
    expect(otlp.spans).toHaveLength(5);
    expect(new Set(otlp.spans.map((s) => s.traceId)).size).toBe(1);
    expect(inbox.transactions()).toEqual([]);
    const events = inbox.events();
    expect(events).toHaveLength(1);
    expectLinked(events[0], otlp.spans);
    expectNoOwnTraffic(otlp.spans, events[0]);
  });
});
