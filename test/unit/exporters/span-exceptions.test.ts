import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, describe, expect, it } from 'vitest';
import {
  keepRecordedExceptions,
  recordedException,
  unwrappedRecordException,
} from '../../../exporters/record-exception.js';
import { SentrySpanProcessor } from '../../../exporters/sentry-span-processor.js';
import * as Sentry from '../../../src/index.js';
import type { SpanLike } from '../../../src/tracing/span-data.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { setup, teardown } from './harness.js';

afterEach(teardown);

class DbError extends Error {
  code = 'E_DB';
  table = 'users';
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DbError';
  }
}

describe('exceptions recorded on spans', () => {
  it('become events with the original class, cause chain and own properties', async () => {
    const h = setup();
    const error = new DbError('insert failed', { cause: new TypeError('bad row') });
    h.tracer.startActiveSpan('db insert', { attributes: { 'db.system': 'postgresql' } }, (span) => {
      span.recordException(error);
      span.end();
    });
    const [event, ...rest] = await h.events();
    expect(rest).toHaveLength(0);
    expect(event?.exception?.values.map((v) => [v.type, v.value])).toEqual([
      ['TypeError', 'bad row'],
      ['DbError', 'insert failed'],
    ]);
    expect(event?.exception?.values[1]?.mechanism).toMatchObject({ type: 'auto.otel.span', handled: true });
    expect(event?.exception?.values[1]?.stacktrace?.frames.length).toBeGreaterThan(0);
    expect(event?.contexts?.DbError).toEqual({ code: 'E_DB', table: 'users' });
    expect(h.hints[0]?.originalException).toBe(error);
    expect(h.hints[0]?.exc_info?.[0]).toBe(DbError);
    expect(h.hints[0]?.exc_info?.[1]).toBe(error);
  });

  it('carry the recording span ids in contexts.trace and its attributes and resource in contexts.otel', async () => {
    const h = setup();
    let ids: { trace: string; span: string; parent: string } | undefined;
    h.tracer.startActiveSpan('parent', (parent) => {
      h.tracer.startActiveSpan('child', { attributes: { 'app.key': 'v', n: 3 } }, (child) => {
        child.recordException(new Error('in child'));
        ids = {
          trace: child.spanContext().traceId,
          span: child.spanContext().spanId,
          parent: parent.spanContext().spanId,
        };
        child.end();
      });
      parent.end();
    });
    const [event] = await h.events();
    expect(event?.contexts?.trace).toEqual({
      trace_id: ids?.trace,
      span_id: ids?.span,
      parent_span_id: ids?.parent,
    });
    const otel = event?.contexts?.otel as { attributes: unknown; resource: Record<string, unknown> };
    expect(otel.attributes).toEqual({ 'app.key': 'v', n: 3 });
    expect(otel.resource['telemetry.sdk.name']).toBe('opentelemetry');
  });

  it('are unhandled when the span status is ERROR', async () => {
    const h = setup();
    h.tracer.startActiveSpan('GET', { kind: SpanKind.CLIENT }, (span) => {
      span.recordException(new Error('request failed'));
      span.setStatus({ code: SpanStatusCode.ERROR, message: 'request failed' });
      span.end();
    });
    const [event] = await h.events();
    expect(event?.exception?.values.at(-1)?.mechanism).toMatchObject({
      type: 'auto.otel.span',
      handled: false,
    });
  });

  it('are rebuilt from the event attributes when the original is unknown (error codes included)', async () => {
    const h = setup();
    const error = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    h.tracer.startActiveSpan('GET', (span) => {
      // The SDK's own recordException, as a span we could not wrap would run it.
      (unwrappedRecordException(span.recordException) as typeof span.recordException).call(span, error);
      span.end();
    });
    const [event] = await h.events();
    const value = event?.exception?.values[0];
    expect(value).toMatchObject({
      type: 'Error',
      value: 'connect ECONNREFUSED 127.0.0.1:1',
      mechanism: { type: 'auto.otel.span', handled: true, data: { code: 'ECONNREFUSED' } },
    });
    expect(value?.stacktrace?.frames.at(-1)?.filename).toContain('span-exceptions.test.ts');
    const original = h.hints[0]?.originalException as Error;
    expect([original.name, original.message, (original as { code?: string }).code]).toEqual([
      'Error',
      'connect ECONNREFUSED 127.0.0.1:1',
      'ECONNREFUSED',
    ]);
  });

  it('keeps a class name given as exception.type', async () => {
    const h = setup();
    h.tracer.startActiveSpan('s', (span) => {
      span.addEvent('exception', { 'exception.type': 'RangeError', 'exception.message': 'too far' });
      span.end();
    });
    const [event] = await h.events();
    expect(event?.exception?.values[0]).toMatchObject({ type: 'RangeError', value: 'too far' });
  });

  it('give one event when the same Error is recorded on several spans', async () => {
    const h = setup();
    const error = new Error('thrown once');
    h.tracer.startActiveSpan('outer', (outer) => {
      h.tracer.startActiveSpan('middle', (middle) => {
        h.tracer.startActiveSpan('inner', (inner) => {
          inner.recordException(error);
          inner.end();
        });
        middle.recordException(error);
        middle.end();
      });
      outer.recordException(error);
      outer.end();
    });
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.contexts?.otel).toBeDefined();
    // Errors only: the spans were recorded (their exceptions were seen) but not sampled.
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
  });

  it('give one event for the same string-only exception on several spans of a trace, one per trace', async () => {
    const h = setup();
    const attributes = {
      'exception.type': 'Error',
      'exception.message': 'same',
      'exception.stacktrace': 'Error: same',
    };
    for (let trace = 0; trace < 2; trace++) {
      h.tracer.startActiveSpan('outer', (outer) => {
        h.tracer.startActiveSpan('inner', (inner) => {
          inner.addEvent('exception', attributes);
          inner.end();
        });
        outer.addEvent('exception', attributes);
        outer.end();
      });
    }
    expect(await h.events()).toHaveLength(2);
  });

  it('give one event when captureException saw the error first', async () => {
    const h = setup();
    const error = new Error('captured first');
    const id = Sentry.captureException(error);
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException(error);
      span.end();
    });
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.event_id).toBe(id);
  });

  it('give one event when captureException sees the error afterwards', async () => {
    const h = setup();
    const error = new Error('span first');
    let spanId = '';
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException(error);
      spanId = span.spanContext().spanId;
      span.end();
    });
    Sentry.captureException(error);
    const events = await h.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.contexts?.trace?.span_id).toBe(spanId);
  });

  it('use the scopes active when the span started', async () => {
    const h = setup();
    let span: ReturnType<typeof h.tracer.startSpan> | undefined;
    Sentry.withIsolationScope((scope) => {
      scope.setTag('request', 'r1');
      Sentry.addBreadcrumb({ message: 'inside the request' });
      span = h.tracer.startSpan('handler');
      span.recordException(new Error('late'));
    });
    Sentry.addBreadcrumb({ message: 'outside' });
    span?.end(); // ends outside the isolation scope
    const [event] = await h.events();
    expect(event?.tags).toMatchObject({ request: 'r1' });
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['inside the request']);
  });

  it('go through beforeSend and sampling like any event', async () => {
    const h = setup({
      beforeSend: (event) => (event.exception?.values[0]?.value === 'drop me' ? null : event),
    });
    h.tracer.startActiveSpan('s', (span) => {
      span.recordException(new Error('drop me'));
      span.recordException(new Error('keep me'));
      span.end();
    });
    expect((await h.events()).map((e) => e.exception?.values[0]?.value)).toEqual(['keep me']);
  });

  it('are not reported with captureSpanExceptions: false; hostile input never throws', async () => {
    const h = setup();
    const processor = new SentrySpanProcessor({ captureSpanExceptions: false });
    const span = h.tracer.startSpan('x');
    processor.onStart(span, context.active());
    span.recordException(new Error('not reported by this processor'));
    span.end();
    expect(() => processor.onEnd(span as unknown as SpanLike)).not.toThrow();
    expect(() => processor.onEnd(null as never)).not.toThrow();
    expect(() => processor.onStart(null as never, null as never)).not.toThrow();
    expect((await h.events()).length).toBe(1); // from the harness's own processor only
  });
});

