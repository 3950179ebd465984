// CPU per traced request in the span pipeline alone (no HTTP server): one SERVER span with a
// child per request, started and ended in a tight loop, then exported to the sink; the export is
// part of the measure. argv[2]: otel (NodeSDK: BatchSpanProcessor + OTLPTraceExporter) |
// ours-otlp (init({ tracesVia: 'otlp' })) | ours-tx (init(): transactions). Prints one JSON line.
const { join } = require('node:path');

const [contender, countArg] = process.argv.slice(2);
const COUNT = Number(countArg);
const WARMUP = Math.min(2000, COUNT);
const dsn = process.env.SENTRY_DSN;
let flush;

if (contender === 'otel') {
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
  const processor = new BatchSpanProcessor({
    exporter: new OTLPTraceExporter({ url: `${process.env.COLLECTOR_URL}/v1/traces` }),
  });
  new NodeSDK({
    spanProcessors: [processor],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
  flush = () => processor.forceFlush();
} else {
  const Sentry = require(join(__dirname, '../../build/cjs/src/index.js'));
  Sentry.init({ dsn, tracesSampleRate: 1, ...(contender === 'ours-otlp' ? { tracesVia: 'otlp' } : {}) });
  flush = () => Sentry.flush(10_000);
}

const { context, trace, SpanKind } = require('@opentelemetry/api');
const tracer = trace.getTracer('bench');

function request(i) {
  tracer.startActiveSpan(
    'GET /',
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': 'GET', 'url.path': '/', 'http.route': '/' },
    },
    (span) => {
      const child = tracer.startSpan(
        'db.query',
        { attributes: { 'db.system': 'postgresql', i } },
        context.active(),
      );
      child.end();
      span.setAttribute('http.response.status_code', 200);
      span.end();
    },
  );
}

void (async () => {
  for (let i = 0; i < WARMUP; i++) request(i);
  await flush();
  const start = process.cpuUsage();
  // In slices with a pause, as a server would: the batch processors export between them and
  // nothing is dropped.
  for (let i = 0; i < COUNT; i += 100) {
    for (let j = 0; j < 100; j++) request(i + j);
    await new Promise((r) => setTimeout(r, 1));
  }
  await flush();
  const { user, system } = process.cpuUsage(start);
  process.stdout.write(`${JSON.stringify({ cpuUsPerRequest: (user + system) / COUNT })}\n`);
  process.exit(0);
})();
