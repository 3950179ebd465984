// `npm run bench`: every benchmark, one after the other (each runs its contenders side by side),
// then one table of ratios, each figure beside its baseline, and one JSON file in bench/results/.
//   node bench/run.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { here, machine, printRows, writeResults } from './lib.mjs';

const args = process.argv.slice(2);
const started = Date.now();
const all = [];
// Those that write rows feed the summary; every one prints its own table too.
const BENCHES = [
  'startup.mjs',
  'transport.mjs',
  'otel.mjs',
  'tracing.mjs',
  'frameworks.mjs',
  'logging.mjs',
  'bullmq.mjs',
  'otlp.mjs',
  'faults.mjs',
  'local-variables.mjs',
  'logs.mjs',
];
for (const bench of BENCHES) {
  process.stdout.write(`\n=== bench/${bench}\n`);
  const rowsFile = join(tmpdir(), `otel-sentry-bench-${process.pid}-${bench}.json`);
  const { status } = spawnSync(process.execPath, [here(bench), ...args], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_ROWS_FILE: rowsFile },
  });
  if (status !== 0) process.exit(status ?? 1);
  if (!existsSync(rowsFile)) continue;
  const rows = JSON.parse(readFileSync(rowsFile, 'utf8'));
  rmSync(rowsFile, { force: true });
  all.push(...rows.map((r) => ({ bench, ...r })));
}

const info = machine();
process.stdout.write(
  `\n=== summary: ${info.date.slice(0, 10)}, Node ${info.node}, ${info.cpus} CPUs (${info.cpuModel}), ` +
    `${info.pinned ? 'server and load pinned to different cores' : 'not pinned'}, ` +
    `${Math.round((Date.now() - started) / 1000)} s${args.includes('--quick') ? ', quick run' : ''}\n` +
    'ratio = value / baseline value (below 1: less time, CPU or memory than the baseline)\n\n',
);
printRows(all);
const file = writeResults('bench', { machine: info, args, rows: all });
process.stdout.write(`\nJSON: ${file}\n`);
