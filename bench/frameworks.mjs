// Express benchmark. Run after `npm run build`:
//   node bench/frameworks.mjs [--quick]
// A small Express 5 app under keep-alive load (autocannon, a separate process), one server process
// per contender, rounds interleaved: Express alone, plain OTel (NodeSDK + http and express
// instrumentations), @sentry/node 11 and 10 errors-only, otel-sentry errors-only (each SDK with
// `init({ dsn })` to a local receiver and setupExpressErrorHandler). Ratios are to plain OTel.
import { existsSync } from 'node:fs';
import { here, lastJson, median, spawnNode } from './lib.mjs';
import { startSink } from './otel/receiver.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const WARMUP_S = quick ? 1 : 2;
const DURATION_S = quick ? 2 : 5;
const CONNECTIONS = 32;
const MAX_REQUESTS = 2_000_000;
const CONTENDERS = [
  ['bare', 'Express alone'],
  ['otel', 'plain OTel (NodeSDK + http + express)'],
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
    [here('./frameworks/express-server.cjs'), contender],
    { SENTRY_DSN: dsn, NODE_ENV: 'production' },
    (line) => {
      if (line.startsWith('ready ')) onReady(Number(line.slice(6)));
    },
  );
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const url = `http://127.0.0.1:${port}/users/42`;
  const load = spawnChild(
    [here('./frameworks/load.mjs'), url, WARMUP_S, DURATION_S, CONNECTIONS, MAX_REQUESTS].map(String),
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
  `node ${process.version}, ${ROUNDS} round(s) x ${DURATION_S}s per contender, ${CONNECTIONS} keep-alive connections (autocannon)\n`,
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

const otelRps = median(rps.otel);
const otelCpu = median(cpu.otel);
const rows = CONTENDERS.map(([id, label]) => {
  const m = median(rps[id]);
  const c = median(cpu[id]);
  const best = Math.min(...cpu[id]);
  return [
    label,
    m.toFixed(0),
    (m / otelRps).toFixed(2),
    c.toFixed(1),
    (otelCpu / c).toFixed(2),
    best.toFixed(1),
    rps[id].map((x) => x.toFixed(0)).join(' / '),
  ];
});
printTable(
  [
    'Express 5 app',
    'req/s (median)',
    'vs OTel',
    'server µs CPU/req',
    'CPU vs OTel',
    'min µs CPU/req',
    'req/s per round',
  ],
  rows,
);
process.stdout.write(
  "\nvs OTel: req/s over plain OTel's. CPU vs OTel: plain OTel's server CPU per request over the\n" +
    "contender's, i.e. the req/s ratio of a CPU-bound server (above 1: cheaper than plain OTel).\n" +
    'min: the lowest CPU per request of the rounds, the steadiest figure on a busy machine.\n',
);
process.stdout.write(`receiver: ${sink.counts.events} events\n`);
await sink.close();

function printTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}
