// Overhead on a tiny node:http handler, and the cost of one reported error. Run after `npm run build`:
//   node bench/otel.mjs [--quick]
// Each contender is a server process of its own on core 0; autocannon (10 keep-alive connections)
// loads it from another process on core 1, beside the local Sentry receiver (also a process of
// its own). Contenders run interleaved in rounds. The primary figure is the server's CPU per
// request (what the load client manages does not change it); req/s comes second.
//   /            a plain request: bare Node, plain OTel, otel-sentry, @sentry/node 11 and 10
//   /error       every request captures a new Error, delivered to the receiver
//   /span-error  every request records a new Error on its span (status error)
import { existsSync } from 'node:fs';
import {
  canPin,
  fmt,
  here,
  lastJson,
  machine,
  median,
  printRows,
  reportRows,
  row,
  spawnNode,
  writeResults,
} from './lib.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 2;
const WARMUP_MS = quick ? 500 : 1000;
const DURATION_MS = quick ? 1000 : 2500;
const CONNECTIONS = 10;
/** Server CPU per error above a plain request, at most (issue 10). */
const BUDGET_US = 130;

const NAMES = {
  bare: 'bare Node',
  otel: 'plain OTel (NodeSDK + http, batch, no-op exporter)',
  ours: 'otel-sentry errors-only',
  'ours-otel': 'otel-sentry SentrySpanProcessor in NodeSDK',
  sentry11: '@sentry/node 11 errors-only',
  sentry10: '@sentry/node 10 errors-only',
};
const CASES = [
  ['bare', '/'],
  ['otel', '/'],
  ['ours', '/'],
  ['sentry11', '/'],
  ['sentry10', '/'],
  ['bare', '/error'],
  ['ours', '/error'],
  ['sentry11', '/error'],
  ['sentry10', '/error'],
  ['otel', '/span-error'],
  ['ours', '/span-error'],
  ['ours-otel', '/span-error'],
  ['ours-otel', '/'],
];

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

let receiverUrl;
const receiver = spawnNode([here('./otel/receiver-main.mjs')], {
  core: 1,
  stdin: 'pipe',
  killAfterMs: 15 * 60_000,
  onLine: (line) => {
    receiverUrl ??= line;
  },
});
while (!receiverUrl) await new Promise((r) => setTimeout(r, 20));

let project = 0;
async function runCase(contender, path) {
  project += 1;
  const dsn = `${receiverUrl.replace('//', '//0123456789abcdef0123456789abcdef@')}/${project}`;
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const server = spawnNode([here('./otel/server.cjs'), contender], {
    env: { SENTRY_DSN: dsn },
    core: 0,
    stdin: 'pipe',
    onLine: (line) => {
      if (line.startsWith('ready ')) onReady(line.slice(6));
    },
  });
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const load = spawnNode(
    [here('./otel/load.mjs'), port, path, WARMUP_MS, DURATION_MS, CONNECTIONS].map(String),
    {
      core: 1,
      onLine: (line) => {
        if (line === 'measure') server.child.stdin.write('start\n');
      },
    },
  );
  const client = lastJson(await load.done);
  server.child.stdin.write('stop\n');
  const stats = lastJson(await server.done);
  if (!client || !stats?.requests) return undefined;
  const counts = await (await fetch(`${receiverUrl}/counts/${project}`)).json();
  return {
    cpuUs: (stats.cpuMs * 1000) / stats.requests,
    rps: client.rps,
    clientCpuShare: client.clientCpuShare,
    serverCpuShare: stats.cpuMs / stats.wallMs,
    failed: client.errors,
    reported: stats.reported,
    delivered: counts.events,
    flushed: stats.flushed,
  };
}

