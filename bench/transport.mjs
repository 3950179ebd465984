// Transport benchmark: otel-sentry against @sentry/node, each SDK in its own child process,
// both sending to the same local receiver. Run after `npm run build`.
//   node bench/transport.mjs [--quick]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startBlackHole, startReceiver } from './transport/receiver.mjs';

const quick = process.argv.includes('--quick');
const CPU_EVENTS = quick ? 500 : 2000;
const BURST = 5000;
const DEAD = 20_000;
const SHUTDOWN_TIMEOUT = 2000;
// A child still alive this long after starting is killed (and reported as such).
const KILL_AFTER_MS = 30_000;
const CHILD = fileURLToPath(new URL('./transport/child.mjs', import.meta.url));
const SDKS = ['ours', 'sentry'];

function runChild(sdk, scenario, dsn, count) {
  return new Promise((resolve) => {
    const started = Date.now();
    let loopDoneAt;
    let out = '';
    let err = '';
    const child = spawn(process.execPath, [CHILD, sdk, scenario, dsn, String(count)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => {
      out += d;
      if (loopDoneAt === undefined && out.includes('loop-done\n')) loopDoneAt = Date.now();
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      const exitAt = Date.now();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) process.stderr.write(`[${sdk} ${scenario}] exit ${code ?? signal}\n${err.slice(-2000)}\n`);
      resolve({
        ...(line ? JSON.parse(line) : {}),
        code,
        signal,
        totalMs: exitAt - started,
        exitAfterLoopMs: loopDoneAt === undefined ? undefined : exitAt - loopDoneAt,
      });
    });
  });
}

const receiver = await startReceiver();
const results = {};
for (const sdk of SDKS) {
  const r = {};
  results[sdk] = r;

  const cpu = receiver.dsn();
  const cpuRun = await runChild(sdk, 'cpu', cpu.dsn, CPU_EVENTS);
  const delivered = receiver.stats(cpu.id).marked;
  r.cpuPerEvent = delivered > 0 ? cpuRun.cpuMicros / delivered : Number.NaN;
  r.cpuDelivered = delivered;

  const burst = receiver.dsn();
  const burstRun = await runChild(sdk, 'burst', burst.dsn, BURST);
  const bs = receiver.stats(burst.id);
  r.burstDelivered = bs.marked;
  r.burstCounted = Object.entries(bs.discarded)
    .filter(([k]) => k.endsWith(':error'))
    .reduce((sum, [, q]) => sum + q, 0);
  r.burstReasons = bs.discarded;
  r.burstLoopMs = burstRun.loopMs;
  r.burstCpuPerDelivered = bs.marked > 0 ? burstRun.cpuMicros / bs.marked : Number.NaN;

  for (const kind of ['refused', 'blackhole']) {
    let dsn;
    let hole;
    if (kind === 'refused') {
      dsn = `http://${'0'.repeat(32)}@127.0.0.1:9/1`; // port 9 (discard): nothing listens here
    } else {
      hole = await startBlackHole();
      dsn = hole.dsn;
    }
    const dead = await runChild(sdk, 'dead', dsn, DEAD);
    await hole?.close();
    r[`dead_${kind}`] = {
      exitAfterLoopMs: dead.signal === 'SIGKILL' ? `>${KILL_AFTER_MS} (killed)` : dead.exitAfterLoopMs,
      exitAfterBeforeExitMs: dead.exitAfterBeforeExitMs,
      rssGrowthMB: dead.rssGrowthMB,
      code: dead.code ?? dead.signal,
    };
  }
}
// The floor: one plain node:http request per event, no SDK at all.
const floorDsn = receiver.dsn();
const floorRun = await runChild('bare', 'cpu', floorDsn.dsn, CPU_EVENTS);
const floorDelivered = receiver.stats(floorDsn.id).marked;
const floor = floorDelivered > 0 ? floorRun.cpuMicros / floorDelivered : Number.NaN;
await receiver.close();

const fmt = (n, d = 0) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(d) : String(n));
const ratio = (a, b) => (b ? fmt(a / b, 2) : 'n/a');
const o = results.ours;
const s = results.sentry;
const rows = [
  [
    'CPU per delivered event (µs)',
    fmt(o.cpuPerEvent),
    fmt(s.cpuPerEvent),
    ratio(o.cpuPerEvent, s.cpuPerEvent),
  ],
  [`  events delivered (of ${CPU_EVENTS})`, o.cpuDelivered, s.cpuDelivered, ''],
  ['  floor: a bare node:http request per event (µs)', fmt(floor), fmt(floor), ratio(floor, s.cpuPerEvent)],
  [
    `Burst ${BURST}: delivered`,
    o.burstDelivered,
    s.burstDelivered,
    ratio(o.burstDelivered, s.burstDelivered),
  ],
  [
    'Burst: delivered %',
    fmt((100 * o.burstDelivered) / BURST, 1),
    fmt((100 * s.burstDelivered) / BURST, 1),
    '',
  ],
  ['Burst: lost, counted in client reports', o.burstCounted, s.burstCounted, ''],
  [
    'Burst: lost, uncounted',
    BURST - o.burstDelivered - o.burstCounted,
    BURST - s.burstDelivered - s.burstCounted,
    '',
  ],
  ['Burst: capture loop (ms)', fmt(o.burstLoopMs), fmt(s.burstLoopMs), ratio(o.burstLoopMs, s.burstLoopMs)],
  [
    'Burst: CPU per delivered event (µs)',
    fmt(o.burstCpuPerDelivered),
    fmt(s.burstCpuPerDelivered),
    ratio(o.burstCpuPerDelivered, s.burstCpuPerDelivered),
  ],
];
for (const kind of ['refused', 'blackhole']) {
  const a = o[`dead_${kind}`];
  const b = s[`dead_${kind}`];
  rows.push([
    `Dead DSN (${kind}) ${DEAD}: exit after loop (ms)`,
    fmt(a.exitAfterLoopMs),
    fmt(b.exitAfterLoopMs),
    '',
  ]);
  rows.push([
    `Dead DSN (${kind}): exit after first beforeExit (ms)`,
    fmt(a.exitAfterBeforeExitMs),
    fmt(b.exitAfterBeforeExitMs),
    '',
  ]);
  rows.push([
    `Dead DSN (${kind}): peak RSS growth after init (MB)`,
    fmt(a.rssGrowthMB, 1),
    fmt(b.rssGrowthMB, 1),
    '',
  ]);
}
const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...[['', 'otel-sentry', '@sentry/node', 'ratio'], ...rows].map((r) => String(r[i]).length)),
);
const line = (r) =>
  r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
console.log(`\nnode ${process.version}, shutdownTimeout ${SHUTDOWN_TIMEOUT} ms`);
console.log(line(['', 'otel-sentry', '@sentry/node', 'ratio']));
for (const r of rows) console.log(line(r));
console.log(
  '\nclient-report reasons (burst):',
  JSON.stringify({ ours: o.burstReasons, sentry: s.burstReasons }),
);
console.log(
  'exit codes (dead):',
  JSON.stringify({
    ours: [o.dead_refused.code, o.dead_blackhole.code],
    sentry: [s.dead_refused.code, s.dead_blackhole.code],
  }),
);
