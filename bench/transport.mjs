// Transport benchmark: otel-sentry against @sentry/node, each SDK in its own child process,
// both sending to the same local receiver. Run after `npm run build`.
//   node bench/transport.mjs [--quick]
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { canPin, machine, printRows, reportRows, row, writeResults } from './lib.mjs';
import { startBlackHole, startReceiver } from './transport/receiver.mjs';

const quick = process.argv.includes('--quick');
const CPU_EVENTS = quick ? 500 : 2000;
const BURST = 5000;
const DEAD = 20_000;
/** A sustained error rate (errors/s) for RATE_SECONDS against a healthy receiver. */
const RATE = 3700;
const RATE_SECONDS = quick ? 2 : 5;
const SHUTDOWN_TIMEOUT = 2000;
// A child still alive this long after starting is killed (and reported as such).
const KILL_AFTER_MS = 30_000;
const CHILD = fileURLToPath(new URL('./transport/child.mjs', import.meta.url));
const SDKS = ['ours', 'sentry'];
// The never-answering DSN takes @sentry/node its whole kill timeout (30 s): default runs only.
const DEAD_KINDS = quick ? ['refused'] : ['refused', 'blackhole'];

function runChild(sdk, scenario, dsn, count, env = {}) {
  return new Promise((resolve) => {
    const started = Date.now();
    let loopDoneAt;
    let out = '';
    let err = '';
    // The SDK's process on core 0; this one (the receiver) keeps core 1.
    const node = [process.execPath, CHILD, sdk, scenario, dsn, String(count)];
    const [cmd, ...args] = canPin ? ['taskset', '-c', '0', ...node] : node;
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  const rate = receiver.dsn();
  const rateRun = await runChild(sdk, 'rate', rate.dsn, RATE, { RATE_SECONDS: String(RATE_SECONDS) });
  const rs = receiver.stats(rate.id);
  r.rateCaptured = rateRun.captured;
  r.rateAchieved = rateRun.achievedRate;
  r.rateDelivered = rs.marked;
  r.rateReasons = rs.discarded;

  for (const kind of DEAD_KINDS) {
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
for (const kind of DEAD_KINDS) {
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
    ours: DEAD_KINDS.map((k) => o[`dead_${k}`].code),
    sentry: DEAD_KINDS.map((k) => s[`dead_${k}`].code),
  }),
);

// The summary `npm run bench` prints: otel-sentry beside @sentry/node (the baseline).
const S = '@sentry/node 11';
const summary = [
  row('CPU per delivered event, steady', 'otel-sentry', o.cpuPerEvent, 'µs', S, s.cpuPerEvent),
  row('CPU per delivered event, steady', 'floor: bare node:http POST', floor, 'µs', S, s.cpuPerEvent),
  row(`burst of ${BURST}: delivered`, 'otel-sentry', o.burstDelivered, '', S, s.burstDelivered),
  row(
    `${RATE} errors/s for ${RATE_SECONDS} s: delivered %`,
    'otel-sentry',
    (100 * o.rateDelivered) / o.rateCaptured,
    '%',
    S,
    (100 * s.rateDelivered) / s.rateCaptured,
  ),
  row(`${RATE} errors/s: rate the app reached`, 'otel-sentry', o.rateAchieved, '/s', S, s.rateAchieved),
  row(
    `dead DSN, ${DEAD} captures: peak RSS growth`,
    'otel-sentry',
    o.dead_refused.rssGrowthMB,
    'MB',
    S,
    s.dead_refused.rssGrowthMB,
  ),
];
console.log(
  `\n${RATE} errors/s for ${RATE_SECONDS} s:`,
  JSON.stringify({
    ours: { captured: o.rateCaptured, delivered: o.rateDelivered, lost: o.rateReasons },
    sentry: { captured: s.rateCaptured, delivered: s.rateDelivered, lost: s.rateReasons },
  }),
);
console.log('');
printRows(summary);
const file = writeResults('transport', { machine: machine(), quick, results, rows: summary });
console.log(`\nJSON: ${file}`);
reportRows(summary);
