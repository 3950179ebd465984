// Load this before the app: `node --import ./instrument.mjs app.mjs`.
// With no OpenTelemetry tracer provider registered yet, init() sets up a minimal one: the
// SentrySpanProcessor, and the http and undici (fetch) instrumentations with breadcrumbs.
import * as Sentry from 'otel-sentry';

Sentry.init({
  dsn: process.env.SENTRY_DSN,
  release: 'example-init-only@1.0.0',
  // Uncomment to also send sampled requests as transactions:
  // tracesSampleRate: 1.0,
});
