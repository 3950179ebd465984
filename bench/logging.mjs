// pino with otel-sentry's pino integration on vs off: 100 000 `info` records to a file, CPU time
// per record. Rounds alternate on/off in fresh processes (the CPU is shared: only the ratio counts).
//   npm run build && node bench/logging.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const rounds = quick ? 2 : 7;
const child = fileURLToPath(new URL('./logging/child.mjs', import.meta.url));
const times = { on: [], off: [] };
const ratios = [];
for (let r = 0; r < rounds; r++) {
  for (const mode of r % 2 ? ['on', 'off'] : ['off', 'on']) {
    const run = spawnSync(process.execPath, [child], {
      env: { ...process.env, MODE: mode, COUNT: quick ? '20000' : '100000' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (run.status !== 0) {
      console.error(run.stderr);
      process.exit(1);
    }
    const { cpuMicros, count } = JSON.parse(run.stdout.trim().split('\n').at(-1));
    times[mode].push(cpuMicros / count);
  }
  // The ratio within a round: both ran back to back, under the same load from the rest of the machine.
  ratios.push(times.on[r] / times.off[r]);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const off = median(times.off);
const on = median(times.on);
console.log(`pino info → file (sync), CPU per record, median of ${rounds} rounds:`);
console.log(`  integration off: ${(off * 1000).toFixed(0)} ns`);
console.log(`  integration on:  ${(on * 1000).toFixed(0)} ns`);
console.log(`  ratio on/off:    ${median(ratios).toFixed(3)} (median of the rounds' ratios; budget 1.10)`);
