import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FragmentCache } from '../../../../src/event/json-fragments.js';
import { serializeEvent } from '../../../../src/event/serialize.js';
import type { Event, StackFrame } from '../../../../src/protocol/types.js';

function frames(): StackFrame[] {
  return [
    { filename: '/app/a.js', function: 'a', lineno: 3, colno: 7, in_app: true },
    {
      filename: '/app/b.js',
      function: 'b',
      lineno: 10,
      colno: 2,
      in_app: true,
      pre_context: ['one', 'two'],
      context_line: 'three',
      post_context: ['four'],
    },
  ];
}

function event(message: string, f = frames()): Event {
  return {
    event_id: 'a'.repeat(32),
    level: 'error',
    exception: { values: [{ type: 'Error', value: message, stacktrace: { frames: f } }] },
    modules: { express: '5.1.0', pino: '9.0.0' },
    sdk: { name: 'otel-sentry', version: '1.0.0' },
  };
}

describe('FragmentCache', () => {
  it('reuses the text for an equal value and serializes again when anything changed', () => {
    const cache = new FragmentCache();
    const first = frames();
    expect(cache.json('k', first)).toBe(JSON.stringify(first));
    const changes: Array<(f: StackFrame[]) => void> = [
      (f) => {
        (f[1]?.pre_context as string[])[0] = 'ONE';
      },
      (f) => {
        f[1]?.pre_context?.push('extra');
      },
      (f) => {
        if (f[0]) f[0].lineno = 4;
      },
      (f) => {
        if (f[0]) f[0].vars = { x: 1 };
      },
      (f) => {
        if (f[0]) delete f[0].function;
      },
      (f) => {
        if (f[0]) f[0].in_app = false;
      },
      (f) => {
        f.pop();
      },
    ];
    for (const change of changes) {
      const next = frames();
      expect(cache.json('k', next)).toBe(JSON.stringify(next)); // equal: reused
      change(next);
      expect(cache.json('k', next)).toBe(JSON.stringify(next));
      expect(cache.json('k', frames())).toBe(JSON.stringify(frames()));
    }
  });

  it('is not fooled by a change made after the text was cached', () => {
    const cache = new FragmentCache();
    const value = frames();
    cache.json('k', value);
    (value[1]?.pre_context as string[])[1] = 'changed later';
    expect(cache.json('k', frames())).toBe(JSON.stringify(frames()));
    expect(cache.json('k', value)).toBe(JSON.stringify(value));
  });

  it('serializes values with toJSON, dates, NaN and non-plain objects as JSON.stringify does', () => {
    const cache = new FragmentCache();
    const odd = [
      { when: new Date(0), n: Number.NaN, inf: Number.POSITIVE_INFINITY, j: { toJSON: () => 'J' } },
    ];
    expect(cache.json('k', odd)).toBe(JSON.stringify(odd));
    expect(cache.json('k', odd)).toBe(JSON.stringify(odd));
  });

  it('gives the text JSON.stringify gives for any JSON-like value, seen once or twice', () => {
    const cache = new FragmentCache();
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(cache.json('p', a)).toBe(JSON.stringify(a));
        expect(cache.json('p', a)).toBe(JSON.stringify(a));
        expect(cache.json('p', b)).toBe(JSON.stringify(b));
      }),
      { numRuns: 300 },
    );
  });
});

describe('serializeEvent with cached fragments', () => {
  it('sends the same JSON as a plain serialization, event after event', () => {
    for (let i = 0; i < 5; i++) {
      const e = event(`boom ${i}`);
      const { json } = serializeEvent(e);
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(e)));
      // The event is given back as it came: frames, modules and sdk are in place again.
      expect(e.exception?.values?.[0]?.stacktrace?.frames).toEqual(frames());
      expect(e.modules).toEqual({ express: '5.1.0', pino: '9.0.0' });
    }
  });

  it('sees what a beforeSend changed in frames or modules', () => {
    serializeEvent(event('warm'));
    const changed = event('changed');
    (changed.exception?.values?.[0]?.stacktrace?.frames?.[1]?.pre_context as string[])[0] = 'edited';
    (changed.modules as Record<string, string>).express = '4.0.0';
    const parsed = JSON.parse(serializeEvent(changed).json) as Event;
    expect(parsed.exception?.values?.[0]?.stacktrace?.frames?.[1]?.pre_context?.[0]).toBe('edited');
    expect(parsed.modules?.express).toBe('4.0.0');
  });

  it('serializes frozen events and linked exceptions in full', () => {
    const frozen = event('frozen');
    Object.freeze(frozen);
    Object.freeze(frozen.exception?.values?.[0]?.stacktrace);
    expect(JSON.parse(serializeEvent(frozen).json)).toEqual(JSON.parse(JSON.stringify(frozen)));

    const linked = event('top');
    linked.exception?.values?.unshift({
      type: 'Cause',
      value: 'cause',
      stacktrace: { frames: frames().slice(0, 1) },
    });
    expect(JSON.parse(serializeEvent(linked).json)).toEqual(JSON.parse(JSON.stringify(linked)));
  });

  it('keeps a user string that looks like the placeholder as it is', () => {
    const e = event('x');
    e.extra = { sneaky: '\u0000otel-sentry-fragment:guess:0' };
    const parsed = JSON.parse(serializeEvent(e).json) as Event;
    expect(parsed.extra?.sneaky).toBe('\u0000otel-sentry-fragment:guess:0');
    expect(parsed.exception?.values?.[0]?.stacktrace?.frames).toEqual(frames());
  });
});
