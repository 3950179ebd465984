import { describe, expect, it } from 'vitest';
import { fitEventToSize } from '../../../../src/event/truncate.js';
import type { Breadcrumb, Event, StackFrame } from '../../../../src/protocol/types.js';
import { breadcrumbsOf, messageOf } from '../../../helpers/event-fields.js';
import { schemaErrors } from '../../../helpers/schema.js';

const MB = 1_000_000;
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

function expectFitsAndValid(event: Event, maxBytes: number): void {
  expect(bytes(event)).toBeLessThanOrEqual(maxBytes);
  expect(schemaErrors(JSON.parse(JSON.stringify(event)))).toBeUndefined();
}

function frame(i: number, extra: Partial<StackFrame> = {}): StackFrame {
  return { function: `f${i}`, filename: `/app/f${i}.js`, lineno: i + 1, colno: 1, in_app: true, ...extra };
}

function baseEvent(overrides: Partial<Event> = {}): Event {
  return {
    event_id: 'b'.repeat(32),
    timestamp: 1_700_000_000,
    platform: 'node',
    level: 'error',
    exception: {
      values: [
        {
          type: 'Error',
          value: 'boom',
          mechanism: { type: 'generic', handled: true },
          stacktrace: { frames: Array.from({ length: 10 }, (_, i) => frame(i)) },
        },
      ],
    },
    contexts: {
      trace: { trace_id: 'c'.repeat(32), span_id: 'd'.repeat(16) },
      runtime: { name: 'node', version: 'v20' },
      os: { name: 'Linux' },
    },
    ...overrides,
  };
}

const crumbs = (count: number, size: number): Breadcrumb[] =>
  Array.from({ length: count }, (_, i) => ({ message: `${i}:${'m'.repeat(size)}`, timestamp: i }));

