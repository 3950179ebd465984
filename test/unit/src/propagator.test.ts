import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  TraceFlags,
  trace,
} from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { SentryW3CPropagator } from '../../../src/propagator.js';
import { SUPPRESS_TRACING_KEY } from '../../../src/utils/suppress-tracing.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const p = new SentryW3CPropagator();

function injected(ctx = ROOT_CONTEXT): Record<string, string> {
  const carrier: Record<string, string> = {};
  p.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

describe('SentryW3CPropagator', () => {
  it('injects traceparent and sentry-trace for the active span context', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, {
      traceId: TRACE,
      spanId: SPAN,
      traceFlags: TraceFlags.SAMPLED,
    });
    expect(injected(ctx)).toEqual({
      traceparent: `00-${TRACE}-${SPAN}-01`,
      'sentry-trace': `${TRACE}-${SPAN}-1`,
      // No client: the head DSC has only the trace and its random number (from the trace id).
      baggage: `sentry-trace_id=${TRACE},sentry-sample_rand=0.111331,sentry-sampled=true`,
    });
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 0 });
    expect(injected(unsampled).traceparent).toBe(`00-${TRACE}-${SPAN}-00`);
  });

  it('injects nothing without a valid span context or with tracing suppressed', () => {
    expect(injected()).toEqual({});
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    expect(injected(ctx.setValue(SUPPRESS_TRACING_KEY, true))).toEqual({});
  });

  it.each([
    [{ traceparent: `00-${TRACE}-${SPAN}-01` }, 1],
    [{ traceparent: `00-${TRACE}-${SPAN}-00` }, 0],
    [{ 'sentry-trace': `${TRACE}-${SPAN}-1` }, 1],
    [{ 'sentry-trace': `${TRACE}-${SPAN}` }, 0],
    [{ traceparent: `00-${TRACE}-${SPAN}-01`, 'sentry-trace': `${'1'.repeat(32)}-${SPAN}-0` }, 1],
  ])('extracts %j as a remote parent', (carrier, flags) => {
    const sc = trace.getSpanContext(p.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter));
    expect(sc).toMatchObject({ traceId: TRACE, spanId: SPAN, traceFlags: flags, isRemote: true });
    // sentry-trace without a flag defers the decision to this service.
    const headers = carrier as Record<string, string | undefined>;
    expect(sc?.traceState?.get('sentry-deferred')).toBe(
      headers['sentry-trace'] === `${TRACE}-${SPAN}` && !headers.traceparent ? '1' : undefined,
    );
  });

  it.each([
    [{}],
    [{ traceparent: 'garbage' }],
    [{ traceparent: `00-${'0'.repeat(32)}-${SPAN}-01` }],
    [{ traceparent: `ff-${TRACE}-${SPAN}-01` }],
    [{ 'sentry-trace': `${TRACE}-${'0'.repeat(16)}-1` }],
  ])('ignores %j', (carrier) => {
    expect(trace.getSpanContext(p.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter))).toBeUndefined();
  });
});
