// `npm run bench`: every benchmark, one after the other (each runs its contenders side by side).
//   node bench/run.mjs [--quick]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
for (const bench of [
  'transport.mjs',
  'otel.mjs',
  'tracing.mjs',
  'otlp.mjs',
  'bullmq.mjs',
  'frameworks.mjs',
  'frameworks-fastify.mjs',
  'logging.mjs',
  'faults.mjs',
]) {
  console.log(`\n=== bench/${bench}`);
  const file = fileURLToPath(new URL(bench, import.meta.url));
  const { status } = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}
