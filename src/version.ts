// Kept in step with package.json by test/unit/version.test.ts.
export const SDK_NAME = 'otel-sentry.javascript.node';
export const SDK_VERSION = '0.1.0';
export const PACKAGE_NAME = 'otel-sentry';