describe('the recordException wrapper', () => {
  const calls: unknown[][] = [];
  class FakeSpan {
    events: { name: string }[] = [];
    recordException(...args: unknown[]): string {
      calls.push([this, ...args]);
      if (args[0] === 'throw') throw new Error('original threw');
      this.events.push({ name: 'exception' });
      return 'result';
    }
  }

  it('calls the original exactly once with the same this and arguments, returning its result', () => {
    keepRecordedExceptions(new FakeSpan());
    keepRecordedExceptions(new FakeSpan()); // no second wrapper
    const span = new FakeSpan();
    const error = new Error('e');
    calls.length = 0;
    expect(span.recordException(error, 123)).toBe('result');
    expect(calls).toEqual([[span, error, 123]]);
    expect(recordedException(span.events[0] as object)?.value).toBe(error);
    expect(() => span.recordException('throw')).toThrow('original threw');
    expect(calls).toHaveLength(2);
  });

  it('falls back to wrapping the span itself when the class cannot be patched', () => {
    class Frozen {
      events: { name: string }[] = [];
      recordException(): void {
        this.events.push({ name: 'exception' });
      }
    }
    Object.freeze(Frozen.prototype);
    const span = new Frozen();
    keepRecordedExceptions(span);
    const error = new Error('frozen');
    span.recordException();
    expect(Object.hasOwn(span, 'recordException')).toBe(true);
    expect(recordedException(span.events[0] as object)?.value).toBeUndefined();
    (span.recordException as (e: unknown) => void)(error);
    expect(recordedException(span.events[1] as object)?.value).toBe(error);
  });
});
