// sentryOtlpTraceExporter / sentryOtlpLogExporter against a local Sentry OTLP endpoint: both
// encodings, the auth header, rate limits, dead and failing endpoints, oversized spans.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { context, trace } from '@opentelemetry/api';
import { LoggerProvider, type LogRecordExporter } from '@opentelemetry/sdk-logs';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ExportResult,
  type SentryOtlpExporterOptions,
  sentryOtlpLogExporter,
  sentryOtlpTraceExporter,
} from '../../../../exporters/index.js';
import { AsyncLocalStorageContextManager } from '../../../../src/context-manager.js';
import * as Sentry from '../../../../src/index.js';
import type { ClientReport } from '../../../../src/protocol/types.js';
import { isTracingSuppressed } from '../../../../src/utils/suppress-tracing.js';
import { closedPortUrl } from '../../../helpers/fault-server.js';
import { attr, type OtlpReceiver, startOtlpReceiver } from '../../../helpers/otlp-receiver.js';
import { createRecordingTransport, type RecordingTransport } from '../../../helpers/recording-transport.js';

let otlp: OtlpReceiver;
let transport: RecordingTransport;

context.setGlobalContextManager(new AsyncLocalStorageContextManager());

beforeEach(async () => {
  otlp = await startOtlpReceiver();
  const recording = createRecordingTransport();
  transport = recording.transport;
  Sentry.init({ dsn: otlp.dsn, transport: recording.factory, skipOpenTelemetrySetup: true });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await Sentry.close(0);
  await otlp.close();
});

function finishedSpans(count = 2, limits: object = {}) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({
    spanLimits: limits,
    spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
  });
  const tracer = provider.getTracer('unit');
  const root = tracer.startSpan('root', { attributes: { 'app.step': 'checkout' } });
  const ctx = trace.setSpan(context.active(), root);
  for (let i = 1; i < count; i++) tracer.startSpan(`child ${i}`, {}, ctx).end();
  root.recordException(new Error('boom'));
  root.end();
  return { spans: memory.getFinishedSpans() };
}

function exportNow(
  exporter: { export(items: unknown[], cb: (r: ExportResult) => void): void },
  items: unknown[],
) {
  return new Promise<ExportResult>((resolve) => exporter.export(items, resolve));
}

async function dropped(): Promise<ClientReport['discarded_events']> {
  await Sentry.flush(1000);
  return transport.clientReports().flatMap((r) => r.discarded_events);
}

