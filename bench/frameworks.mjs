// Web framework benchmark (issue 9). Run after `npm run build`:
//   node bench/frameworks.mjs [--quick] [express|fastify]
// A small app per framework (GET /users/:id answering JSON: Express 5, Fastify 5) under keep-alive
// load from autocannon in a separate process (core 1), one server process per contender (core 0),
// rounds interleaved: the framework alone, plain OTel (NodeSDK + http + the framework's OTel
// instrumentation + a batch processor with a no-op exporter), @sentry/node 11 and 10 errors-only,
// and otel-sentry errors-only (`init({ dsn })` to a local receiver, plus the error handler where
// the framework needs one). Server CPU per request is the primary figure; ratios are to plain OTel.
import { existsSync } from 'node:fs';
import { here, lastJson, median, printTable, reportRows, row, spawnNode } from './lib.mjs';
import { startSink } from './otel/receiver.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const ROUNDS = quick ? 1 : 3;
const WARMUP_S = quick ? 1 : 2;
const DURATION_S = quick ? 2 : 5;
const CONNECTIONS = 32;
const MAX_REQUESTS = 2_000_000;
const FRAMEWORKS = {
  express: { title: 'Express 5', server: './frameworks/express-server.cjs', instrumentation: 'express' },
  fastify: {
    title: 'Fastify 5',
    server: './frameworks/fastify-server.cjs',
    instrumentation: '@fastify/otel',
  },
};
const CONTENDERS = [
  ['bare', (f) => `${f.title} alone`],
  ['otel', (f) => `plain OTel (NodeSDK + http + ${f.instrumentation})`],
  ['sentry11', () => '@sentry/node 11 errors-only'],
  ['sentry10', () => '@sentry/node 10 errors-only'],
  ['ours', () => 'otel-sentry errors-only'],
];

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

/** One contender's server under load: its req/s and server CPU per request. */
async function throughput(framework, contender, dsn) {
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const server = spawnNode([here(framework.server), contender], {
    env: { SENTRY_DSN: dsn, NODE_ENV: 'production' },
    core: 0,
    onLine: (line) => {
      if (line.startsWith('ready ')) onReady(Number(line.slice(6)));
    },
  });
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const url = `http://127.0.0.1:${port}/users/42`;
  const load = spawnNode(
    [here('./frameworks/load.mjs'), url, WARMUP_S, DURATION_S, CONNECTIONS, MAX_REQUESTS].map(String),
    { core: 1 },
  );
  const result = lastJson(await load.done);
  server.child.kill('SIGTERM');
  const serverStats = lastJson(await server.done);
  if (!result || !serverStats?.requests) return undefined;
  return { ...result, cpuUsPerRequest: (serverStats.cpuMs * 1000) / serverStats.requests };
}

const sink = await startSink();
process.stdout.write(
  `node ${process.version}, ${ROUNDS} round(s) x ${DURATION_S}s per contender, ${CONNECTIONS} keep-alive connections (autocannon)\n`,
);
const summary = [];
for (const [key, framework] of Object.entries(FRAMEWORKS)) {
  if (only.length > 0 && !only.includes(key)) continue;
  const rps = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
  const cpu = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order so no contender always runs first (cold CPU) or last.
    const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
    for (const [id] of order) {
      const result = await throughput(framework, id, sink.dsn);
      if (result?.errors) process.stderr.write(`${key} ${id}: ${result.errors} failed requests\n`);
      if (result) {
        rps[id].push(result.rps);
        cpu[id].push(result.cpuUsPerRequest);
      }
    }
  }
  const otelRps = median(rps.otel);
  const otelCpu = median(cpu.otel);
  const body = CONTENDERS.map(([id, label]) => {
    const r = median(rps[id]);
    const c = median(cpu[id]);
    if (id !== 'bare' && id !== 'otel') {
      summary.push(
        row(`server CPU per request, ${framework.title}`, label(framework), c, 'µs', 'plain OTel', otelCpu),
      );
    }
    return [
      label(framework),
      r.toFixed(0),
      (r / otelRps).toFixed(2),
      c.toFixed(1),
      (c / otelCpu).toFixed(2),
      Math.min(...cpu[id]).toFixed(1),
      rps[id].map((x) => x.toFixed(0)).join(' / '),
    ];
  });
  process.stdout.write(`\n${framework.title}\n`);
  printTable(
    [
      'contender',
      'req/s (median)',
      'vs OTel',
      'server µs CPU/req',
      'CPU / OTel',
      'min µs CPU/req',
      'req/s per round',
    ],
    body,
  );
}
process.stdout.write(
  "\nvs OTel: req/s over plain OTel's. CPU / OTel: the contender's server CPU per request over plain\n" +
    "OTel's (below 1: cheaper). min: the lowest CPU per request of the rounds, the steadiest figure\n" +
    'on a busy machine.\n',
);
process.stdout.write(`receiver: ${sink.counts.events} events, ${sink.counts.transactions} transactions\n`);
await sink.close();
reportRows(summary);
