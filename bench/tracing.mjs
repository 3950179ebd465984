// Tracing benchmark: every request traced (tracesSampleRate: 1), on a tiny node:http handler and
// on a routed Express app. Contenders, each its own server process, rounds interleaved:
// otel-sentry, @sentry/node 11 and 10 (transactions to a local Sentry endpoint), plain OTel
// exporting the same spans by OTLP/HTTP to a local collector. Load: autocannon in a separate
// process, pinned to another core than the server where `taskset` exists.
//   node bench/tracing.mjs [--quick]        (after `npm run build`)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSink } from './otel/receiver.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 3;
const DURATION_S = quick ? 3 : 6;
const CONNECTIONS = 10;
const KILL_AFTER_MS = 60_000;
const APPS = ['tiny', 'express'];
const CONTENDERS = [
  ['ours', 'otel-sentry'],
  ['sentry', '@sentry/node 11'],
  ['sentry10', '@sentry/node 10'],
  ['otel', 'plain OTel, OTLP export'],
];
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const pin = spawnSync('taskset', ['-V']).status === 0 && cpus().length >= 2;

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

/** A local OTLP/HTTP collector: accepts and counts trace exports. */
async function startCollector() {
  const counts = { exports: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (c) => {
      counts.bytes += c.length;
    });
    req.on('end', () => {
      counts.exports++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/traces`,
    counts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function run(cmd, args, core, env = {}, onLine) {
  const full = pin ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
  const child = spawn(full[0], full[1], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  let buffer = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine?.(line);
    }
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
  const done = new Promise((resolve) => {
    child.on('exit', (code) => {
      clearTimeout(killer);
      if (code) process.stderr.write(`[${args.join(' ')}] exit ${code}\n${stderr.slice(-1500)}\n`);
      if (buffer) lines.push(buffer);
      resolve(lines);
    });
  });
  return { child, done };
}

async function measure(contender, app, dsn, otlpUrl) {
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const server = run(
    process.execPath,
    [here('./tracing/server.cjs'), contender, app],
    0,
    {
      SENTRY_DSN: dsn,
      OTLP_URL: otlpUrl,
    },
    (line) => line.startsWith('ready ') && onReady(Number(line.slice(6))),
  );
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const path = app === 'express' ? '/users/42' : '/';
  const autocannon = here('../node_modules/autocannon/autocannon.js');
  // Warm-up, then the measured run (autocannon's JSON result on stdout).
  await run(
    process.execPath,
    [autocannon, '-c', String(CONNECTIONS), '-d', '1', `http://127.0.0.1:${port}${path}`],
    1,
  ).done;
  const cpuBefore = await cpuOf(server.child.pid);
  const lines = await run(
    process.execPath,
    [
      autocannon,
      '-j',
      '-c',
      String(CONNECTIONS),
      '-d',
      String(DURATION_S),
      `http://127.0.0.1:${port}${path}`,
    ],
    1,
  ).done;
  const cpuAfter = await cpuOf(server.child.pid);
  server.child.kill('SIGTERM');
  await server.done;
  const result = JSON.parse(lines.filter((l) => l.startsWith('{')).at(-1) ?? '{}');
  const requests = result.requests?.total ?? 0;
  return {
    rps: requests / (result.duration ?? DURATION_S),
    cpuUsPerRequest: requests ? ((cpuAfter - cpuBefore) * 1000) / requests : Number.NaN,
    errors: (result.errors ?? 0) + (result.non2xx ?? 0),
  };
}

/** A process's user+system CPU in ms, from /proc (Linux). */
async function cpuOf(pid) {
  try {
    const { readFileSync } = await import('node:fs');
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

const sink = await startSink();
const collector = await startCollector();
const results = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const app of APPS) {
    for (const [id] of CONTENDERS) {
      const r = await measure(id, app, sink.dsn, collector.url);
      if (!r) continue;
      const key = `${app}:${id}`;
      results[key] ??= [];
      results[key].push(r);
    }
  }
}
await sink.close();
await collector.close();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rows = [];
for (const app of APPS) {
  const ours = median((results[`${app}:ours`] ?? []).map((r) => r.rps));
  const ourCpu = median((results[`${app}:ours`] ?? []).map((r) => r.cpuUsPerRequest));
  for (const [id, label] of CONTENDERS) {
    const list = results[`${app}:${id}`] ?? [];
    if (!list.length) continue;
    const rps = median(list.map((r) => r.rps));
    const cpu = median(list.map((r) => r.cpuUsPerRequest));
    rows.push({
      app,
      contender: label,
      rps: Math.round(rps),
      cpuUs: Math.round(cpu),
      oursVsThis: +(ours / rps).toFixed(2),
      cpuRatio: +(ourCpu / cpu).toFixed(2),
      errors: list.reduce((n, r) => n + r.errors, 0),
    });
  }
}
process.stdout.write(
  `tracing, every request traced: ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs${pin ? ', server and load pinned to different cores' : ''}\n`,
);
process.stdout.write(
  '| app | contender | req/s | server CPU per request | otel-sentry req/s ÷ this | otel-sentry CPU ÷ this |\n| --- | --- | --- | --- | --- | --- |\n',
);
for (const r of rows) {
  process.stdout.write(
    `| ${r.app} | ${r.contender} | ${r.rps} | ${r.cpuUs} µs | ${r.oursVsThis} | ${r.cpuRatio} |\n`,
  );
}
mkdirSync(here('./results'), { recursive: true });
writeFileSync(
  here('./results/tracing.json'),
  `${JSON.stringify({ date: new Date().toISOString(), node: process.version, cpus: cpus().length, rows }, null, 2)}\n`,
);