describe('sentryOtlpTraceExporter', () => {
  it.each([
    ['http/protobuf', 'protobuf'],
    ['http/json', 'json'],
  ] as const)(
    'sends spans as %s to the DSN-derived path with the auth header',
    async (protocol, encoding) => {
      const { spans } = finishedSpans(3);
      const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn, protocol });
      expect((await exportNow(exporter, spans)).code).toBe(0);
      expect(otlp.problems).toEqual([]);
      expect(otlp.requests.map((r) => [r.signal, r.encoding])).toEqual([['traces', encoding]]);
      expect(otlp.spans.map((s) => s.spanId).sort()).toEqual(spans.map((s) => s.spanContext().spanId).sort());
      const root = otlp.spans.find((s) => s.name === 'root');
      expect(root?.traceId).toBe(spans[0]?.spanContext().traceId);
      expect(attr(root ?? { attributes: [] }, 'app.step')).toBe('checkout');
      expect(root?.events.map((e) => e.name)).toEqual(['exception']);
      expect(otlp.spans.filter((s) => s.parentSpanId === root?.spanId)).toHaveLength(2);
      await exporter.shutdown();
    },
  );

  it('sends to the path under a DSN with a path prefix', async () => {
    const prefixed = await startOtlpReceiver({ prefix: '/relay/eu', projectId: '42' });
    try {
      expect(prefixed.dsn).toMatch(/:\d+\/relay\/eu\/42$/);
      const exporter = sentryOtlpTraceExporter({ dsn: prefixed.dsn });
      expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(0);
      expect(prefixed.problems).toEqual([]);
      expect(prefixed.spans).toHaveLength(1);
    } finally {
      await prefixed.close();
    }
  });

  it('survives hostile options', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no reading');
        },
      },
    );
    vi.stubEnv('SENTRY_DSN', '');
    const exporter = sentryOtlpTraceExporter(hostile as SentryOtlpExporterOptions);
    vi.unstubAllEnvs();
    expect(warn).toHaveBeenCalled();
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(1);
    const typed = sentryOtlpTraceExporter({ dsn: otlp.dsn, timeoutMillis: -1, concurrencyLimit: Number.NaN });
    expect((await exportNow(typed, finishedSpans(1).spans)).code).toBe(0);
  });

  it('makes its requests with tracing suppressed', async () => {
    const seen: boolean[] = [];
    const onStart = () => seen.push(isTracingSuppressed());
    subscribe('http.client.request.start', onStart);
    try {
      const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
      expect((await exportNow(exporter, finishedSpans().spans)).code).toBe(0);
    } finally {
      unsubscribe('http.client.request.start', onStart);
    }
    expect(seen).toEqual([true]);
  });

  it('stops sending while rate limited by a 429 with Retry-After, counting what it drops', async () => {
    otlp.respond = () => ({ status: 429, headers: { 'retry-after': '60' } });
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    expect((await exportNow(exporter, finishedSpans(2).spans)).code).toBe(1);
    expect((await exportNow(exporter, finishedSpans(3).spans)).code).toBe(1);
    expect(otlp.requests.map((r) => r.status)).toEqual([429]); // the second batch made no request
    expect(await dropped()).toEqual([{ reason: 'ratelimit_backoff', category: 'span', quantity: 5 }]);
  });

  it('honours X-Sentry-Rate-Limits for spans only', async () => {
    otlp.respond = () => ({ status: 200, headers: { 'x-sentry-rate-limits': '60:span:organization' } });
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(0);
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(1);
    expect(otlp.requests).toHaveLength(1);
    // Logs are another category: not limited.
    otlp.respond = () => undefined;
    const logs = sentryOtlpLogExporter({ dsn: otlp.dsn });
    const provider = new LoggerProvider({ processors: [forward(logs)] });
    provider.getLogger('unit').emit({ body: 'still sent' });
    await otlp.waitFor(() => otlp.logs.length === 1);
  });

  it.each([404, 413])('drops a batch the endpoint answers %i to, once, and keeps sending', async (status) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    Sentry.init({
      dsn: otlp.dsn,
      transport: createTransportInto(),
      skipOpenTelemetrySetup: true,
      debug: true,
    });
    otlp.respond = () => ({ status });
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    expect((await exportNow(exporter, finishedSpans(2).spans)).code).toBe(1);
    expect(otlp.requests.map((r) => r.status)).toEqual([status]); // not retried
    // One line, the DSN's key redacted (debug.ts): match the text of the calls.
    expect(warned(console.warn)).toMatch(
      new RegExp(`OTLP traces: 2 spans dropped \\(send_error\\).*${status}`),
    );
    otlp.respond = () => undefined;
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(0);
    expect(await dropped()).toEqual([{ reason: 'send_error', category: 'span', quantity: 2 }]);
  });

  it('gives up on a hanging endpoint after its timeout', async () => {
    otlp.respond = () => 'hang';
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn, timeoutMillis: 300 });
    expect((await exportNow(exporter, finishedSpans(2).spans)).code).toBe(1);
    expect(await dropped()).toEqual([{ reason: 'network_error', category: 'span', quantity: 2 }]);
  });

  it('drops, without throwing, what a dead endpoint cannot take', async () => {
    const dead = await closedPortUrl();
    const exporter = sentryOtlpTraceExporter({ dsn: dead.dsn, timeoutMillis: 300 });
    expect((await exportNow(exporter, finishedSpans(2).spans)).code).toBe(1);
    expect(await dropped()).toEqual([{ reason: 'network_error', category: 'span', quantity: 2 }]);
  });

  it('sends a span with 10 000 attributes and one with a 10 MB attribute', async () => {
    const memory = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanLimits: { attributeCountLimit: 20_000 },
      spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
    });
    const many: Record<string, number> = {};
    for (let i = 0; i < 10_000; i++) many[`a${i}`] = i;
    provider.getTracer('unit').startSpan('wide', { attributes: many }).end();
    provider
      .getTracer('unit')
      .startSpan('heavy', { attributes: { big: 'x'.repeat(10 * 1024 * 1024) } })
      .end();
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    expect((await exportNow(exporter, memory.getFinishedSpans())).code).toBe(0);
    const wide = otlp.spans.find((s) => s.name === 'wide');
    expect(wide?.attributes).toHaveLength(10_000);
    expect(
      String(attr(otlp.spans.find((s) => s.name === 'heavy') ?? { attributes: [] }, 'big')),
    ).toHaveLength(10 * 1024 * 1024);
  });

  it.each<[string, SentryOtlpExporterOptions | undefined | null]>([
    ['no DSN', {}],
    ['an invalid DSN', { dsn: 'https://sentry.example.com/not-a-project' }],
    ['no options at all', undefined],
    ['null options', null],
  ])('with %s, warns once and drops every batch without throwing', async (_what, options) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('SENTRY_DSN', '');
    const exporter = sentryOtlpTraceExporter(options as SentryOtlpExporterOptions);
    expect(warn).toHaveBeenCalledTimes(1);
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(1);
    await expect(exporter.forceFlush?.()).resolves.toBeUndefined();
    await expect(exporter.shutdown()).resolves.toBeUndefined();
    vi.unstubAllEnvs();
  });

  it('falls back to http/protobuf on an unknown protocol, with a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn, protocol: 'grpc' as never });
    expect(warned(warn)).toContain('protocol');
    expect((await exportNow(exporter, finishedSpans(1).spans)).code).toBe(0);
    expect(otlp.requests[0]?.encoding).toBe('protobuf');
  });

  it('never throws from export, whatever it is given', async () => {
    const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    expect((await exportNow(exporter, [])).code).toBe(0);
    expect((await exportNow(exporter, null as never)).code).toBe(0);
    expect(() => exporter.export([{} as never], () => {})).not.toThrow();
    expect(() =>
      exporter.export(finishedSpans(1).spans, () => {
        throw new Error('callback');
      }),
    ).not.toThrow();
  });
});

