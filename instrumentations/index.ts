export { withSentryHooks } from './http/with-sentry-hooks.js';
export { sentryInstrumentations } from './sentry-instrumentations.js';
export type { MaxRequestBodySize, RequestDataOptions, SentryInstrumentationsOptions } from './types.js';
export { withSentryUndiciHooks } from './undici/with-sentry-undici-hooks.js';
