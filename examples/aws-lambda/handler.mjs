// A Lambda function handler. `wrapLambdaHandler` gives each invocation its own scope with the
// `aws.lambda` context, captures an error (and re-throws it, so Lambda still sees the failure),
// and flushes events before the invocation ends: Lambda freezes the process right after.
import * as Sentry from 'otel-sentry';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'example-aws-lambda@1.0.0' });

export const handler = Sentry.wrapLambdaHandler(async (event) => {
  Sentry.setTag('order', String(event.orderId));
  if (!event.paid) throw new Error(`order ${event.orderId} is not paid`);
  return { statusCode: 200, body: JSON.stringify({ shipped: event.orderId }) };
});
