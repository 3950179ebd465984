// One benchmark contender: a tiny node:http handler, instrumented as argv[2] says.
//   bare | otel | ours | ours-otel | sentry11 | sentry10
// Routes: `/` answers at once; `/error` reports a new Error (captureException; without an SDK it
// only creates the Error); `/span-error` records a new Error on the request's span and sets its
// status to error (the instrumentations' way; reported through SentrySpanProcessor).
// Prints `ready <port>`. Commands on stdin: `start` (the measured window opens) and `stop` (it
// closes: flush what was captured, then print one JSON line of CPU and counts).
const { join } = require('node:path');

const contender = process.argv[2];
const stats = { requests: 0, recording: 0, reported: 0 };
const dsn = process.env.SENTRY_DSN;
const ROOT = join(__dirname, '../..');
let sdk;

/** A span exporter that drops everything: what a tracing backend costs is not measured. */
const noopExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };

function nodeSdk(spanProcessors) {
  // The app's own OpenTelemetry as commonly set up: NodeSDK, http instrumentation, a batch
  // processor with an exporter, no resource detection, no metrics or logs.
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  new NodeSDK({
    spanProcessors,
    instrumentations: [new HttpInstrumentation()],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
}

const batch = () => {
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  return new BatchSpanProcessor({ exporter: noopExporter });
};

if (contender === 'otel') nodeSdk([batch()]);
if (contender === 'ours') {
  sdk = require(join(ROOT, 'build/cjs/src/index.js'));
  sdk.init({ dsn });
}
if (contender === 'ours-otel') {
  // Way 2 of the README: the app's NodeSDK, our span processor beside its own.
  const { SentrySpanProcessor } = require(join(ROOT, 'build/cjs/exporters/index.js'));
  nodeSdk([new SentrySpanProcessor(), batch()]);
  sdk = require(join(ROOT, 'build/cjs/src/index.js'));
  sdk.init({ dsn, skipOpenTelemetrySetup: true });
}
if (contender === 'sentry11') {
  sdk = require('@sentry/node');
  sdk.init({ dsn });
}
if (contender === 'sentry10') {
  sdk = require('sentry-node-10');
  sdk.init({ dsn });
}

const http = require('node:http');
const { trace, SpanStatusCode } = require('@opentelemetry/api');
let n = 0;
const server = http.createServer((req, res) => {
  stats.requests++;
  const span = trace.getActiveSpan();
  if (span?.isRecording()) stats.recording++; // the request has a live span
  if (req.url === '/error') {
    // A new message each time: Dedupe drops an event equal to the one before.
    const error = new Error(`request failed ${n++}`);
    if (sdk) {
      sdk.captureException(error);
      stats.reported++;
    }
  } else if (req.url === '/span-error') {
    const error = new Error(`request failed ${n++}`);
    if (span) {
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      if (sdk) stats.reported++;
    }
  }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.keepAliveTimeout = 30_000;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let window;
server.listen(0, '127.0.0.1', () => process.stdout.write(`ready ${server.address().port}\n`));

let input = '';
process.stdin.on('data', async (d) => {
  input += d;
  let i = input.indexOf('\n');
  while (i >= 0) {
    const command = input.slice(0, i);
    input = input.slice(i + 1);
    i = input.indexOf('\n');
    if (command === 'start') {
      window = { cpuMs: cpuMs(), requests: stats.requests, wall: performance.now() };
    } else if (command === 'stop' && window) {
      const requests = stats.requests - window.requests;
      const wallMs = performance.now() - window.wall;
      // Delivery is part of the cost: what was captured is sent before the CPU is read.
      const flushed = sdk ? await sdk.flush(20_000) : true;
      const used = cpuMs() - window.cpuMs;
      const line = {
        cpuMs: used,
        requests,
        wallMs,
        flushed,
        ...stats,
        rssMB: process.memoryUsage.rss() / 2 ** 20,
      };
      process.stdout.write(`${JSON.stringify(line)}\n`);
      server.closeAllConnections();
      server.close();
      setTimeout(() => process.exit(0), 50).unref();
      if (sdk) await sdk.close(2000);
      process.exit(0);
    }
  }
});
