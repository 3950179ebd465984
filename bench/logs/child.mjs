// One contender of bench/logs.mjs: COUNT `logger.info` calls with two attributes, then a flush.
// SDK=none (a no-op function: the loop's own cost), otel-sentry or sentry-node-10 (@sentry/node 10).
// KIND=tight: one synchronous loop (the cost per call includes any work the SDK does on the
// caller's stack, batch building included); KIND=spread: batches of 50 calls, one per turn of the
// event loop, only the calls timed (what an app logging across requests pays).
import { setImmediate as nextTurn } from 'node:timers/promises';

const { SDK, KIND = 'tight', SENTRY_DSN: dsn } = process.env;
const count = Number(process.env.COUNT ?? 100_000);
let info = (_message, _attributes) => {};
let flush = async () => true;
if (SDK === 'otel-sentry') {
  const Sentry = await import('otel-sentry');
  Sentry.init({ dsn, enableLogs: true, defaultIntegrations: false });
  info = Sentry.logger.info;
  flush = Sentry.flush;
} else if (SDK === 'sentry-node-10') {
  const Sentry = await import('sentry-node-10');
  Sentry.init({ dsn, enableLogs: true, defaultIntegrations: false });
  info = Sentry.logger.info;
  flush = Sentry.flush;
}

// Warm-up, not counted: its time is left out, and the parent starts counting requests at WARM.
for (let i = 0; i < 1000; i++) info('warm up', { i });
await flush(10_000);
console.log('WARM');

let ns = 0n;
if (KIND === 'tight') {
  const start = process.hrtime.bigint();
  for (let i = 0; i < count; i++) info('user logged in', { userId: i, plan: 'pro' });
  ns = process.hrtime.bigint() - start;
} else {
  for (let i = 0; i < count; i += 50) {
    const start = process.hrtime.bigint();
    for (let j = i; j < i + 50 && j < count; j++) info('user logged in', { userId: j, plan: 'pro' });
    ns += process.hrtime.bigint() - start;
    await nextTurn();
  }
}
const flushed = await flush(30_000);
console.log(JSON.stringify({ nsPerCall: Number(ns) / count, count, flushed }));
