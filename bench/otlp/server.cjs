// One contender of bench/otlp.mjs: a tiny node:http handler, every request traced, spans exported
// by OTLP (or as transactions) to the local sink. argv[2]:
//   bare            no tracing (reference)
//   otel            plain OTel: NodeSDK + http instrumentation + BatchSpanProcessor + OTLPTraceExporter (protobuf)
//   otel-sentry     the same NodeSDK, with sentryOtlpTraceExporter({ dsn }) as its exporter
//   ours-otlp       init({ dsn, tracesSampleRate: 1, tracesVia: 'otlp' })
//   ours-tx         init({ dsn, tracesSampleRate: 1 }): the SDK's own transactions
// Prints `ready <port>` once listening; on SIGTERM prints its CPU time since then and exits.
const { join } = require('node:path');

const contender = process.argv[2];
const dsn = process.env.SENTRY_DSN;
const collector = process.env.COLLECTOR_URL;
const ROOT = join(__dirname, '../..');
const stats = { requests: 0, recording: 0 };

function nodeSdk(exporter) {
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  new NodeSDK({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
    instrumentations: [new HttpInstrumentation()],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
}

if (contender === 'otel') {
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  nodeSdk(new OTLPTraceExporter({ url: `${collector}/v1/traces` }));
}
if (contender === 'otel-sentry') {
  const { sentryOtlpTraceExporter } = require(join(ROOT, 'build/cjs/exporters/index.js'));
  nodeSdk(sentryOtlpTraceExporter({ dsn }));
}
if (contender === 'ours-otlp') {
  require(join(ROOT, 'build/cjs/src/index.js')).init({ dsn, tracesSampleRate: 1, tracesVia: 'otlp' });
}
if (contender === 'ours-tx') require(join(ROOT, 'build/cjs/src/index.js')).init({ dsn, tracesSampleRate: 1 });

const http = require('node:http');
const { trace } = require('@opentelemetry/api');
const server = http.createServer((_req, res) => {
  stats.requests++;
  if (trace.getActiveSpan()?.isRecording()) stats.recording++;
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
  process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 - cpuAtReady, ...stats })}\n`);
  process.exit(0);
});