const key = (c, p) => `${c} ${p}`;
const results = Object.fromEntries(CASES.map(([c, p]) => [key(c, p), []]));
const info = machine();
process.stdout.write(
  `node ${info.node}, ${info.cpus} CPUs, ${canPin ? 'server on core 0, load and receiver on core 1' : 'NOT pinned (no taskset or 1 CPU)'}; ` +
    `${ROUNDS} round(s) x ${DURATION_MS / 1000}s per case, ${CONNECTIONS} connections\n`,
);
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no case always runs first (cold CPU) or last.
  const order = CASES.map((_, i) => CASES[(i + round * 5) % CASES.length]);
  for (const [contender, path] of order) {
    const r = await runCase(contender, path);
    if (r?.failed) process.stderr.write(`${contender} ${path}: ${r.failed} failed requests\n`);
    if (r) results[key(contender, path)].push(r);
    process.stderr.write(r ? '.' : 'x');
  }
}
process.stderr.write('\n');
receiver.child.stdin.end();

const fig = (c, p, field) => median((results[key(c, p)] ?? []).map((r) => r[field]));
const cpu = (c, p) => fig(c, p, 'cpuUs');
const rows = [];
for (const c of ['otel', 'ours', 'sentry11', 'sentry10']) {
  rows.push(row('server CPU per plain request', NAMES[c], cpu(c, '/'), 'µs', NAMES.bare, cpu('bare', '/')));
}
for (const c of ['otel', 'ours', 'sentry11', 'sentry10']) {
  rows.push(
    row('req/s, plain request', NAMES[c], fig(c, '/', 'rps'), '', NAMES.bare, fig('bare', '/', 'rps')),
  );
}
// What one captured-and-delivered error adds to its request.
const added = (c, p, base = c) => cpu(c, p) - cpu(base, '/');
for (const c of ['ours', 'sentry11', 'sentry10']) {
  rows.push(
    row('server CPU added per captured error', NAMES[c], added(c, '/error'), 'µs', 'budget', BUDGET_US),
  );
}
rows.push(
  row(
    'server CPU added per captured error',
    NAMES.ours,
    added('ours', '/error'),
    'µs',
    NAMES.sentry10,
    added('sentry10', '/error'),
  ),
);
for (const c of ['ours', 'sentry11', 'sentry10']) {
  rows.push(
    row(
      'req/s, every request captures',
      NAMES[c],
      fig(c, '/error', 'rps'),
      '',
      NAMES.bare,
      fig('bare', '/error', 'rps'),
    ),
  );
}
// An exception recorded on a span: above plain OTel's cost for the same span.
for (const c of ['ours', 'ours-otel']) {
  rows.push(
    row(
      'server CPU per span error, above plain OTel',
      NAMES[c],
      cpu(c, '/span-error') - cpu('otel', '/span-error'),
      'µs',
      'budget',
      BUDGET_US,
    ),
  );
}

const delivery = CASES.filter(([, p]) => p !== '/').map(([c, p]) => {
  const rs = results[key(c, p)] ?? [];
  const reported = rs.reduce((s, r) => s + r.reported, 0);
  const delivered = rs.reduce((s, r) => s + r.delivered, 0);
  return { contender: c, path: p, reported, delivered };
});
for (const d of delivery.filter((x) => x.contender === 'ours' && x.path === '/error')) {
  rows.push(row('captured errors delivered', NAMES.ours, (100 * d.delivered) / d.reported, '%', 'all', 100));
}
printRows(rows);
process.stdout.write('\ndelivered / reported (each round flushes before its CPU is read):\n');
for (const d of delivery) {
  if (d.reported) process.stdout.write(`  ${NAMES[d.contender]} ${d.path}: ${d.delivered} / ${d.reported}\n`);
}
const bareClient = fig('bare', '/', 'clientCpuShare');
const bareServer = fig('bare', '/', 'serverCpuShare');
if (bareClient > 0.9 && bareServer < 0.9) {
  process.stdout.write(
    `\nWARNING: bare Node's req/s is limited by the load client (client CPU ${fmt(bareClient * 100)}%, ` +
      `server ${fmt(bareServer * 100)}%): req/s ratios understate the overhead; CPU per request does not.\n`,
  );
}
const file = writeResults('otel', {
  machine: info,
  quick,
  rounds: ROUNDS,
  durationMs: DURATION_MS,
  results,
  rows,
  delivery,
});
process.stdout.write(`\nJSON: ${file}\n`);
reportRows(rows);
