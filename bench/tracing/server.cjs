// One contender of the tracing benchmark: every request traced (tracesSampleRate: 1), spans sent
// to a local receiver. argv[2]: ours | sentry | sentry10 | otel (NodeSDK exporting OTLP/HTTP);
// argv[3]: tiny (a node:http handler) | express (a routed Express 5 app).
// Prints `ready <port>`; on SIGTERM flushes, prints its serving CPU time and span counts, exits.
const { join } = require('node:path');

const [contender, app = 'tiny'] = process.argv.slice(2);
const dsn = process.env.SENTRY_DSN;
const ROOT = join(__dirname, '../..');
let flush = () => Promise.resolve();

if (contender === 'otel') {
  // The app's own OpenTelemetry, exporting the same spans by OTLP to a collector.
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation } = require('@opentelemetry/instrumentation-express');
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: process.env.OTLP_URL }));
  new NodeSDK({
    spanProcessors: [processor],
    instrumentations: [new HttpInstrumentation(), new ExpressInstrumentation()],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
  flush = () => processor.forceFlush();
} else {
  const Sentry =
    contender === 'ours'
      ? require(join(ROOT, 'build/cjs/src/index.js'))
      : require(contender === 'sentry10' ? 'sentry-node-10' : '@sentry/node');
  Sentry.init({ dsn, tracesSampleRate: 1 });
  flush = () => Sentry.flush(5000);
}

const http = require('node:http');
let server;
if (app === 'express') {
  const express = require('express');
  const a = express();
  a.get('/users/:id', (req, res) => res.json({ id: req.params.id }));
  server = http.createServer(a);
} else {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
}
server.keepAliveTimeout = 30_000;
let cpuAtReady = 0;
server.listen(0, '127.0.0.1', () => {
  const { user, system } = process.cpuUsage();
  cpuAtReady = (user + system) / 1000;
  process.stdout.write(`ready ${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage();
  const cpuMs = (user + system) / 1000 - cpuAtReady;
  server.close();
  flush().finally(() => {
    process.stdout.write(`${JSON.stringify({ cpuMs })}\n`);
    process.exit(0);
  });
});
