// `npm run demo`: the whole path on one machine, no account and no network. Starts the local
// inbox, a small prices service, and the Express example under `--require otel-sentry/preload`;
// sends it a few requests (one makes an outgoing HTTP call, one throws); prints what the inbox got.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startInbox } from 'otel-sentry/inbox';

const APP = fileURLToPath(new URL('../examples/express/app.cjs', import.meta.url));
const TIMEOUT_MS = 20_000;

const deadline = setTimeout(() => fail(`the demo did not finish in ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
const inbox = await startInbox({ port: 0, print: true });
console.log(`\n▶ inbox listening: ${inbox.url} (open it in a browser while the demo runs)\n`);

const prices = createServer((_req, res) => res.end(JSON.stringify({ total: 240, currency: 'EUR' })));
prices.listen(0, '127.0.0.1');
await once(prices, 'listening');

const app = spawn(process.execPath, ['--require', 'otel-sentry/preload', APP], {
  env: {
    ...process.env,
    SENTRY_DSN: inbox.dsn,
    SENTRY_RELEASE: 'demo@1.0.0',
    SENTRY_ENVIRONMENT: 'demo',
    PRICES_URL: `http://127.0.0.1:${prices.address().port}/prices`,
    PORT: '0',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
app.on('exit', (code, signal) => {
  if (code !== 0 && signal !== 'SIGTERM') fail(`the app exited with ${code ?? signal}`);
});
const { listening: port } = await new Promise((resolve) => {
  createInterface({ input: app.stdout }).on('line', (line) => {
    if (line.startsWith('{')) resolve(JSON.parse(line));
  });
});
console.log(`▶ example app (node --require otel-sentry/preload ${APP}) on port ${port}\n`);

for (const path of ['/', '/checkout/cart-7']) {
  const res = await fetch(`http://127.0.0.1:${port}${path}`);
  console.log(`▶ GET ${path} → ${res.status}`);
  await res.arrayBuffer();
}

// SIGTERM: the SDK flushes what is pending, then the app ends as it would have.
const exited = once(app, 'exit');
app.kill('SIGTERM');
await exited;
const events = inbox.events();
console.log(`\n▶ the inbox received ${events.length} event(s); the app exited cleanly`);
clearTimeout(deadline);
prices.close();
await inbox.close();
if (events.length === 0) fail('no event arrived');

function fail(message) {
  console.error(`✗ demo failed: ${message}`);
  process.exit(1);
}
