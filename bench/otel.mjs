// OpenTelemetry overhead benchmark. Run after `npm run build`:
//   node bench/otel.mjs [--quick]
// 1. Throughput: a tiny node:http handler under keep-alive load from a separate client process,
//    one server process per contender, rounds interleaved: bare Node, plain OTel (NodeSDK +
//    HttpInstrumentation + batch processor with a no-op exporter), @sentry/node errors-only and
//    otel-sentry errors-only (both `init({ dsn })` to a local receiver). Ratios are to bare Node.
// 2. CPU per reported error: an Error recorded on a span (otel-sentry) vs captureException.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSink } from './otel/receiver.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const WARMUP_MS = quick ? 1000 : 2000;
const DURATION_MS = quick ? 2000 : 5000;
const CONCURRENCY = 32;
const MAX_REQUESTS = 2_000_000;
const ERRORS = quick ? 500 : 2000;
const KILL_AFTER_MS = 60_000;
const CONTENDERS = [
  ['bare', 'bare Node'],
  ['otel', 'plain OTel (NodeSDK + http)'],
  ['sentry', '@sentry/node errors-only'],
  ['ours', 'otel-sentry errors-only'],
];
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

/** Spawns a child; resolves with its stdout lines when it exits (killed after KILL_AFTER_MS). */
function spawnChild(args, env, onLine) {
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    let i = buffer.indexOf('\n');
    while (i >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine?.(line);
      i = buffer.indexOf('\n');
    }
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      if (code !== 0 && signal !== 'SIGTERM')
        process.stderr.write(`[${args.join(' ')}] ${code ?? signal}\n${stderr.slice(-1500)}\n`);
      resolve(lines);
    });
  });
  return { child, done };
}

const lastJson = (lines) => {
  const line = [...lines].reverse().find((l) => l.startsWith('{'));
  return line ? JSON.parse(line) : undefined;
};

async function throughput(contender, dsn) {
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const server = spawnChild([here('./otel/server.cjs'), contender], { SENTRY_DSN: dsn }, (line) => {
    if (line.startsWith('ready ')) onReady(Number(line.slice(6)));
  });
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const load = spawnChild(
    [here('./otel/load.mjs'), port, WARMUP_MS, DURATION_MS, CONCURRENCY, MAX_REQUESTS].map(String),
    {},
  );
  const result = lastJson(await load.done);
  server.child.kill('SIGTERM');
  const serverStats = lastJson(await server.done);
  if (!result || !serverStats?.requests) return undefined;
  return {
    ...result,
    cpuUsPerRequest: (serverStats.cpuMs * 1000) / serverStats.requests,
    recording: serverStats.recording / serverStats.requests,
  };
}

async function errorCpu(contender, dsn) {
  const run = spawnChild([here('./otel/errors.cjs'), contender, String(ERRORS)], { SENTRY_DSN: dsn });
  return lastJson(await run.done);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : Number.NaN;
};

const sink = await startSink();
process.stdout.write(
  `node ${process.version}, ${ROUNDS} round(s) x ${DURATION_MS / 1000}s per contender, ${CONCURRENCY} keep-alive connections\n`,
);
const rps = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
const cpu = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
const recording = {};
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order so no contender always runs first (cold CPU) or last.
  const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
  for (const [id] of order) {
    const result = await throughput(id, sink.dsn);
    if (result?.errors) process.stderr.write(`${id}: ${result.errors} failed requests\n`);
    if (result) {
      rps[id].push(result.rps);
      cpu[id].push(result.cpuUsPerRequest);
      recording[id] = result.recording;
    }
  }
}

const bare = median(rps.bare);
const bareCpu = median(cpu.bare);
const rows = CONTENDERS.map(([id, label]) => {
  const m = median(rps[id]);
  const c = median(cpu[id]);
  return [
    label,
    m.toFixed(0),
    (m / bare).toFixed(2),
    c.toFixed(1),
    (bareCpu / c).toFixed(2),
    `${Math.round((recording[id] ?? 0) * 100)}%`,
    rps[id].map((x) => x.toFixed(0)).join(' / '),
  ];
});
printTable(
  ['contender', 'req/s (median)', 'ratio', 'server µs CPU/req', 'CPU ratio', 'spans', 'req/s per round'],
  rows,
);
process.stdout.write(
  "\nratio: measured req/s over bare Node's. CPU ratio: bare Node's server CPU per request over the\n" +
    "contender's, i.e. the req/s ratio of a CPU-bound server; steadier when the load client shares the\n" +
    'CPUs. spans: share of requests handled inside a live (recording) span.\n',
);

const errorRows = [];
for (const [id, label] of [
  ['none-span', 'span + recordException, no SDK (floor)'],
  ['ours-span', 'otel-sentry: error recorded on a span'],
  ['ours-capture', 'otel-sentry: captureException'],
  ['sentry', '@sentry/node: captureException'],
]) {
  const result = await errorCpu(id, sink.dsn);
  errorRows.push([label, result ? result.cpuUsPerError.toFixed(1) : 'failed']);
}
process.stdout.write('\n');
printTable([`CPU per error (${ERRORS} errors, sent)`, 'µs CPU / error'], errorRows);
process.stdout.write(`\nreceiver: ${sink.counts.events} events, ${sink.counts.transactions} transactions\n`);
await sink.close();

function printTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}
