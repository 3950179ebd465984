// Local variables: CPU per captured exception (the whole process, the inspector worker included)
// with otel-sentry's LocalVariables integration removed, present but off (the default), and on
// (`includeLocalVariables: true`), beside @sentry/node 10 off and on, in fresh processes, rounds
// alternating the order (the CPU is shared: ratios within a round count, not absolute figures).
//   npm run build && node bench/local-variables.mjs [--quick]
import { fmt, here, lastJson, median, printRows, reportRows, row, spawnNode } from './lib.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 2 : 5;
const count = quick ? 300 : 1000;
const CONTENDERS = {
  'ours-none': { SDK: 'ours', LV: 'none' },
  'ours-off': { SDK: 'ours', LV: 'off' },
  'ours-on': { SDK: 'ours', LV: 'on' },
  'sentry10-off': { SDK: 'sentry10', LV: 'off' },
  'sentry10-on': { SDK: 'sentry10', LV: 'on' },
};
const NAMES = {
  'ours-none': 'otel-sentry, no LocalVariables integration',
  'ours-off': 'otel-sentry, local variables off (default)',
  'ours-on': 'otel-sentry, includeLocalVariables',
  'sentry10-off': '@sentry/node 10, local variables off',
  'sentry10-on': '@sentry/node 10, includeLocalVariables',
};
const perException = Object.fromEntries(Object.keys(CONTENDERS).map((c) => [c, []]));
const ratios = { offVsNone: [], onVsSentry: [], offVsSentry: [] };

for (let r = 0; r < rounds; r++) {
  const order = Object.keys(CONTENDERS);
  if (r % 2) order.reverse();
  const round = {};
  for (const c of order) {
    const { done } = spawnNode([here('./local-variables/child.mjs')], {
      env: { ...CONTENDERS[c], COUNT: String(count), NODE_OPTIONS: '' },
      core: 1,
      killAfterMs: 120_000,
    });
    const result = lastJson(await done);
    if (!result || (c.endsWith('-on') && result.withVars !== result.count)) {
      console.error(`${c}: no result or exceptions without variables`, result);
      process.exit(1);
    }
    round[c] = result.cpuMicros / result.count;
    perException[c].push(round[c]);
  }
  ratios.offVsNone.push(round['ours-off'] / round['ours-none']);
  ratios.onVsSentry.push(round['ours-on'] / round['sentry10-on']);
  ratios.offVsSentry.push(round['ours-off'] / round['sentry10-off']);
}

const m = Object.fromEntries(Object.entries(perException).map(([c, xs]) => [c, median(xs)]));
console.log(`CPU per captured exception (µs), ${count} exceptions per process, median of ${rounds} rounds:`);
for (const c of Object.keys(CONTENDERS)) console.log(`  ${NAMES[c].padEnd(46)} ${fmt(m[c], 'µs')}`);
console.log(
  `  ratio off / no integration (ours):     ${median(ratios.offVsNone).toFixed(2)} (median of rounds)`,
);
console.log(`  ratio ours on / @sentry/node 10 on:    ${median(ratios.onVsSentry).toFixed(2)}`);
console.log(`  ratio ours off / @sentry/node 10 off:  ${median(ratios.offVsSentry).toFixed(2)}`);
const rows = [
  row(
    'CPU per captured exception, local variables off',
    NAMES['ours-off'],
    m['ours-off'],
    'µs',
    NAMES['ours-none'],
    m['ours-none'],
  ),
  row(
    'CPU per captured exception, local variables off',
    NAMES['ours-off'],
    m['ours-off'],
    'µs',
    NAMES['sentry10-off'],
    m['sentry10-off'],
  ),
  row(
    'CPU per captured exception, local variables on',
    NAMES['ours-on'],
    m['ours-on'],
    'µs',
    NAMES['sentry10-on'],
    m['sentry10-on'],
  ),
  row(
    'CPU added by local variables per exception',
    'otel-sentry',
    m['ours-on'] - m['ours-none'],
    'µs',
    '@sentry/node 10',
    m['sentry10-on'] - m['sentry10-off'],
  ),
];
printRows(rows);
reportRows(rows);
