// Memory with a dead DSN (issue 14): 20 000 captures against a DSN that refuses connections, in a
// child process. Each capture's garbage must die young: a capture path whose objects survive the
// scavenge (as `{ ...a, b }` objects do on Node 20) piled 20 to 35 MB into the old space here,
// and a queue holding 16 MiB kept ~18 MB live; a lazy hint accessor defined per object gave each
// capture a hidden class of its own in the old space (~8 MB here); now about 5 and 4. The RSS figure, beside
// @sentry/node's, is in bench/transport.mjs.
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/dead-dsn-memory.mjs', import.meta.url));
// Port 9 (discard) on loopback: nothing listens, connections are refused.
const DEAD_DSN = `http://${'0'.repeat(32)}@127.0.0.1:9/1`;

test('20 000 captures against a refusing DSN: little promoted to the old space, little retained', async () => {
  const result = await runScenario(fixture, {
    env: { SENTRY_DSN: DEAD_DSN },
    nodeArgs: ['--expose-gc'],
    args: ['20000'],
    timeoutMs: 60_000,
  });
  expect(result.code, result.stderr).toBe(0);
  const line = result.stdout.split('\n').find((l) => l.startsWith('{'));
  const figures = JSON.parse(line ?? '{}') as { oldSpacePeakGrowthMB: number; retainedGrowthMB: number };
  expect(figures.oldSpacePeakGrowthMB).toBeGreaterThanOrEqual(0);
  expect(figures.oldSpacePeakGrowthMB).toBeLessThan(7);
  // The queue is bounded by queueBytes (2 MiB until the DSN answers): that and its bookkeeping stay live.
  expect(figures.retainedGrowthMB).toBeLessThan(12);
}, 90_000);
