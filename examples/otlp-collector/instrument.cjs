// An app that already exports its traces to an OTLP collector, with Sentry added:
//   node --require ./instrument.cjs app.cjs
// The app's pipeline is unchanged (same spans, same exporter). init() finds the tracer provider
// NodeSDK registered and only adds its span processor to it.
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
const { NodeSDK } = require('@opentelemetry/sdk-node');
const Sentry = require('otel-sentry');

// The app's existing setup: the exporter comes from OTEL_EXPORTER_OTLP_ENDPOINT and
// OTEL_EXPORTER_OTLP_PROTOCOL (http/protobuf by default, or http/json).
const sdk = new NodeSDK({ serviceName: 'example-otlp-app', instrumentations: [new HttpInstrumentation()] });
sdk.start();
process.once('beforeExit', () => {
  sdk.shutdown().catch(() => {});
});

// After sdk.start(): otel-sentry attaches to the provider NodeSDK registered. Without SENTRY_DSN
// it does nothing at all.
Sentry.init({ dsn: process.env.SENTRY_DSN });
