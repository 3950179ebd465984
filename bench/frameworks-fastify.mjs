// Fastify benchmark (issue 9). Run after `npm run build`:
//   node bench/frameworks-fastify.mjs [--quick]
// A small Fastify 5 app (GET /users/:id, JSON) under autocannon load from a separate process, one
// server process per contender, rounds interleaved: Fastify alone, plain OTel (NodeSDK + http +
// @fastify/otel + batch processor with a no-op exporter), @sentry/node 11 and 10 errors-only, and
// otel-sentry errors-only (`init({ dsn })`, which adds @fastify/otel and the error hook). Ratios are
// to Fastify alone, and to plain OTel: ours should be at least as fast as plain OTel.
import { existsSync } from 'node:fs';
import { here, lastJson, median, spawnNode } from './lib.mjs';
import { startSink } from './otel/receiver.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const WARMUP_MS = quick ? 1000 : 2000;
const DURATION_MS = quick ? 2000 : 5000;
const CONNECTIONS = 32;
const MAX_REQUESTS = 2_000_000;
const CONTENDERS = [
  ['bare', 'Fastify alone'],
  ['otel', 'plain OTel (NodeSDK + http + @fastify/otel)'],
  ['sentry11', '@sentry/node 11 errors-only'],
  ['sentry10', '@sentry/node 10 errors-only'],
  ['ours', 'otel-sentry errors-only'],
];

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

/** A child process, its stdout lines collected (bench/lib.mjs). */
const spawnChild = (args, env, onLine) => spawnNode(args, { env, onLine });

async function throughput(contender, dsn) {
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const server = spawnChild(
    [here('./frameworks-fastify/server.cjs'), contender],
    { SENTRY_DSN: dsn },
    (line) => {
      if (line.startsWith('ready ')) onReady(Number(line.slice(6)));
    },
  );
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const load = spawnChild(
    [here('./frameworks-fastify/load.mjs'), port, WARMUP_MS, DURATION_MS, CONNECTIONS, MAX_REQUESTS].map(
      String,
    ),
    {},
  );
  const result = lastJson(await load.done);
  server.child.kill('SIGTERM');
  const serverStats = lastJson(await server.done);
  if (!result || !serverStats?.requests) return undefined;
  return { ...result, cpuUsPerRequest: (serverStats.cpuMs * 1000) / serverStats.requests };
}

const sink = await startSink();
process.stdout.write(
  `node ${process.version}, ${ROUNDS} round(s) x ${DURATION_MS / 1000}s per contender, ${CONNECTIONS} connections (autocannon)\n`,
);
const rps = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
const cpu = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no contender always runs first (cold CPU) or last.
  const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
  for (const [id] of order) {
    const result = await throughput(id, sink.dsn);
    if (result?.errors) process.stderr.write(`${id}: ${result.errors} failed requests\n`);
    if (result) {
      rps[id].push(result.rps);
      cpu[id].push(result.cpuUsPerRequest);
    }
  }
}

const bare = median(rps.bare);
const bareCpu = median(cpu.bare);
const otel = median(rps.otel);
const otelCpu = median(cpu.otel);
const rows = CONTENDERS.map(([id, label]) => {
  const m = median(rps[id]);
  const c = median(cpu[id]);
  return [
    label,
    m.toFixed(0),
    (m / bare).toFixed(2),
    (m / otel).toFixed(2),
    c.toFixed(1),
    (bareCpu / c).toFixed(2),
    (otelCpu / c).toFixed(2),
    rps[id].map((x) => x.toFixed(0)).join(' / '),
  ];
});
printTable(
  [
    'contender',
    'req/s (median)',
    'vs alone',
    'vs OTel',
    'server µs CPU/req',
    'CPU vs alone',
    'CPU vs OTel',
    'req/s per round',
  ],
  rows,
);
process.stdout.write(
  "\nvs alone / vs OTel: req/s over Fastify alone's / plain OTel's. CPU columns: the other's server CPU\n" +
    "per request over the contender's, i.e. the req/s ratio of a CPU-bound server; steadier when the\n" +
    'load client shares the CPUs.\n',
);
process.stdout.write(`receiver: ${sink.counts.events} events, ${sink.counts.transactions} transactions\n`);
await sink.close();

function printTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}
