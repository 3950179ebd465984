// otel-sentry's own setup, errors only: spans are NonRecordingSpans, and the exceptions recorded on
// them still become events, through the NonRecordingSpan wrapper and the SentrySpanProcessor.
import {
  context,
  INVALID_SPAN_CONTEXT,
  ROOT_CONTEXT,
  type Span,
  SpanStatusCode,
  TraceFlags,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  captureNonRecordingSpanExceptions,
  exceptionAttributes,
} from '../../../exporters/non-recording-span.js';
import * as Sentry from '../../../src/index.js';
import type { SpanLike } from '../../../src/tracing/span-data.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { setup, teardown } from './harness.js';

afterEach(teardown);

class PaymentError extends Error {
  provider = 'acme';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PaymentError';
  }
}

const ids = (span: Span) => ({ trace_id: span.spanContext().traceId, span_id: span.spanContext().spanId });

describe('errors only, in the own setup', () => {
  it('spans are not recorded, but get fresh ids that children and the active context carry', async () => {
    const h = setup({}, { ownSetup: true });
    h.tracer.startActiveSpan('parent', (parent) => {
      expect(parent.isRecording()).toBe(false);
      expect(trace.isSpanContextValid(parent.spanContext())).toBe(true);
      expect(parent.spanContext().traceFlags).toBe(TraceFlags.NONE);
      expect(trace.getActiveSpan()).toBe(parent);
      const child = h.tracer.startSpan('child');
      expect(child.isRecording()).toBe(false);
      expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
      expect(child.spanContext().spanId).not.toBe(parent.spanContext().spanId);
      child.end();
      parent.end();
    });
    await h.provider.forceFlush();
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it("an Error recorded on a non-recording span reaches Sentry once, with the span's ids", async () => {
    const h = setup({}, { ownSetup: true });
    const error = new PaymentError('card declined', { cause: new Error('issuer unavailable') });
    let expected: ReturnType<typeof ids> | undefined;
    h.tracer.startActiveSpan('charge', (span) => {
      span.recordException(error);
      expected = ids(span);
      span.end();
    });
    const events = await h.events();
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.exception?.values.map((v) => [v.type, v.value])).toEqual([
      ['Error', 'issuer unavailable'],
      ['PaymentError', 'card declined'],
    ]);
    // No status on a non-recording span unless the code sets one: handled, as on recording spans.
    expect(event?.exception?.values[1]?.mechanism).toMatchObject({
      type: 'auto.otel.span',
      handled: true,
      data: {},
    });
    expect(event?.contexts?.trace).toEqual(expected); // no parent id: a NonRecordingSpan has none
    expect(event?.contexts?.PaymentError).toEqual({ provider: 'acme' });
    // Nothing recorded, nothing to show: no attributes, no resource.
    expect(event?.contexts?.otel).toEqual({ attributes: {}, resource: {} });
    expect(h.hints[0]?.originalException).toBe(error);
  });

  it('an ERROR status set right before or after recording makes the exception unhandled', async () => {
    const h = setup({}, { ownSetup: true });
    h.tracer.startActiveSpan('undici style', (span) => {
      span.recordException(new Error('after'));
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    h.tracer.startActiveSpan('http style', (span) => {
      span.setStatus({ code: SpanStatusCode.ERROR });
      span.recordException(new Error('before'));
      span.end();
    });
    h.tracer.startActiveSpan('ok status', (span) => {
      span.recordException(new Error('ok'));
      span.setStatus({ code: SpanStatusCode.OK });
      span.end();
    });
    const events = await h.events();
    const handled = Object.fromEntries(
      events.map((e) => [e.exception?.values[0]?.value, e.exception?.values[0]?.mechanism?.handled]),
    );
    expect(handled).toEqual({ after: false, before: false, ok: true });
  });

  it('a span not ended in the same tick reports from a microtask, once', async () => {
    const h = setup({}, { ownSetup: true });
    const span = h.tracer.startSpan('still open');
    span.recordException(new Error('open'));
    span.setStatus({ code: SpanStatusCode.ERROR });
    await Promise.resolve();
    const [event] = await h.events();
    expect(event?.exception?.values[0]?.mechanism).toMatchObject({ handled: false });
    span.end();
    expect(await h.events()).toHaveLength(1);
  });

  it('the same Error recorded on several spans is one event, linked to the first span', async () => {
    const h = setup({}, { ownSetup: true });
    const error = new Error('thrown once');
    let first: ReturnType<typeof ids> | undefined;
    h.tracer.startActiveSpan('outer', (outer) => {
      h.tracer.startActiveSpan('inner', (inner) => {
        inner.recordException(error);
        first = ids(inner);
        inner.recordException(error);
        inner.end();
      });
      outer.recordException(error);
      outer.end();
    });
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.contexts?.trace).toEqual(first);
  });

  it('one event when captureException saw the error first', async () => {
    const h = setup({}, { ownSetup: true });
    const error = new Error('captured first');
    const id = Sentry.captureException(error);
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException(error);
      span.end();
    });
    const events = await h.events();
    expect(events.map((e) => e.event_id)).toEqual([id]);
  });

  it('uses the scopes active when the exception was recorded', async () => {
    const h = setup({}, { ownSetup: true });
    const span = h.tracer.startSpan('job');
    Sentry.withIsolationScope((scope) => {
      scope.setTag('request', 'r1');
      Sentry.addBreadcrumb({ message: 'inside the request' });
      span.recordException(new Error('inside'));
    });
    span.end();
    const [event] = await h.events();
    expect(event?.tags).toMatchObject({ request: 'r1' });
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['inside the request']);
  });

  it('strings become events as on recording spans; values the SDK would not record do not', async () => {
    const h = setup({}, { ownSetup: true });
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException('plain message');
      span.recordException({} as Error);
      span.end();
    });
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.exception?.values[0]).toMatchObject({ type: 'Error', value: 'plain message' });
    expect(exceptionAttributes(Object.assign(new Error('x'), { code: 'E1' }))).toMatchObject({
      'exception.type': 'E1',
      'exception.message': 'x',
    });
  });

  it('the time given to recordException is the event time', async () => {
    const h = setup({}, { ownSetup: true });
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException(new Error('then'), [1_700_000_000, 500_000_000]);
      span.recordException(new Error('as a date'), new Date(1_700_000_001_000));
      span.end();
    });
    const events = await h.events();
    expect(events.map((e) => e.timestamp)).toEqual([1_700_000_000.5, 1_700_000_001]);
  });

  it('spans with an invalid context (tracing suppressed, no SDK) are ignored', async () => {
    const h = setup({}, { ownSetup: true });
    trace.wrapSpanContext(INVALID_SPAN_CONTEXT).recordException(new Error('suppressed'));
    expect(await h.events()).toHaveLength(0);
  });

  it('a sampled parent from upstream keeps its spans recording and sampled', async () => {
    const h = setup({}, { ownSetup: true });
    const remote = (traceFlags: number) =>
      trace.setSpanContext(ROOT_CONTEXT, {
        traceId: '0af7651916cd43dd8448eb211c80319c',
        spanId: 'b7ad6b7169203331',
        traceFlags,
        isRemote: true,
      });
    const sampled = h.tracer.startSpan('in', {}, remote(TraceFlags.SAMPLED));
    const unsampled = h.tracer.startSpan('in', {}, remote(TraceFlags.NONE));
    expect([sampled.isRecording(), sampled.spanContext().traceFlags]).toEqual([true, TraceFlags.SAMPLED]);
    expect([unsampled.isRecording(), unsampled.spanContext().traceFlags]).toEqual([false, TraceFlags.NONE]);
  });

  it('with tracesSampleRate spans are recorded: transactions and span attributes as before', async () => {
    const h = setup({ tracesSampleRate: 1 }, { ownSetup: true });
    h.tracer.startActiveSpan('root', { attributes: { 'app.key': 'v' } }, (root) => {
      expect(root.isRecording()).toBe(true);
      root.recordException(new Error('on a recording span'));
      root.end();
    });
    expect(await h.transactions()).toHaveLength(1);
    const [event] = await h.events();
    expect(event?.contexts?.otel).toMatchObject({ attributes: { 'app.key': 'v' } });
    expect(event?.exception?.values[0]?.mechanism).toMatchObject({ data: { span_name: 'root' } });
  });
});

