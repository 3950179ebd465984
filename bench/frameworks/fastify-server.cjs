// One contender of bench/frameworks.mjs (fastify): a small Fastify app, instrumented as argv[2]
// says: bare | otel | sentry11 | sentry10 | ours. Prints `ready <port>` once listening; on SIGTERM
// prints the CPU time it spent serving and the requests it served, then exits.
const { join } = require('node:path');

const contender = process.argv[2];
const dsn = process.env.SENTRY_DSN;
const ROOT = join(__dirname, '../..');
const stats = { requests: 0, spans: 0 };

function plainOtel() {
  // The app's own OpenTelemetry as commonly set up for Fastify: NodeSDK, the http instrumentation
  // and @fastify/otel, a batch processor with an exporter (a no-op one here).
  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { BatchSpanProcessor } = require('@opentelemetry/sdk-trace');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  const { FastifyOtelInstrumentation } = require('@fastify/otel');
  const exporter = {
    export: (spans, done) => {
      stats.spans += spans.length;
      done({ code: 0 });
    },
    shutdown: () => Promise.resolve(),
  };
  new NodeSDK({
    spanProcessors: [new BatchSpanProcessor({ exporter })],
    instrumentations: [
      new HttpInstrumentation(),
      new FastifyOtelInstrumentation({ registerOnInitialization: true }),
    ],
    resourceDetectors: [],
    metricReaders: [],
    logRecordProcessors: [],
  }).start();
}

let setup = () => undefined;
if (contender === 'otel') plainOtel();
if (contender === 'sentry11') require('@sentry/node').init({ dsn });
if (contender === 'sentry10') {
  const Sentry = require('sentry-node-10');
  Sentry.init({ dsn });
  setup = (app) => Sentry.setupFastifyErrorHandler(app); // 10.x needs it
}
if (contender === 'ours') require(join(ROOT, 'build/cjs/src/index.js')).init({ dsn });

const fastify = require('fastify');
const app = fastify();
setup(app);
app.addHook('onRequest', async () => {
  stats.requests++;
});
app.get('/users/:id', async (request) => ({ id: request.params.id, name: 'Ada' }));

let cpuAtReady = 0;
app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  const { user, system } = process.cpuUsage();
  cpuAtReady = (user + system) / 1000;
  process.stdout.write(`ready ${app.server.address().port}\n`);
});
process.on('SIGTERM', () => {
  const { user, system } = process.cpuUsage();
  process.stdout.write(`${JSON.stringify({ cpuMs: (user + system) / 1000 - cpuAtReady, ...stats })}\n`);
  process.exit(0);
});
