// Load generator, in a process of its own: autocannon, keep-alive connections, GET on one path.
// Warms up, prints `measure`, then measures; prints one JSON line with req/s and the share of
// its own CPU it used (near 1: the client, not the server, limited the rate).
//   node load.mjs <port> <path> <warmupMs> <durationMs> <connections>
import autocannon from 'autocannon';

const [port, path, warmupMs, durationMs, connections] = process.argv.slice(2);
const url = `http://127.0.0.1:${port}${path}`;
const run = (ms) =>
  autocannon({ url, connections: Number(connections), duration: Number(ms) / 1000, pipelining: 1 });

await run(warmupMs);
process.stdout.write('measure\n');
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await run(durationMs);
const cpu = process.cpuUsage(cpu0);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  `${JSON.stringify({
    rps: result.requests.total / seconds,
    requests: result.requests.total,
    seconds,
    errors: result.errors + result.timeouts + result.non2xx,
    clientCpuShare: (cpu.user + cpu.system) / 1e6 / seconds,
  })}\n`,
);
