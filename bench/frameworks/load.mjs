// Load from a separate process: autocannon, keep-alive connections on one URL, a warm-up run then
// a measured one, each bounded in time and in requests. Prints { rps, errors } as JSON.
//   node load.mjs <url> <warmupSec> <durationSec> <connections> <maxRequests>
import autocannon from 'autocannon';

const [url, warmup, duration, connections, maxRequests] = process.argv.slice(2);
const run = (seconds) =>
  autocannon({
    url,
    connections: Number(connections),
    duration: Number(seconds),
    maxOverallRequests: Number(maxRequests),
  });
await run(warmup);
const result = await run(duration);
const errors = result.errors + result.timeouts + result.non2xx;
process.stdout.write(`${JSON.stringify({ rps: result.requests.average, errors })}\n`);
