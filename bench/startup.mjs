// Startup time and peak memory of a tiny app, whole process from spawn to exit, contenders
// interleaved in rounds. Run after `npm run build`:
//   node bench/startup.mjs [--quick]
//   bare Node | plain OTel (NodeSDK + http) | node --require otel-sentry/preload | @sentry/node 11 init
import { spawn } from 'node:child_process';
import { canPin, here, machine, median, printRows, reportRows, row, writeResults } from './lib.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 3 : 9;
// A DSN nothing listens on: startup sends nothing, but the SDKs set everything up.
const DSN = 'http://0123456789abcdef0123456789abcdef@127.0.0.1:9/1';
const CONTENDERS = {
  bare: ['bare Node', []],
  otel: ['plain OTel (NodeSDK + http)', ['--require', here('./startup/otel.cjs')]],
  ours: ['node --require otel-sentry/preload', ['--require', 'otel-sentry/preload']],
  sentry11: ['@sentry/node 11 init (--import)', ['--import', here('./startup/sentry11.mjs')]],
};

function runOnce(args) {
  return new Promise((resolve) => {
    const node = [
      process.execPath,
      '--require',
      here('./startup/report.cjs'),
      ...args,
      here('./startup/app.cjs'),
    ];
    const [cmd, ...argv] = canPin ? ['taskset', '-c', '0', ...node] : node;
    const t0 = performance.now();
    const child = spawn(cmd, argv, {
      cwd: here('..'), // `otel-sentry/preload` resolves through the package's self-reference
      env: { ...process.env, SENTRY_DSN: DSN },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', () => {
      clearTimeout(killer);
      const ms = performance.now() - t0;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      resolve(line ? { ms, rssMB: JSON.parse(line).maxRssKiB / 1024 } : undefined);
    });
  });
}

const samples = Object.fromEntries(Object.keys(CONTENDERS).map((id) => [id, []]));
for (let round = 0; round < ROUNDS + 1; round++) {
  for (const [id, [, args]] of Object.entries(CONTENDERS)) {
    const r = await runOnce(args);
    if (r && round > 0) samples[id].push(r); // round 0 warms the file cache
  }
}
const ms = (id) => median(samples[id].map((s) => s.ms));
const rss = (id) => median(samples[id].map((s) => s.rssMB));
const rows = [];
for (const id of ['otel', 'ours', 'sentry11']) {
  rows.push(
    row(
      'startup time added to a tiny app',
      CONTENDERS[id][0],
      ms(id) - ms('bare'),
      'ms',
      CONTENDERS.sentry11[0],
      ms('sentry11') - ms('bare'),
    ),
  );
}
for (const id of ['otel', 'ours', 'sentry11']) {
  rows.push(
    row(
      'peak RSS added to a tiny app',
      CONTENDERS[id][0],
      rss(id) - rss('bare'),
      'MB',
      CONTENDERS.sentry11[0],
      rss('sentry11') - rss('bare'),
    ),
  );
}
process.stdout.write(
  `startup: ${ROUNDS} runs each, interleaved; bare Node ${ms('bare').toFixed(0)} ms, ${rss('bare').toFixed(1)} MB peak RSS\n`,
);
printRows(rows);
const file = writeResults('startup', { machine: machine(), rounds: ROUNDS, samples, rows });
process.stdout.write(`\nJSON: ${file}\n`);
reportRows(rows);
