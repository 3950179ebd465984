// CPU per reported error, in one process per contender:
//   ours-span     an Error recorded on a span (span.recordException + span.end), as
//                 instrumentations do; otel-sentry turns it into an event
//   ours-capture  captureException(error) in otel-sentry
//   sentry        captureException(error) in @sentry/node (errors only)
//   none-span     the same span work with no SDK listening (the floor for ours-span)
// Each error is new (Dedupe would drop repeats); batches are flushed, so sending is included.
const { join } = require('node:path');

const [contender, countArg] = process.argv.slice(2);
const COUNT = Number(countArg);
const BATCH = 50;
const ROOT = join(__dirname, '../..');
const dsn = process.env.SENTRY_DSN;

async function main() {
  let report;
  let flush;
  if (contender === 'sentry') {
    const Sentry = require('@sentry/node');
    Sentry.init({ dsn });
    report = (error) => Sentry.captureException(error);
    flush = () => Sentry.flush(5000);
  } else {
    const ours = require(join(ROOT, 'build/cjs/src/index.js'));
    const { trace } = require('@opentelemetry/api');
    if (contender === 'none-span') {
      const { TracerProvider } = require('@opentelemetry/sdk-trace');
      trace.setGlobalTracerProvider(new TracerProvider());
    } else {
      ours.init({ dsn });
    }
    const tracer = trace.getTracer('bench');
    if (contender === 'ours-capture') {
      report = (error) => ours.captureException(error);
    } else {
      report = (error) => {
        const span = tracer.startSpan('op');
        span.recordException(error);
        span.end();
      };
    }
    flush = () => ours.flush(5000);
  }
  // Warm up, then measure.
  for (let i = 0; i < BATCH; i++) report(new Error(`warmup ${i}`));
  await flush();
  const start = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  for (let done = 0; done < COUNT; done += BATCH) {
    for (let i = 0; i < BATCH; i++) report(new Error(`failure ${done + i}`));
    await flush();
  }
  const cpu = process.cpuUsage(start);
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const cpuUs = cpu.user + cpu.system;
  process.stdout.write(`${JSON.stringify({ count: COUNT, cpuUsPerError: cpuUs / COUNT, wallMs })}\n`);
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
