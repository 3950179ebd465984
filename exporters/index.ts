// `otel-sentry/exporters`: the OpenTelemetry side of otel-sentry, for apps that run their own
// OpenTelemetry SDK (NodeSDK or a TracerProvider): add `new SentrySpanProcessor()` to its span
// processors and call `init({ dsn, skipOpenTelemetrySetup: true })`.

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
export { inferSpanData, type SentrySpanData, type SpanLike, spanStatus } from './span-data.js';
export { MECHANISM_TYPE } from './span-to-event.js';
