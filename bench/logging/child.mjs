// One contender: N pino `info` records to a file, with otel-sentry's pino integration on or off
// (MODE=on|off). Prints the CPU time (user + system, µs) spent logging, as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Sentry from 'otel-sentry';
import pino from 'pino';

const count = Number(process.env.COUNT ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'otel-sentry-bench-'));
Sentry.init({
  // Events and breadcrumbs are recorded, nothing is sent.
  transport: () => ({ send: async () => ({}), flush: async () => true }),
  integrations: (defaults) =>
    process.env.MODE === 'on' ? defaults : defaults.filter((i) => i.name !== 'Pino'),
});
const dest = pino.destination({ dest: join(dir, 'out.log'), sync: true });
const logger = pino({ name: 'bench' }, dest);
for (let i = 0; i < 2_000; i++) logger.info({ i }, 'warm up'); // JIT
const start = process.cpuUsage();
for (let i = 0; i < count; i++) logger.info({ i, user: 'u1' }, 'request handled');
const used = process.cpuUsage(start);
dest.flushSync();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({ cpuMicros: used.user + used.system, user: used.user, system: used.system, count }),
);
