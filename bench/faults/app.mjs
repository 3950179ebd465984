// The app under load: every request captures an error and answers 200. GET /__finish closes the
// SDK (flushing what is queued) and answers with the app's own books.
//   node bench/faults/app.mjs <dsn> <closeMs> [queueBytes]
import * as http from 'node:http';
import * as Sentry from 'otel-sentry';

const [dsn, closeMs = '15000', queueBytes] = process.argv.slice(2);
// A 2 s request timeout (default 30 s) keeps the hanging-DSN run short; nothing else is tuned
// unless the caller sizes the queue.
Sentry.init({
  dsn,
  transportOptions: { timeout: 2000, ...(queueBytes ? { queueBytes: Number(queueBytes) } : {}) },
});

let captured = 0;
let maxRss = 0;
const sampler = setInterval(() => {
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
}, 50);
sampler.unref();

const server = http.createServer((req, res) => {
  if (req.url === '/__finish') {
    void finish(res);
    return;
  }
  captured += 1;
  Sentry.captureException(new Error(`request ${captured} failed`));
  res.end('ok');
});

async function finish(res) {
  clearInterval(sampler);
  maxRss = Math.max(maxRss, process.memoryUsage.rss());
  const started = Date.now();
  const closed = await Sentry.close(Number(closeMs));
  res.end(JSON.stringify({ captured, baseRss, maxRss, closed, closeMs: Date.now() - started }));
  server.close();
  server.closeAllConnections();
}

let baseRss = 0;
server.listen(0, '127.0.0.1', () => {
  baseRss = process.memoryUsage.rss();
  process.stdout.write(`ready ${server.address().port}\n`);
});
