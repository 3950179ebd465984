// Load with faults, full length: for each DSN fault, the app under load for 20 s beside its
// healthy twin (same load, same time), then the books. Run after `npm run build`.
//   node bench/faults.mjs [--duration 20] [--rate <req/s per app>] [--quick]
// Without --rate, a 3 s saturation run of one app finds what the machine sustains, and each of
// the two apps gets 40% of it (80% together).
import { MODES, runFaultMode, runSideBySide } from './faults/run.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const quick = process.argv.includes('--quick');
const duration = arg('duration', quick ? 3 : 20);
let rate = arg('rate', 0);
if (!rate) {
  const max = await runFaultMode({ mode: 'healthy', durationSec: 3, rate: undefined, connections: 50 });
  rate = Math.max(50, Math.round(max.rps * 0.4));
  console.log(`saturated: ${Math.round(max.rps)} req/s; each app now gets ${rate} req/s for ${duration} s`);
}

// The target (issue 14): the faulty run's p99 at most 10% above its healthy twin's, same load, same
// time (a faulty DSN that makes the app faster, as one that refuses at once does, meets it).
const p99Verdict = (f, h) => {
  const ratio = f / h;
  return `${ratio.toFixed(2)} ${ratio <= 1.1 ? '✓' : '✗'}`;
};
const ms = (v) => `${v.toFixed(1)} ms`;
console.log(
  '| DSN | requests, failed | p50 (healthy twin) | p99 (healthy twin) | p99 / twin (at most 1.10) | RSS growth (twin) | captured = delivered + 429 at DSN + client reports |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const mode of MODES.filter((m) => m !== 'healthy')) {
  const { healthy: h, fault: f } = await runSideBySide({
    mode,
    durationSec: duration,
    rate,
    closeMs: 60_000,
  });
  const balance = `${f.captured} = ${f.delivered} + ${f.limitedAtDsn} + ${f.reported} ${f.accountedFor === f.captured ? '✓' : '✗'}`;
  console.log(
    `| ${mode} | ${f.requests}, ${f.errors + f.non2xx} | ${ms(f.p50)} (${ms(h.p50)}) | ${ms(f.p99)} (${ms(h.p99)}) | ${p99Verdict(f.p99, h.p99)} | ` +
      `${f.rssGrowthMB.toFixed(0)} MB (${h.rssGrowthMB.toFixed(0)} MB) | ${balance} ${JSON.stringify(f.reasons)} |`,
  );
  if (f.stderr || h.stderr) console.log(f.stderr || h.stderr);
}
