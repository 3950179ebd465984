// `otel-sentry/exporters`: the OpenTelemetry side of otel-sentry, for apps that run their own
// OpenTelemetry SDK (NodeSDK or a TracerProvider): add `new SentrySpanProcessor()` to its span
// processors and call `init({ dsn, skipOpenTelemetrySetup: true })`. To send its spans and logs to
// Sentry's OTLP endpoints as they are: `sentryOtlpTraceExporter({ dsn })`, `sentryOtlpLogExporter`.

export { SentryW3CPropagator as SentryPropagator } from '../src/propagator.js';
export { inferSpanData, type SentrySpanData, type SpanLike, spanStatus } from '../src/tracing/span-data.js';
export { type OtlpEndpoint, type SentryOtlpEndpoints, sentryOtlpEndpoints } from './otlp/endpoints.js';
export {
  type SentryOtlpExporterOptions,
  sentryOtlpLogExporter,
  sentryOtlpTraceExporter,
} from './otlp/exporters.js';
export type { ExportResult, OtlpExporter, OtlpProtocol } from './otlp/sentry-otlp-exporter.js';
export {
  type LogRecordLike,
  SentryLogRecordProcessor,
  type SentryLogRecordProcessorOptions,
} from './sentry-log-record-processor.js';
export { SentrySampler, traceIdInRate } from './sentry-sampler.js';
export {
  SENTRY_PROCESSOR,
  SentrySpanProcessor,
  type SentrySpanProcessorOptions,
} from './sentry-span-processor.js';
export { MECHANISM_TYPE } from './span-to-event.js';
