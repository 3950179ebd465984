import type { Span } from '@opentelemetry/api';
import { describe, expect, test } from 'vitest';
import { withSentryHooks } from '../../../instrumentations/http/with-sentry-hooks.js';
import { composeAttributesHook, composeHook, isComposed } from '../../../instrumentations/shared/compose.js';
import { withSentryUndiciHooks } from '../../../instrumentations/undici/with-sentry-undici-hooks.js';

describe('composeHook', () => {
  test('ours first, then theirs, with the same arguments', () => {
    const calls: unknown[] = [];
    const hook = composeHook(
      'h',
      (a: number, b: string) => calls.push(['ours', a, b]),
      (a: number, b: string) => calls.push(['theirs', a, b]),
    );
    hook(1, 'x');
    expect(calls).toEqual([
      ['ours', 1, 'x'],
      ['theirs', 1, 'x'],
    ]);
    expect(isComposed(hook)).toBe(true);
  });

  test('neither a throwing hook of ours nor of theirs escapes, and the other still runs', () => {
    const calls: string[] = [];
    const hook = composeHook(
      'h',
      () => {
        calls.push('ours');
        throw new Error('sdk bug');
      },
      () => {
        calls.push('theirs');
        throw new Error('app bug');
      },
    );
    expect(() => hook()).not.toThrow();
    expect(calls).toEqual(['ours', 'theirs']);
  });

  test('attributes come from their hook; a throw or a non-object gives none', () => {
    const ours = () => undefined;
    expect(composeAttributesHook('h', ours, () => ({ a: 1 }))()).toEqual({ a: 1 });
    expect(composeAttributesHook('h', ours, undefined)()).toEqual({});
    expect(
      composeAttributesHook('h', ours, () => {
        throw new Error('x');
      })(),
    ).toEqual({});
    expect(composeAttributesHook('h', ours, () => null as unknown as object)()).toEqual({});
  });
});

describe('withSentryHooks / withSentryUndiciHooks', () => {
  test('keep the other options, compose the hooks, and are idempotent', () => {
    const requestHook = (_span: Span) => undefined;
    const config = withSentryHooks({ ignoreIncomingRequestHook: () => true, requestHook, enabled: false });
    expect(config.enabled).toBe(false);
    expect(config.ignoreIncomingRequestHook?.({} as never)).toBe(true);
    expect(config.requestHook).not.toBe(requestHook);
    expect(isComposed(config.requestHook)).toBe(true);
    expect(isComposed(config.responseHook)).toBe(true);
    expect(isComposed(config.startOutgoingSpanHook)).toBe(true);
    const again = withSentryHooks(config);
    expect(again.requestHook).toBe(config.requestHook);

    const undici = withSentryUndiciHooks({ requireParentforSpans: true });
    expect(undici.requireParentforSpans).toBe(true);
    expect(isComposed(undici.requestHook)).toBe(true);
    expect(withSentryUndiciHooks(undici).responseHook).toBe(undici.responseHook);
  });

  test('no config, or a bad one, still gives a usable config', () => {
    expect(isComposed(withSentryHooks().requestHook)).toBe(true);
    expect(isComposed(withSentryHooks(null as never).requestHook)).toBe(true);
    expect(isComposed(withSentryUndiciHooks(undefined).requestHook)).toBe(true);
  });
});
