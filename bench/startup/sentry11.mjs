// @sentry/node 11 errors-only, started before the app as its docs say (`--import`).
import * as Sentry from '@sentry/node';

Sentry.init({ dsn: process.env.SENTRY_DSN });
