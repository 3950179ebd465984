// Sends invoices; bob has no email address, so his job fails on both attempts. Nothing here is
// about Sentry beyond init(): the BullMQ integration gives each job its own scope and `bullmq`
// context, captures each failed attempt, and `worker.close()` waits until the events are sent.
import { Worker } from 'bullmq';
import * as Sentry from 'otel-sentry';
import { connection } from './connection.mjs';

Sentry.init({ dsn: process.env.SENTRY_DSN, release: 'example-bullmq@1.0.0' });

const emails = { ann: 'ann@example.com', cyd: 'cyd@example.com' };
let handled = 0;
const worker = new Worker(
  'invoices',
  async (job) => {
    Sentry.addBreadcrumb({ message: `rendering invoice for ${job.data.customer}` });
    const to = emails[job.data.customer];
    if (!to) throw new Error(`customer ${job.data.customer} has no email address`);
    return { sentTo: to };
  },
  { connection: connection() },
);

// 3 jobs, one of them tried twice: 4 attempts, then stop.
await new Promise((resolve) => {
  const count = () => ++handled === 4 && resolve();
  worker.on('completed', (job, result) => {
    console.log(`${job.data.customer}: sent to ${result.sentTo}`);
    count();
  });
  worker.on('failed', (job, error) => {
    console.log(`${job.data.customer}: attempt ${job.attemptsMade} failed: ${error.message}`);
    count();
  });
});
await worker.close();
