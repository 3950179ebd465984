// Sentry's OTLP endpoint benchmark. Run after `npm run build`:
//   node bench/otlp.mjs [--quick]
// `/` with every request traced, spans exported to a local sink, one server process per contender,
// rounds interleaved: plain OTel exporting to a collector by OTLP (the baseline), the same NodeSDK
// with sentryOtlpTraceExporter, otel-sentry's init({ tracesVia: 'otlp' }), and otel-sentry's own
// transactions; bare Node for reference. Ratios are to plain OTel's, measured in the same run.
// Then two measures steadier on a busy machine (CPU time, no load client): the span pipeline alone
// (a server span and a child per request, started, ended and exported in a loop) for plain OTel,
// tracesVia 'otlp' and transactions; and the exporter alone, in one process: CPU per span exported
// by the official OTLP exporter vs sentryOtlpTraceExporter (same spans, same sink, alternated).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startSink } from './otlp/sink.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const WARMUP_MS = quick ? 1000 : 2000;
const DURATION_MS = quick ? 2000 : 4000;
const CONCURRENCY = 32;
const MAX_REQUESTS = 2_000_000;
const KILL_AFTER_MS = 60_000;
const CONTENDERS = [
  ['otel', 'plain OTel: NodeSDK + OTLP exporter to a collector'],
  ['otel-sentry', 'the same NodeSDK + sentryOtlpTraceExporter'],
  ['ours-otlp', "otel-sentry init({ tracesVia: 'otlp' })"],
  ['ours-tx', 'otel-sentry init(): transactions'],
  ['bare', 'bare Node (no tracing)'],
];
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

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
    for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine?.(line);
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

async function throughput(contender, sink) {
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  const env = { SENTRY_DSN: sink.dsn, COLLECTOR_URL: sink.url };
  const server = spawnChild([here('./otlp/server.cjs'), contender], env, (line) => {
    if (line.startsWith('ready ')) onReady(Number(line.slice(6)));
  });
  const port = await Promise.race([ready, server.done.then(() => undefined)]);
  if (!port) return undefined;
  const before = { ...sink.counts.bytes };
  const load = spawnChild(
    [here('./otel/load.mjs'), port, WARMUP_MS, DURATION_MS, CONCURRENCY, MAX_REQUESTS].map(String),
    {},
  );
  const result = lastJson(await load.done);
  server.child.kill('SIGTERM');
  const stats = lastJson(await server.done);
  if (!result || !stats?.requests) return undefined;
  const sent = Object.keys(before).reduce((n, k) => n + sink.counts.bytes[k] - before[k], 0);
  return {
    rps: result.rps,
    cpuUs: (stats.cpuMs * 1000) / stats.requests,
    traced: stats.recording / stats.requests,
    bytesPerRequest: sent / stats.requests,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)] : Number.NaN;
};

const sink = await startSink();
process.stdout.write(
  `node ${process.version}, ${ROUNDS} round(s) x ${DURATION_MS / 1000}s per contender, ${CONCURRENCY} keep-alive connections\n`,
);
const runs = Object.fromEntries(CONTENDERS.map(([id]) => [id, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = CONTENDERS.map((_, i) => CONTENDERS[(i + round) % CONTENDERS.length]);
  for (const [id] of order) {
    const result = await throughput(id, sink);
    if (result) runs[id].push(result);
  }
}

const of = (id, key) => median(runs[id].map((r) => r[key]));
const baseRps = of('otel', 'rps');
const baseCpu = of('otel', 'cpuUs');
printTable(
  [
    'contender',
    'req/s (median)',
    'req/s ratio',
    'server µs CPU/req',
    'CPU ratio',
    'traced',
    'bytes sent/req',
  ],
  CONTENDERS.map(([id, label]) => [
    label,
    of(id, 'rps').toFixed(0),
    (of(id, 'rps') / baseRps).toFixed(3),
    of(id, 'cpuUs').toFixed(1),
    (of(id, 'cpuUs') / baseCpu).toFixed(3),
    `${Math.round(of(id, 'traced') * 100)}%`,
    of(id, 'bytesPerRequest').toFixed(0),
  ]),
);
process.stdout.write(
  "\nreq/s ratio: req/s over plain OTel's (higher is better). CPU ratio: server CPU per request over plain\n" +
    "OTel's (lower is better; steadier than req/s when the load client shares the CPUs).\n" +
    `sink: ${sink.counts.collector} collector, ${sink.counts.sentryOtlp} Sentry OTLP, ${sink.counts.envelopes} envelope requests\n`,
);

const PIPELINE = [
  ['otel', 'plain OTel: BatchSpanProcessor + OTLPTraceExporter'],
  ['ours-otlp', "otel-sentry init({ tracesVia: 'otlp' })"],
  ['ours-tx', 'otel-sentry init(): transactions'],
];
const pipeline = Object.fromEntries(PIPELINE.map(([id]) => [id, []]));
const env = { SENTRY_DSN: sink.dsn, COLLECTOR_URL: sink.url };
for (let round = 0; round < ROUNDS; round++) {
  for (const [id] of PIPELINE) {
    const run = spawnChild([here('./otlp/pipeline.cjs'), id, String(quick ? 5000 : 20000)], env);
    const result = lastJson(await run.done);
    if (result) pipeline[id].push(result.cpuUsPerRequest);
  }
}
process.stdout.write('\n');
printTable(
  ['span pipeline alone (2 spans per request)', 'µs CPU / request', 'ratio'],
  PIPELINE.map(([id, label]) => [
    label,
    median(pipeline[id]).toFixed(1),
    (median(pipeline[id]) / median(pipeline.otel)).toFixed(3),
  ]),
);

const cpuRun = spawnChild(
  [here('./otlp/exporter-cpu.cjs'), sink.url, sink.dsn, String(quick ? 30 : 100)],
  {},
);
const exporterCpu = lastJson(await cpuRun.done);
if (exporterCpu) {
  process.stdout.write('\n');
  printTable(
    ['exporter alone (512-span batches, protobuf)', 'µs CPU / span', 'ratio'],
    [
      ['OTLPTraceExporter to a collector', exporterCpu.otel.toFixed(2), '1.000'],
      [
        'sentryOtlpTraceExporter',
        exporterCpu.sentry.toFixed(2),
        (exporterCpu.sentry / exporterCpu.otel).toFixed(3),
      ],
    ],
  );
}
await sink.close();

function printTable(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const row of body) process.stdout.write(`${line(row)}\n`);
}
