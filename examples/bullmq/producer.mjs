// Adds three invoice jobs from inside a span (an HTTP request would have one): the worker's
// events continue this trace. otel-sentry writes it into each job's propagation metadata.
import { trace } from '@opentelemetry/api';
import { Queue } from 'bullmq';
import * as Sentry from 'otel-sentry';
import { connection } from './connection.mjs';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'example-bullmq@1.0.0' });

const queue = new Queue('invoices', { connection: connection() });
await trace.getTracer('shop').startActiveSpan('checkout', async (span) => {
  for (const customer of ['ann', 'bob', 'cyd']) {
    await queue.add('send-invoice', { customer }, { attempts: 2 });
  }
  console.log(`queued 3 invoices in trace ${span.spanContext().traceId}`);
  span.end();
});
await queue.close();
