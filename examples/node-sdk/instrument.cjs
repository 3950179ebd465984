// Your own OpenTelemetry NodeSDK, with otel-sentry added to it:
//   node --require ./instrument.cjs app.cjs
const { NodeSDK } = require('@opentelemetry/sdk-node');
const Sentry = require('otel-sentry');
const { SentrySpanProcessor } = require('otel-sentry/exporters');
const { sentryInstrumentations } = require('otel-sentry/instrumentations');

// The app owns OpenTelemetry: otel-sentry only captures and sends.
Sentry.init({ dsn: process.env.SENTRY_DSN, skipOpenTelemetrySetup: true });

const sdk = new NodeSDK({
  serviceName: 'example-node-sdk',
  // With `spanProcessors` set, NodeSDK adds no exporter of its own: list yours here too,
  // e.g. new BatchSpanProcessor(new OTLPTraceExporter()).
  spanProcessors: [new SentrySpanProcessor()],
  // http + undici with otel-sentry's breadcrumb hooks, and the instrumentation of each framework the
  // app has installed (here Express, with @opentelemetry/instrumentation-express); then any others.
  instrumentations: [...sentryInstrumentations()],
  // This example exports no logs or metrics (NodeSDK's default is OTLP to localhost:4318).
  logRecordProcessors: [],
  metricReaders: [],
});
sdk.start();

process.once('beforeExit', () => {
  sdk.shutdown().catch(() => {});
});
