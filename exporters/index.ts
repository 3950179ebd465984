// `otel-sentry/exporters`: the OpenTelemetry side of otel-sentry, for apps that run their own
// OpenTelemetry SDK (NodeSDK or a TracerProvider): add `new SentrySpanProcessor()` to its span
// processors and call `init({ dsn, skipOpenTelemetrySetup: true })`.

export { SentryW3CPropagator as SentryPropagator } from '../src/propagator.js';
export { inferSpanData, type SentrySpanData, type SpanLike, spanStatus } from '../src/tracing/span-data.js';
export { SentrySampler, traceIdInRate } from './sentry-sampler.js';
export {
  SENTRY_PROCESSOR,
  SentrySpanProcessor,
  type SentrySpanProcessorOptions,
} from './sentry-span-processor.js';
export { MECHANISM_TYPE } from './span-to-event.js';
