import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('capture over real HTTP, validated against the Sentry schema', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await receiver.close();
  });

  it('ESM: errors, chains, aggregates, non-errors and messages arrive as valid events', async () => {
    const result = await runScenario(fixture('capture.mjs'), { env: { SENTRY_DSN: receiver.dsn } });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const { ids, flushed } = JSON.parse(result.stdout) as { ids: Record<string, string>; flushed: boolean };
    expect(flushed).toBe(true);
    const events = await receiver.waitForEvents(7);
    expect(receiver.problems).toEqual([]);
    const byId = new Map(events.map((e) => [e.event_id, e]));
    const get = (k: string) => byId.get(ids[k]) as Event;

    const chained = get('chained');
    expect(
      chained.exception?.values.map((v) => [
        v.type,
        v.value,
        v.mechanism?.exception_id,
        v.mechanism?.parent_id,
      ]),
    ).toEqual([
      ['TypeError', 'inner cause', 1, 0],
      ['Error', 'outer failure', 0, undefined],
    ]);
    expect(chained).toMatchObject({
      release: 'scenario@1.0.0',
      server_name: 'scenario-host',
      tags: { scenario: 'capture' },
      user: { id: 'u-1', email: 'u@example.com' },
      contexts: { order: { id: 7 } },
    });
    expect(breadcrumbsOf(chained).map((b) => b.message)).toEqual(['about to fail']);
    const frames = chained.exception?.values[1]?.stacktrace?.frames ?? [];
    const top = frames.at(-1);
    expect(top).toMatchObject({ function: 'failDeep', in_app: true, lineno: 11 });
    expect(top?.filename).toBe(fixture('capture.mjs'));
    const source = readFileSync(fixture('capture.mjs'), 'utf8').split('\n');
    expect(top?.context_line).toBe(source[10]);
    // 7 lines each side by default, as @sentry/node.
    expect(top?.pre_context).toEqual(source.slice(3, 10));
    expect(top?.post_context).toEqual(source.slice(11, 18));
    for (const k of ['os', 'runtime', 'app', 'device', 'culture', 'trace'])
      expect(chained.contexts?.[k]).toBeDefined();

    const asyncFrames = get('async').exception?.values.at(-1)?.stacktrace?.frames ?? [];
    expect(asyncFrames.at(-1)?.function).toBe('asyncFail');

    const aggregate = get('aggregate').exception?.values ?? [];
    expect(aggregate.map((v) => v.type)).toEqual(['SyntaxError', 'Error', 'AggregateError']);
    expect(aggregate.at(-1)?.mechanism?.is_exception_group).toBe(true);
    expect(aggregate.map((v) => v.mechanism?.source)).toEqual(['errors[1]', 'errors[0]', undefined]);

    expect(get('string').exception?.values.at(-1)).toMatchObject({
      value: 'a plain string',
      mechanism: { synthetic: true },
    });
    expect(get('object').exception?.values.at(-1)?.value).toContain('code, detail');
    expect(get('message')).toMatchObject({
      level: 'warning',
      message: 'hello from the scenario',
    });
    expect(get('scoped').tags).toMatchObject({ scenario: 'capture', scoped: 'yes' });
    expect(get('chained').tags?.scoped).toBeUndefined();
  });

  it('CJS: the require() build sends the same valid events', async () => {
    const result = await runScenario(fixture('capture.cjs'), { env: { SENTRY_DSN: receiver.dsn } });
    expect(result.code).toBe(0);
    const { id } = JSON.parse(result.stdout) as { id: string };
    const [event] = await receiver.waitForEvents(1);
    expect(receiver.problems).toEqual([]);
    expect(event?.event_id).toBe(id);
    expect(event?.exception?.values[0]?.value).toBe('from commonjs');
  });
});
