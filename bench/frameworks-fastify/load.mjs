// autocannon against one contender, from its own process: warm-up, then a measured run, both
// bounded in time and in requests. Prints `{ rps, requests, errors }` as JSON.
//   node load.mjs <port> <warmupMs> <durationMs> <connections> <maxRequests>
import autocannon from 'autocannon';

const [port, warmupMs, durationMs, connections, maxRequests] = process.argv.slice(2).map(Number);
const url = `http://127.0.0.1:${port}/users/42`;
const run = (ms) =>
  autocannon({ url, connections, duration: ms / 1000, maxOverallRequests: maxRequests, pipelining: 1 });

await run(warmupMs);
const result = await run(durationMs);
const seconds = durationMs / 1000;
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    errors: result.errors + result.non2xx + result.timeouts,
  })}\n`,
);
