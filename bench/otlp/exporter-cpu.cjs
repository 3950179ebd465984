// CPU per exported span, in one process, side by side: the official OTLP exporter (protobuf) to a
// collector path vs sentryOtlpTraceExporter to Sentry's OTLP path, same spans, same sink, rounds
// alternated. Prints one JSON line: { otel, sentry } in µs CPU per span (medians).
//   node exporter-cpu.cjs <sinkUrl> <sentryDsn> <rounds>
const { join } = require('node:path');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-proto');
const { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } = require('@opentelemetry/sdk-trace');
const { sentryOtlpTraceExporter } = require(join(__dirname, '../../build/cjs/exporters/index.js'));

const [url, dsn, roundsArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const BATCH = 512;
const BATCHES = 8;

const memory = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
const tracer = provider.getTracer('bench');
for (let i = 0; i < BATCH; i++) {
  const span = tracer.startSpan('GET /', {
    kind: 1,
    attributes: {
      'http.request.method': 'GET',
      'url.path': '/',
      'http.response.status_code': 200,
      'server.port': 3000,
    },
  });
  span.end();
}
const spans = memory.getFinishedSpans();

const contenders = {
  otel: new OTLPTraceExporter({ url: `${url}/v1/traces` }),
  sentry: sentryOtlpTraceExporter({ dsn }),
};

const exportOnce = (exporter) =>
  new Promise((resolve, reject) =>
    exporter.export(spans, (r) => (r.code === 0 ? resolve() : reject(r.error ?? new Error('export failed')))),
  );

async function measure(exporter) {
  const start = process.cpuUsage();
  for (let i = 0; i < BATCHES; i++) await exportOnce(exporter);
  const { user, system } = process.cpuUsage(start);
  return (user + system) / (BATCH * BATCHES);
}

void (async () => {
  const results = { otel: [], sentry: [] };
  for (const id of Object.keys(contenders)) await measure(contenders[id]); // warm up
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['otel', 'sentry'] : ['sentry', 'otel'];
    for (const id of order) results[id].push(await measure(contenders[id]));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
  process.stdout.write(`${JSON.stringify({ otel: median(results.otel), sentry: median(results.sentry) })}\n`);
  await Promise.all(Object.values(contenders).map((e) => e.shutdown()));
})();
