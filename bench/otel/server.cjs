// One benchmark contender: a tiny node:http handler, instrumented as argv[2] says.
//   bare | otel | sentry | ours
// Prints `ready <port>` once listening; on SIGTERM prints its CPU time since then and exits.
const { join } = require('node:path');

const contender = process.argv[2];
const stats = { spans: 0, requests: 0, recording: 0 };
const dsn = process.env.SENTRY_DSN;
const ROOT = join(__dirname, '../..');

function plainOtel() {
  // The app's own OpenTelemetry as commonly set up: NodeSDK, http instrumentation, a batch
  // processor with an exporter (here a no-op one), no resource detection, no metrics or logs.
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const exporter = {
    export: (spans, done) => {
      stats.spans += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  new NodeSDK({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
    instrumentations: [new HttpInstrumentation()],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
}

if (contender === 'otel') plainOtel();
if (contender === 'sentry') require('@sentry/node').init({ dsn });
if (contender === 'ours') require(join(ROOT, 'build/cjs/src/index.js')).init({ dsn });

const http = require('node:http');
const { trace } = require('@opentelemetry/api');
const server = http.createServer((_req, res) => {
  stats.requests++;
  if (trace.getActiveSpan()?.isRecording()) stats.recording++; // the request has a live span
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
server.keepAliveTimeout = 30_000;
let cpuAtReady = 0;
server.listen(0, '127.0.0.1', () => {
  const { user, system } = process.cpuUsage();
  cpuAtReady = (user + system) / 1000;
  process.stdout.write(`ready ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage();
  // CPU spent serving (startup excluded): the cost per request whatever the load client manages.
  process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 - cpuAtReady, ...stats })}\n`);
  process.exit(0);
});
