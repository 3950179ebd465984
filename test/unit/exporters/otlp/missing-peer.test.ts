// The OTLP exporter packages are optional peers: with one missing the other is used, with both
// missing the exporters warn once and drop every batch, never throwing.
import { afterEach, describe, expect, it, vi } from 'vitest';

const missing = new Set<string>();
vi.mock('../../../../src/utils/optional-require.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../src/utils/optional-require.js')>();
  return {
    ...real,
    load: (require: (id: string) => unknown, id: string) =>
      missing.has(id) ? undefined : real.load(require, id),
  };
});

const { sentryOtlpLogExporter, sentryOtlpTraceExporter } = await import('../../../../exporters/index.js');
const { startOtlpReceiver } = await import('../../../helpers/otlp-receiver.js');

afterEach(() => {
  missing.clear();
  vi.restoreAllMocks();
});

describe('optional OTLP exporter peers', () => {
  it('sends as http/json when the protobuf exporter is not installed', async () => {
    missing.add('@opentelemetry/exporter-trace-otlp-proto');
    const otlp = await startOtlpReceiver();
    try {
      const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = await import(
        '@opentelemetry/sdk-trace'
      );
      const memory = new InMemorySpanExporter();
      const provider = new TracerProvider({
        spanProcessors: [new SimpleSpanProcessor({ exporter: memory })],
      });
      provider.getTracer('unit').startSpan('one').end();
      const exporter = sentryOtlpTraceExporter({ dsn: otlp.dsn });
      const result = await new Promise<{ code: number }>((r) =>
        exporter.export(memory.getFinishedSpans(), r),
      );
      expect(result.code).toBe(0);
      expect(otlp.requests.map((q) => q.encoding)).toEqual(['json']);
    } finally {
      await otlp.close();
    }
  });

  it('warns and drops everything when neither is installed', async () => {
    for (const id of ['@opentelemetry/exporter-logs-otlp-proto', '@opentelemetry/exporter-logs-otlp-http'])
      missing.add(id);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exporter = sentryOtlpLogExporter({ dsn: 'https://key@sentry.example.com/1' });
    // One line, the DSN's key redacted (debug.ts): match the text of the calls.
    expect(warn.mock.calls.map((c) => c.map(String).join(' ')).join('\n')).toContain(
      'install @opentelemetry/exporter-logs-otlp-proto',
    );
    const result = await new Promise<{ code: number }>((r) => exporter.export([{}], r));
    expect(result.code).toBe(1);
    await expect(exporter.shutdown()).resolves.toBeUndefined();
  });
});
