// The same behaviour through the ESM build of the package.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { marks } from './marks.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  await receiver.close();
});

test('ESM build: breadcrumbs for http and fetch, one isolation scope per incoming request', async () => {
  const result = await runScenario(fileURLToPath(new URL('./fixtures/esm.mjs', import.meta.url)), {
    env: { DSN: receiver.dsn },
  });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(marks(result.stdout).get('flushed')).toEqual([true]);
  const events = await receiver.waitForEvents(3);
  expect(receiver.problems).toEqual([]);
  const byValue = (v: string) => events.find((e) => e.exception?.values?.[0]?.value === v) as Event;
  const final = byValue('final');
  expect(final.tags).toBeUndefined();
  expect(breadcrumbsOf(final).map((b) => new URL(String(b.data?.url)).pathname)).toEqual(['/one', '/two']);
  for (const path of ['/one', '/two']) {
    const event = byValue(`in request ${path}`);
    expect(event.tags).toEqual({ 'esm-request': path });
    expect(event.transaction).toBe(`GET ${path}`);
    expect(event.breadcrumbs).toBeUndefined();
    expect(event.request?.url).toMatch(new RegExp(`${path}$`));
  }
});
