import {
  context,
  createTraceState,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import { SentrySampler } from '../../../exporters/sentry-sampler.js';
import { SentryW3CPropagator } from '../../../src/propagator.js';
import type { SamplingContext } from '../../../src/tracing/sampling-context.js';
import { setup, teardown } from './harness.js';

afterEach(teardown);

const propagator = new SentryW3CPropagator();
const TRACE = '0af7651916cd43dd8448eb211c80319c'; // sample_rand derived from it: 0.111331
const SPAN = 'b7ad6b7169203331';

/** The context an incoming request with these headers continues. */
function incoming(headers: Record<string, string>) {
  return propagator.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

function sampled(span: { spanContext(): { traceFlags: number } }): boolean {
  return (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;
}

function baggageOf(ctx: Parameters<typeof trace.setSpan>[0]): string | undefined {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier.baggage;
}

describe('sampling', () => {
  it("keeps the caller's decision, whatever the rate", () => {
    const h = setup({ tracesSampleRate: 0 });
    const yes = h.tracer.startSpan('in', {}, incoming({ traceparent: `00-${TRACE}-${SPAN}-01` }));
    const no = setup({ tracesSampleRate: 1 }).tracer.startSpan(
      'in',
      {},
      incoming({ traceparent: `00-${TRACE}-${SPAN}-00` }),
    );
    expect(sampled(yes)).toBe(true);
    expect(sampled(no)).toBe(false);
  });

  it("decides with the caller's sample_rand when the caller deferred", () => {
    const h = setup({ tracesSampleRate: 0.5 });
    const low = h.tracer.startSpan(
      'in',
      {},
      incoming({
        'sentry-trace': `${TRACE}-${SPAN}`,
        baggage: `sentry-trace_id=${TRACE},sentry-sample_rand=0.49`,
      }),
    );
    const high = h.tracer.startSpan(
      'in',
      {},
      incoming({
        'sentry-trace': `${TRACE}-${SPAN}`,
        baggage: `sentry-trace_id=${TRACE},sentry-sample_rand=0.51`,
      }),
    );
    expect([sampled(low), sampled(high)]).toEqual([true, false]);
  });

  it('samples the head by the trace id, and freezes its DSC for the whole trace', () => {
    const h = setup({ tracesSampleRate: 0.2, release: 'r@1', environment: 'staging', dsn: undefined });
    const root = h.tracer.startSpan('job', {}, ROOT_CONTEXT); // trace id random: decide below
    const rootCtx = trace.setSpan(ROOT_CONTEXT, root);
    const child = h.tracer.startSpan('child', {}, rootCtx);
    expect(sampled(child)).toBe(sampled(root));
    const dsc = new URLSearchParams(
      (baggageOf(trace.setSpan(ROOT_CONTEXT, child)) ?? '').replaceAll(',', '&'),
    );
    expect(dsc.get('sentry-trace_id')).toBe(root.spanContext().traceId);
    expect(dsc.get('sentry-sample_rate')).toBe('0.2');
    expect(dsc.get('sentry-sampled')).toBe(String(sampled(root)));
    expect(dsc.get('sentry-release')).toBe('r@1');
    expect(dsc.get('sentry-environment')).toBe('staging');
    // A root the app named, when sampled (as @sentry/node, an unsampled trace's DSC names none).
    expect(dsc.get('sentry-transaction')).toBe(sampled(root) ? 'job' : null);
    expect(Number(dsc.get('sentry-sample_rand')) < 0.2).toBe(sampled(root));
  });

  it('passes tracesSampler the sampling context, and follows its answer', () => {
    const seen: SamplingContext[] = [];
    const h = setup({
      tracesSampleRate: 1,
      tracesSampler: (ctx) => {
        seen.push(ctx);
        if (ctx.name === 'GET /health') return 0;
        return ctx.inheritOrSampleWith(1);
      },
    });
    const health = h.tracer.startSpan('GET /health', {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'url.full': 'http://x/health' },
    });
    const fromCaller = h.tracer.startSpan('in', {}, incoming({ traceparent: `00-${TRACE}-${SPAN}-00` }));
    expect(sampled(health)).toBe(false);
    expect(sampled(fromCaller)).toBe(false); // inherits the caller's "no"
    expect(seen[0]).toMatchObject({
      name: 'GET /health',
      parentSampled: undefined,
      normalizedRequest: { url: 'http://x/health', method: 'GET' },
      transactionContext: { name: 'GET /health' },
    });
    expect(seen[1]?.parentSampled).toBe(false);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('sampler bug');
      },
    ],
    ['returns a string', () => 'yes'],
    ['returns NaN', () => Number.NaN],
    ['returns 2', () => 2],
  ])('falls back to tracesSampleRate when tracesSampler %s', (_what, tracesSampler) => {
    const h = setup({ tracesSampleRate: 1, tracesSampler: tracesSampler as () => number });
    expect(sampled(h.tracer.startSpan('root'))).toBe(true);
  });

  it('follows a local parent without asking tracesSampler again', () => {
    let calls = 0;
    const h = setup({
      tracesSampler: () => {
        calls++;
        return 1;
      },
    });
    const root = h.tracer.startSpan('root');
    h.tracer.startSpan('child', {}, trace.setSpan(context.active(), root));
    expect(calls).toBe(1);
  });

  it('is usable in an app provider, errors only: no decision, nothing frozen', () => {
    setup();
    const result = new SentrySampler().shouldSample(ROOT_CONTEXT, TRACE);
    expect(result.traceState).toBeUndefined();
    const withState = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: 1,
      isRemote: true,
      traceState: createTraceState('vendor=x'),
    });
    expect(new SentrySampler().shouldSample(withState, TRACE).decision).toBe(2); // RECORD_AND_SAMPLED
  });
});

