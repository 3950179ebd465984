// Sentry Logs: `logger.info` with `enableLogs` on, otel-sentry beside @sentry/node 10 and a no-SDK
// baseline (an empty function), in one run. Figures: caller cost per call (a synchronous burst,
// and calls spread over the event loop) and HTTP requests per 100 000 calls. Budget: at most
// 2 µs per call and 1 000 requests per 100 000 calls. Rounds alternate the contenders in fresh
// processes; the receiver (this process) only counts and answers.
//   npm run build && node bench/logs.mjs [--quick]
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { fmt, here, lastJson, median, printRows, reportRows, row, spawnNode } from './lib.mjs';

const quick = process.argv.includes('--quick');
const rounds = quick ? 1 : 3;
const count = 100_000;
const WARM_UP = 1000;
const SDKS = ['none', 'otel-sentry', 'sentry-node-10'];

let requests = 0;
let logs = 0;
let dropped = 0;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    requests++;
    let body = Buffer.concat(chunks);
    if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    const text = body.toString();
    for (const m of text.matchAll(/"item_count":(\d+)/g)) logs += Number(m[1]);
    for (const m of text.matchAll(/"reason":"(\w+)","category":"log_item","quantity":(\d+)/g))
      dropped += Number(m[2]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();
const dsn = `http://0123456789abcdef0123456789abcdef@127.0.0.1:${port}/1`;

const results = {};
for (const kind of ['tight', 'spread']) {
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? [...SDKS].reverse() : SDKS;
    for (const sdk of order) {
      requests = 0;
      logs = 0;
      dropped = 0;
      const { done } = spawnNode([here('./logs/child.mjs')], {
        env: { SDK: sdk, KIND: kind, COUNT: String(count), SENTRY_DSN: dsn },
        killAfterMs: 120_000,
        onLine: (line) => {
          if (line !== 'WARM') return;
          requests = 0;
          logs = 0;
          dropped = 0;
        },
      });
      const out = lastJson(await done);
      const key = `${sdk}/${kind}`;
      results[key] ??= { ns: [], requests: [], logs: [], dropped: [] };
      if (sdk !== 'none' && !out?.flushed) process.stderr.write(`${key}: flush did not finish\n`);
      results[key].dropped.push(dropped);
      results[key].ns.push(out?.nsPerCall ?? Number.NaN);
      results[key].requests.push(requests);
      results[key].logs.push(logs);
    }
  }
}
server.close();

const rows = [];
const get = (sdk, kind, figure) => median(results[`${sdk}/${kind}`][figure]);
for (const kind of ['tight', 'spread']) {
  const figure = `logger.info caller cost (${kind === 'tight' ? 'synchronous burst' : 'spread over ticks'})`;
  const base = get('none', kind, 'ns');
  const theirs = get('sentry-node-10', kind, 'ns');
  rows.push(row(figure, 'otel-sentry', get('otel-sentry', kind, 'ns'), 'ns', '@sentry/node 10', theirs));
  rows.push(row(figure, '@sentry/node 10', theirs, 'ns', 'no SDK', base));
}
for (const sdk of ['otel-sentry', 'sentry-node-10']) {
  const name = sdk === 'otel-sentry' ? 'otel-sentry' : '@sentry/node 10';
  const req = get(sdk, 'tight', 'requests');
  rows.push(row(`HTTP requests per ${count} calls`, name, req, '', undefined, undefined));
  rows.push(row(`logs received of ${count}`, name, get(sdk, 'tight', 'logs'), '', undefined, undefined));
  rows.push(row('logs reported dropped', name, get(sdk, 'tight', 'dropped'), '', undefined, undefined));
}
process.stdout.write(
  `Sentry Logs, ${count} logger.info calls (+${WARM_UP} warm-up), median of ${rounds} round(s)\n`,
);
printRows(rows);
const ours = get('otel-sentry', 'tight', 'ns');
process.stdout.write(
  `budget: ≤ 2 µs per call (otel-sentry: ${fmt(ours / 1000, 'µs')} burst, ${fmt(get('otel-sentry', 'spread', 'ns') / 1000, 'µs')} spread), ` +
    `≤ 1000 requests per 100 000 calls (otel-sentry: ${get('otel-sentry', 'tight', 'requests')}, ` +
    `${get('otel-sentry', 'tight', 'logs')} of ${count} logs received)\n`,
);
reportRows(rows);