describe('fitEventToSize', () => {
  it('returns the same event when it already fits', () => {
    const event = baseEvent();
    expect(fitEventToSize(event)).toBe(event);
  });

  it('drops the oldest breadcrumbs first and leaves the input untouched', () => {
    const event = baseEvent({ breadcrumbs: crumbs(100, 20_000), extra: { keep: 'me' } });
    const before = JSON.stringify(event);
    const out = fitEventToSize(event, MB);
    expectFitsAndValid(out, MB);
    const kept = breadcrumbsOf(out);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(100);
    expect(kept.at(-1)?.timestamp).toBe(99);
    expect(out.extra).toEqual({ keep: 'me' });
    expect(JSON.stringify(event)).toBe(before);
  });

  it('then drops the largest extras (breadcrumbs having gone first)', () => {
    const event = baseEvent({
      breadcrumbs: crumbs(3, 10),
      extra: { small: 1, huge: 'x'.repeat(2 * MB), medium: 'y'.repeat(1000) },
    });
    const out = fitEventToSize(event, MB);
    expectFitsAndValid(out, MB);
    expect(out.breadcrumbs).toBeUndefined();
    expect(out.extra).toEqual({ small: 1, medium: 'y'.repeat(1000) });
  });

  it('then request.data', () => {
    const asString = fitEventToSize(
      baseEvent({ request: { url: 'http://x/', data: 'd'.repeat(2 * MB) } }),
      MB,
    );
    expectFitsAndValid(asString, MB);
    expect(asString.request?.url).toBe('http://x/');
    expect(typeof asString.request?.data).toBe('string');
    const asObject = fitEventToSize(
      baseEvent({ request: { url: 'http://x/', data: { a: 'd'.repeat(2 * MB) } } }),
      MB,
    );
    expect(asObject.request).toEqual({ url: 'http://x/' });
  });

  it('then frame variables and context lines, then frames far from the throw', () => {
    const context = { pre_context: ['p'.repeat(2000)], context_line: 'c'.repeat(2000), post_context: ['q'] };
    const frames = Array.from({ length: 200 }, (_, i) =>
      frame(i, { vars: { v: 'v'.repeat(3000) }, ...context }),
    );
    const event = baseEvent();
    const top = event.exception?.values[0];
    if (top) top.stacktrace = { frames };

    const noVars = fitEventToSize(event, bytes(event) - 1);
    const noVarsFrames = noVars.exception?.values[0]?.stacktrace?.frames ?? [];
    expect(noVarsFrames).toHaveLength(200);
    expect(noVarsFrames.some((f) => f.vars)).toBe(false);
    expect(noVarsFrames[0]?.context_line).toBeDefined();

    const noContext = fitEventToSize(event, 100_000);
    const noContextFrames = noContext.exception?.values[0]?.stacktrace?.frames ?? [];
    expect(noContextFrames.some((f) => f.context_line || f.pre_context)).toBe(false);

    const fewer = fitEventToSize(event, 5_000);
    expectFitsAndValid(fewer, 5_000);
    const kept = fewer.exception?.values[0]?.stacktrace?.frames ?? [];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(50);
    expect(kept.at(-1)?.function).toBe('f199');
  });

  it('then long exception values and the log message', () => {
    const event = baseEvent({ logentry: { formatted: 'l'.repeat(2 * MB), params: ['p'] } });
    const top = event.exception?.values[0];
    if (top) top.value = 'v'.repeat(2 * MB);
    const out = fitEventToSize(event, MB);
    expectFitsAndValid(out, MB);
    expect(out.exception?.values[0]?.value).toHaveLength(8192 + 3);
    expect(messageOf(out)).toHaveLength(8192 + 3);
    expect(out.logentry?.params).toBeUndefined();
  });

  it('then contexts other than trace, runtime and os', () => {
    const event = baseEvent({ contexts: { ...baseEvent().contexts, app: { blob: 'a'.repeat(2 * MB) } } });
    const out = fitEventToSize(event, MB);
    expectFitsAndValid(out, MB);
    expect(Object.keys(out.contexts ?? {}).sort()).toEqual(['os', 'runtime', 'trace']);
  });

  it.each<[string, Partial<Event>]>([
    ['breadcrumbs', { breadcrumbs: [{ message: 'x'.repeat(10 * MB) }] }],
    ['extra', { extra: { blob: 'x'.repeat(10 * MB) } }],
    ['tags', { tags: { blob: 'x'.repeat(10 * MB) } }],
    ['user', { user: { id: 'x'.repeat(10 * MB) } }],
    ['release', { release: 'x'.repeat(10 * MB) }],
    ['logentry', { logentry: { formatted: '€'.repeat(4 * MB) } }],
    ['trace context', { contexts: { trace: { trace_id: 't'.repeat(10 * MB), span_id: 'd'.repeat(16) } } }],
    [
      'frames',
      {
        exception: {
          values: [{ type: 'E', stacktrace: { frames: [frame(1, { function: 'f'.repeat(10 * MB) })] } }],
        },
      },
    ],
    ['many small breadcrumbs', { breadcrumbs: crumbs(100_000, 100) }],
  ])('fits a 10 MB event (%s) quickly', (_name, overrides) => {
    const start = performance.now();
    const out = fitEventToSize(baseEvent(overrides), MB);
    expect(performance.now() - start).toBeLessThan(2000);
    expectFitsAndValid(out, MB);
    expect(out.event_id).toBe('b'.repeat(32));
  });

  it('makes an unserializable event serializable', () => {
    const cyclic: Record<string, unknown> = { n: 1n };
    cyclic.self = cyclic;
    const out = fitEventToSize(baseEvent({ extra: cyclic }), MB);
    expect(() => JSON.stringify(out)).not.toThrow();
    expect(out.extra).toMatchObject({ n: '1n', self: '[Circular ~]' });
  });

  it('keeps only identifying fields for an absurdly small limit', () => {
    const event = baseEvent({ breadcrumbs: crumbs(10, 10) });
    const out = fitEventToSize(event, 400);
    expectFitsAndValid(out, 400);
    expect(out.exception?.values[0]?.type).toBe('Error');
    expect(fitEventToSize(event, 60)).toEqual({ event_id: 'b'.repeat(32) });
    expect(fitEventToSize(event, 1)).toEqual({});
  });

  it('never throws on hostile input', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    for (const input of [proxy, null, 42, baseEvent({ extra: proxy as Record<string, unknown> })]) {
      expect(() => fitEventToSize(input as Event, 1000)).not.toThrow();
    }
  });
});
