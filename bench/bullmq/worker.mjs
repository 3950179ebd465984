// One contender: 10 000 jobs through a BullMQ worker, with the BullMQ integration on (otel-sentry's
// defaults), off (the same init without it), or off-als (off, in a process where async context was
// used once before, as any app that served a request: Node 20's AsyncLocalStorage then tracks every
// promise). Adds the jobs first, then times the worker from its start to the last completed job.
// Prints one JSON line.
import * as Sentry from 'otel-sentry';

const [variant, port, queueName, jobs, concurrency] = process.argv.slice(2);
const JOBS = Number(jobs);
Sentry.init({
  dsn: process.env.SENTRY_DSN,
  integrations: (defaults) => (variant === 'on' ? defaults : defaults.filter((i) => i.name !== 'BullMQ')),
});
if (variant === 'off-als') Sentry.withIsolationScope(() => {});
const { Queue, Worker } = await import('bullmq');
const connection = () => ({ host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null });

const queue = new Queue(queueName, { connection: connection() });
for (let i = 0; i < JOBS; i += 1000) {
  const batch = Array.from({ length: Math.min(1000, JOBS - i) }, (_, k) => ({
    name: 'sum',
    data: { a: i + k, b: 2 },
  }));
  await queue.addBulk(batch);
}

let done = 0;
let finish;
const finished = new Promise((resolve) => {
  finish = resolve;
});
const start = performance.now();
const cpuStart = process.cpuUsage();
const worker = new Worker(queueName, async (job) => job.data.a + job.data.b, {
  connection: connection(),
  concurrency: Number(concurrency),
});
worker.on('completed', () => ++done === JOBS && finish());
await finished;
const wallMs = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
await worker.close();
await queue.obliterate({ force: true });
await queue.close();
const patched = Object.getOwnPropertySymbols(Worker.prototype).length > 0;
console.log(JSON.stringify({ variant, patched, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 }));
process.exit(0);
