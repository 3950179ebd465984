// Load generator: `concurrency` keep-alive connections, each sending GET / back to back.
// Warms up, then counts responses over a fixed time; bounded by a request cap as well.
//   node load.mjs <port> <warmupMs> <durationMs> <concurrency> <maxRequests>
import http from 'node:http';

const [port, warmupMs, durationMs, concurrency, maxRequests] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let measuring = false;
let stopped = false;
let counted = 0;
let total = 0;
let errors = 0;

function one() {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('error', () => resolve(false));
  });
}

async function worker() {
  while (!stopped && total < maxRequests) {
    total++;
    const ok = await one();
    if (!ok) errors++;
    else if (measuring) counted++;
  }
}

const workers = Array.from({ length: concurrency }, worker);
await new Promise((r) => setTimeout(r, warmupMs));
measuring = true;
const started = process.hrtime.bigint();
await new Promise((r) => setTimeout(r, durationMs));
measuring = false;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
stopped = true;
await Promise.all(workers);
agent.destroy();
process.stdout.write(`${JSON.stringify({ requests: counted, seconds, rps: counted / seconds, errors })}\n`);