describe('sentryOtlpLogExporter', () => {
  it('fits where the SDKs take exporters (checked by the type checker)', async () => {
    const logs: LogRecordExporter = sentryOtlpLogExporter({ dsn: otlp.dsn });
    const spans: SpanExporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
    await Promise.all([logs.shutdown(), spans.shutdown()]);
    expect(otlp.requests).toEqual([]);
  });

  it.each(['http/protobuf', 'http/json'] as const)(
    'sends log records as %s, linked to the active span',
    async (protocol) => {
      const exporter = sentryOtlpLogExporter({ dsn: otlp.dsn, protocol });
      const provider = new LoggerProvider({ processors: [forward(exporter)] });
      const { spans } = finishedSpans(1);
      const span = spans[0];
      const ctx = trace.setSpanContext(
        context.active(),
        span?.spanContext() ?? trace.wrapSpanContext({} as never).spanContext(),
      );
      provider
        .getLogger('unit')
        .emit({ body: 'payment declined', severityText: 'WARN', context: ctx, attributes: { order: 7 } });
      await otlp.waitFor(() => otlp.logs.length === 1);
      expect(otlp.problems).toEqual([]);
      expect(otlp.requests.map((r) => [r.signal, r.encoding])).toEqual([
        ['logs', protocol === 'http/json' ? 'json' : 'protobuf'],
      ]);
      const [log] = otlp.logs;
      expect(log?.body?.stringValue).toBe('payment declined');
      expect(log?.severityText).toBe('WARN');
      expect(log?.traceId).toBe(span?.spanContext().traceId);
      expect(log?.spanId).toBe(span?.spanContext().spanId);
      expect(attr(log ?? { attributes: [] }, 'order')).toBe(7);
    },
  );

  it('counts log records dropped while rate limited as log_item', async () => {
    otlp.respond = () => ({ status: 429, headers: { 'retry-after': '60' } });
    const exporter = sentryOtlpLogExporter({ dsn: otlp.dsn });
    const provider = new LoggerProvider({ processors: [forward(exporter)] });
    provider.getLogger('unit').emit({ body: 'one' });
    await otlp.waitFor(() => otlp.requests.length === 1);
    await vi.waitFor(async () =>
      expect(await dropped()).toEqual([{ reason: 'ratelimit_backoff', category: 'log_item', quantity: 1 }]),
    );
  });
});

/** A log record processor exporting each record at once (SimpleLogRecordProcessor's constructor differs across lines). */
function forward(exporter: { export(items: unknown[], cb: (r: ExportResult) => void): void }) {
  return {
    onEmit: (record: unknown) => exporter.export([record], () => {}),
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
}

function createTransportInto() {
  const recording = createRecordingTransport();
  transport = recording.transport;
  return recording.factory;
}

/** Everything a console spy was called with, one line per call. */
function warned(spy: unknown): string {
  return (spy as { mock: { calls: unknown[][] } }).mock.calls.map((c) => c.map(String).join(' ')).join('\n');
}