describe('the NonRecordingSpan class of another copy of the API (a bundle)', () => {
  it("is wrapped too when the SDK's tracer hands it out", () => {
    class ForeignNonRecordingSpan {
      constructor(private readonly _sc = INVALID_SPAN_CONTEXT) {}
      spanContext() {
        return this._sc;
      }
      isRecording() {
        return false;
      }
      recordException(_exception?: unknown) {}
      setStatus() {
        return this;
      }
      end() {}
    }
    const tracer = { startSpan: () => new ForeignNonRecordingSpan() } as unknown as Tracer;
    const reported: SpanLike[] = [];
    expect(captureNonRecordingSpanExceptions((span) => reported.push(span), tracer)).toBe(true);
    const sc = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 0 };
    const span = new ForeignNonRecordingSpan(sc);
    span.recordException(new Error('foreign'));
    span.end();
    expect(reported.map((r) => [r.spanContext().spanId, r.events.length])).toEqual([['b7ad6b7169203331', 1]]);
  });
});

describe('outside the own setup', () => {
  it('exceptions on non-recording spans are not reported (the app sampler decided)', async () => {
    const h = setup();
    const span = trace.wrapSpanContext({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: TraceFlags.NONE,
    });
    context.with(trace.setSpan(context.active(), span), () => span.recordException(new Error('dropped')));
    expect(await h.events()).toHaveLength(0);
  });
});
