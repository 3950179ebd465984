// `node --require otel-sentry/preload app.js` or `node --import otel-sentry/preload app.mjs`:
// starts the SDK before the app's code, configured by the environment only (SENTRY_DSN,
// SENTRY_RELEASE, SENTRY_ENVIRONMENT, SENTRY_DEBUG, SENTRY_TRACES_SAMPLE_RATE, SENTRY_TRACES_VIA).
// Without SENTRY_DSN nothing is set up. The http and undici instrumentations need no ESM loader hook:
// node:http is patched before the app imports it, and undici is observed via diagnostics_channel.
import { init } from './init.js';

init();
