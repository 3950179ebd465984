import { type Attributes, SpanKind, SpanStatusCode, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { nameFromStack, ownProperties } from '../../../exporters/span-to-event.js';
import {
  inferSpanData,
  isLocalRoot,
  type SpanLike,
  spanOrigin,
  spanStatus,
  stripUrl,
} from '../../../src/tracing/span-data.js';

function span(name: string, kind: SpanKind, attributes: Attributes, extra: Partial<SpanLike> = {}): SpanLike {
  return {
    name,
    kind,
    attributes,
    spanContext: () => ({ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED }),
    startTime: [1, 0],
    endTime: [2, 0],
    status: { code: SpanStatusCode.UNSET },
    events: [],
    ...extra,
  };
}

describe('inferSpanData', () => {
  it.each([
    [
      'server with route',
      span('GET /u/:id', SpanKind.SERVER, { 'http.request.method': 'GET', 'http.route': '/u/:id' }),
      { op: 'http.server', description: 'GET /u/:id', source: 'route' },
    ],
    [
      'server without route',
      span('GET', SpanKind.SERVER, { 'http.request.method': 'GET', 'url.path': '/a/b', 'url.query': 'q=1' }),
      { op: 'http.server', description: 'GET /a/b', source: 'url' },
    ],
    [
      'old semconv server',
      span('GET', SpanKind.SERVER, { 'http.method': 'POST', 'http.target': '/x?y=1' }),
      { op: 'http.server', description: 'POST /x', source: 'url' },
    ],
    [
      'client without credentials or query',
      span('GET', SpanKind.CLIENT, { 'http.request.method': 'GET', 'url.full': 'http://a:b@h:8/p?s=1#f' }),
      { op: 'http.client', description: 'GET http://h:8/p', source: 'url' },
    ],
    [
      'non-standard method',
      span('HTTP', SpanKind.CLIENT, {
        'http.request.method': '_OTHER',
        'http.request.method_original': 'PURGE',
      }),
      { op: 'http.client', description: 'HTTP', source: 'custom' },
    ],
    [
      'db',
      span('pg.query', SpanKind.CLIENT, { 'db.system': 'postgresql', 'db.statement': 'SELECT $1' }),
      { op: 'db', description: 'SELECT $1', source: 'task' },
    ],
    [
      'express layer',
      span('middleware - query', SpanKind.INTERNAL, { 'express.type': 'middleware' }),
      { op: 'middleware.express', description: 'middleware - query', source: 'component' },
    ],
    [
      'explicit sentry.op',
      span('work', SpanKind.INTERNAL, { 'sentry.op': 'queue.process' }),
      { op: 'queue.process', description: 'work', source: 'custom' },
    ],
    ['plain', span('work', SpanKind.INTERNAL, {}), { op: undefined, description: 'work', source: 'custom' }],
  ])('%s', (_name, input, expected) => {
    expect(inferSpanData(input)).toEqual(expected);
  });
});

describe('spanStatus', () => {
  it('maps HTTP and gRPC codes, then the OTel status', () => {
    expect(spanStatus(span('s', SpanKind.SERVER, { 'http.response.status_code': 404 }))).toBe('not_found');
    expect(spanStatus(span('s', SpanKind.SERVER, { 'http.status_code': 418 }))).toBe('invalid_argument');
    expect(spanStatus(span('s', SpanKind.SERVER, { 'http.response.status_code': 502 }))).toBe(
      'internal_error',
    );
    expect(spanStatus(span('s', SpanKind.SERVER, { 'http.response.status_code': 302 }))).toBe('ok');
    expect(spanStatus(span('s', SpanKind.CLIENT, { 'rpc.grpc.status_code': 5 }))).toBe('not_found');
    const failed = { status: { code: SpanStatusCode.ERROR } };
    expect(spanStatus(span('s', SpanKind.INTERNAL, {}, failed))).toBe('unknown');
    expect(spanStatus(span('s', SpanKind.CLIENT, { 'http.request.method': 'GET' }, failed))).toBe(
      'internal_error',
    );
  });
});

describe('helpers', () => {
  it('tells local roots from children', () => {
    const ctx = { traceId: 'a'.repeat(32), spanId: 'c'.repeat(16), traceFlags: 1 };
    expect(isLocalRoot(span('s', 0, {}))).toBe(true);
    expect(isLocalRoot(span('s', 0, {}, { parentSpanContext: { ...ctx, isRemote: true } }))).toBe(true);
    expect(isLocalRoot(span('s', 0, {}, { parentSpanContext: ctx }))).toBe(false);
    expect(isLocalRoot(span('s', 0, {}, { parentSpanId: 'c'.repeat(16) }))).toBe(false); // 1.x spans
  });

  it('names origins after the instrumentation', () => {
    const scope = (name: string) => span('s', 0, {}, { instrumentationScope: { name } });
    expect(spanOrigin(scope('@opentelemetry/instrumentation-http'))).toBe('auto.http.otel.http');
    expect(spanOrigin(scope('@opentelemetry/instrumentation-aws-sdk'))).toBe('auto.otel.aws_sdk');
    expect(spanOrigin(scope('my-app'))).toBe('manual');
  });

  it('strips URLs and reads class names from stacks', () => {
    expect(stripUrl('/p?q#f')).toBe('/p');
    expect(nameFromStack('TypeError: x is not a function\n    at f (a.js:1:1)', 'x is not a function')).toBe(
      'TypeError',
    );
    expect(nameFromStack('AbortError\n    at f', '')).toBe('AbortError');
    expect(nameFromStack('Error: another message', 'message')).toBeUndefined();
    expect(nameFromStack(undefined, 'm')).toBeUndefined();
  });

  it('copies own enumerable properties of errors, not of other values', () => {
    const error = Object.assign(new Error('m'), { code: 'E', n: 1, fn: () => 1, inner: new Error('i') });
    expect(ownProperties(error)).toEqual({ code: 'E', n: 1, inner: 'Error: i' });
    expect(ownProperties(new Error('plain'))).toBeUndefined();
    expect(ownProperties({ code: 'E' })).toBeUndefined();
  });
});