describe('propagation', () => {
  it("passes other vendors' baggage on, with the caller's frozen DSC", () => {
    const h = setup({ tracesSampleRate: 1, release: 'mine@2' });
    const ctx = incoming({
      traceparent: `00-${TRACE}-${SPAN}-01`,
      baggage: `vendor=abc;p=1,sentry-trace_id=${TRACE},sentry-release=theirs%401,sentry-sample_rand=0.1`,
    });
    const span = h.tracer.startSpan('in', {}, ctx);
    const out = baggageOf(trace.setSpan(ctx, span));
    expect(out).toBe(
      `vendor=abc;p=1,sentry-trace_id=${TRACE},sentry-release=theirs%401,sentry-sample_rand=0.1`,
    );
  });

  it('keeps trace headers the app set itself, and joins the DSC to its baggage', () => {
    setup({ tracesSampleRate: 1 });
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    const carrier: Record<string, string> = { 'Sentry-Trace': 'mine', baggage: 'app=1' };
    propagator.inject(ctx, carrier, defaultTextMapSetter);
    expect(carrier['Sentry-Trace']).toBe('mine');
    expect(carrier['sentry-trace']).toBeUndefined();
    expect(carrier.traceparent).toBe(`00-${TRACE}-${SPAN}-01`);
    expect(carrier.baggage?.startsWith('app=1,sentry-trace_id=')).toBe(true);
  });

  it('sends no traceparent with propagateTraceparent: false', () => {
    setup({ propagateTraceparent: false });
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    const carrier: Record<string, string> = {};
    propagator.inject(ctx, carrier, defaultTextMapSetter);
    expect(Object.keys(carrier).sort()).toEqual(['baggage', 'sentry-trace']);
  });

  it.each([
    ['a short traceparent', { traceparent: `00-${TRACE.slice(2)}-${SPAN}-01` }],
    [
      'non-hex ids',
      { traceparent: `00-${'z'.repeat(32)}-${SPAN}-01`, 'sentry-trace': `${'g'.repeat(32)}-${SPAN}-1` },
    ],
    ['an oversized header', { traceparent: `00-${TRACE}-${SPAN}-01-${'x'.repeat(1000)}` }],
  ])('starts a fresh trace on %s', (_what, headers) => {
    expect(trace.getSpanContext(incoming(headers))).toBeUndefined();
  });

  it('survives 100 KB of baggage', () => {
    const ctx = incoming({
      traceparent: `00-${TRACE}-${SPAN}-01`,
      baggage: `${'k=v,'.repeat(25_000)}sentry-trace_id=${TRACE}`,
    });
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE);
    expect((baggageOf(ctx) ?? '').length).toBeLessThanOrEqual(8192);
  });
});
