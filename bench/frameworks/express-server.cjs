// One Express benchmark contender: a small Express 5 app (a JSON route with a parameter),
// instrumented as argv[2] says:
//   bare       no SDK
//   otel       plain OTel: NodeSDK + http and express instrumentations, a batch processor with a
//              no-op exporter (the app's own tracing, commonly set up)
//   sentry11   @sentry/node 11 errors-only, setupExpressErrorHandler
//   sentry10   @sentry/node 10 errors-only, setupExpressErrorHandler
//   ours       otel-sentry errors-only (init({ dsn }) alone), setupExpressErrorHandler
// Prints `ready <port>` once listening; on SIGTERM prints its CPU time since then and exits.
const { join } = require('node:path');

const contender = process.argv[2];
const dsn = process.env.SENTRY_DSN;
const stats = { requests: 0, spans: 0 };
let sdk;

if (contender === 'otel') {
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
  const exporter = {
    export: (spans, done) => {
      stats.spans += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  new NodeSDK({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
}
if (contender === 'sentry11') sdk = require('@sentry/node');
if (contender === 'sentry10') sdk = require('sentry-node-10');
if (contender === 'ours') sdk = require(join(__dirname, '../../build/cjs/src/index.js'));
sdk?.init({ dsn });

const express = require('express');
const app = express();
app.get('/users/:id', (req, res) => {
  stats.requests++;
  res.json({ id: req.params.id, name: 'Ada' });
});
if (sdk) sdk.setupExpressErrorHandler(app);

const server = app.listen(0, '127.0.0.1', () => {
  const { user, system } = process.cpuUsage();
  cpuAtReady = (user + system) / 1000;
  process.stdout.write(`ready ${server.address().port}\n`);
});
server.keepAliveTimeout = 30_000;
let cpuAtReady = 0;
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 - cpuAtReady, ...stats })}\n`);
  process.exit(0);
});
