// BullMQ integration overhead. Run after `npm run build`:
//   node bench/bullmq.mjs [--quick]
// Starts a redis-server (127.0.0.1, free port, no persistence), then runs 10 000 jobs through a
// BullMQ worker (concurrency 50), with the integration off and on, each in its own child process,
// rounds interleaved, against that same Redis. Reports median wall time and worker CPU, and the
// ratios. A third contender, off-als, is "off" in a process that used async context once before
// (bench/bullmq/worker.mjs says why that matters on Node 20).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 1 : 5;
const JOBS = quick ? 2000 : 10_000;
const CONCURRENCY = 50;
const KILL_AFTER_MS = 120_000;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));

if (!existsSync(here('../build/cjs/src/index.js'))) {
  process.stderr.write('build/ is missing: run `npm run build` first\n');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function startRedis(port) {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
  });
  return child;
}

// No DSN: nothing fails in this run, so no event would be sent; the SDK still runs in full.
function runOnce(variant, port, round) {
  const result = spawnSync(
    process.execPath,
    [
      here('./bullmq/worker.mjs'),
      variant,
      String(port),
      `bench-${variant}-${round}`,
      String(JOBS),
      String(CONCURRENCY),
    ],
    {
      encoding: 'utf8',
      timeout: KILL_AFTER_MS,
      env: { ...process.env, SENTRY_DSN: 'http://0123456789abcdef0123456789abcdef@127.0.0.1:9/1' },
    },
  );
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  if (!line) throw new Error(`${variant}: ${result.stderr || result.error}`);
  return JSON.parse(line);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const port = await freePort();
const redis = await startRedis(port);
try {
  const runs = { off: [], 'off-als': [], on: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = ['off', 'off-als', 'on'];
    for (const variant of round % 2 ? order.reverse() : order) {
      const r = runOnce(variant, port, round);
      if (r.patched !== (variant === 'on')) throw new Error(`${variant}: patched=${r.patched}`);
      runs[variant].push(r);
      console.log(
        `round ${round + 1} ${variant}: ${r.wallMs.toFixed(0)} ms wall, ${r.cpuMs.toFixed(0)} ms CPU`,
      );
    }
  }
  const wall = (v) => median(runs[v].map((r) => r.wallMs));
  const cpu = (v) => median(runs[v].map((r) => r.cpuMs));
  const ratio = wall('on') / wall('off');
  console.log(
    `\n| ${JOBS} BullMQ jobs (concurrency ${CONCURRENCY}) | wall (median of ${ROUNDS}) | worker CPU |`,
  );
  console.log('| --- | --- | --- |');
  for (const v of ['off', 'off-als', 'on']) {
    console.log(`| integration ${v} | ${wall(v).toFixed(0)} ms | ${cpu(v).toFixed(0)} ms |`);
  }
  console.log(`| ratio on/off | ${ratio.toFixed(2)} | ${(cpu('on') / cpu('off')).toFixed(2)} |`);
  console.log(
    `| ratio on/off-als | ${(wall('on') / wall('off-als')).toFixed(2)} | ${(cpu('on') / cpu('off-als')).toFixed(2)} |`,
  );
  console.log(ratio <= 1.1 ? '\nwall time within the 10% budget' : '\nwall time OVER the 10% budget');
} finally {
  redis.kill('SIGTERM');
}
