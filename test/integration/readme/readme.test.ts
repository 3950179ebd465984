// Every JavaScript sample in the README runs, as a user would paste it, against a local receiver.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
const samples = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
// Inside the package, so `import 'otel-sentry'` resolves to this package's build.
const dir = fileURLToPath(new URL('./.tmp/', import.meta.url));

/** What each sample must have sent, in README order. */
const expectations: ((events: Event[]) => void)[] = [
  (events) => {
    expect(events).toHaveLength(1);
    expect(events[0]?.tags).toEqual({ service: 'checkout', step: 'parse' });
    expect(events[0]?.breadcrumbs?.values.map((b) => b.message)).toContain('cart loaded');
  },
  (events) => expect(events).toHaveLength(0),
  (events) => {
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ level: 'warning', user: { id: 'user-7' }, tags: { attempt: '2' } });
  },
  (events) => {
    expect(events.map((e) => e.exception?.values.at(-1)?.value)).toEqual(['kept']);
    const messages = events[0]?.breadcrumbs?.values.map((b) => b.message) ?? [];
    expect(messages.some((m) => m?.startsWith('verbose'))).toBe(false);
  },
  (events) => {
    expect(events).toHaveLength(1);
    expect(events[0]?.tags).toEqual({ region: 'local' });
    expect(events[0]?.sdk?.integrations).toEqual(expect.arrayContaining(['Region', 'OnUnhandledRejection']));
  },
  // Privacy: denyKeys / allowKeys.
  (events) => {
    expect(events).toHaveLength(1);
    expect(events[0]?.extra).toEqual({ user_ssn: '[Filtered]', prompt_tokens: 812 });
  },
];

describe('README samples', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has the samples this test expects', () => {
    expect(samples).toHaveLength(expectations.length);
  });

  samples.forEach((code, i) => {
    it(`sample ${i + 1} runs and sends what it says`, async () => {
      const file = `${dir}sample-${i + 1}.mjs`;
      writeFileSync(file, code);
      const before = receiver.events().length;
      const result = await runScenario(file, { env: { SENTRY_DSN: receiver.dsn, REGION: undefined } });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(receiver.problems).toEqual([]);
      expectations[i]?.(receiver.events().slice(before));
    });
  });
});
