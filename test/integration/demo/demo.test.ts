// `npm run demo` (after its build step): the inbox, the Express example under the preload, a failing
// request and an outgoing call; it must exit 0 and print the event as the inbox shows it.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { runScenario } from '../../helpers/run-scenario.js';

it('the demo runs end to end and prints the received event', async () => {
  const demo = fileURLToPath(new URL('../../../scripts/demo.mjs', import.meta.url));
  const result = await runScenario(demo, { timeoutMs: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('GET /checkout/cart-7 → 500');
  expect(result.stdout).toContain('[error] Error: Payment declined');
  expect(result.stdout).toContain('caused by RangeError: total 240 over the card limit');
  expect(result.stdout).toMatch(/http: GET http:\/\/127\.0\.0\.1:\d+\/prices \[200\]/);
  expect(result.stdout).toContain('tags: cart=cart-7');
  expect(result.stdout).toContain('the inbox received 1 event(s)');
});
