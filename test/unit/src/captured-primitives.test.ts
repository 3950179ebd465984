import { afterEach, describe, expect, test, vi } from 'vitest';
import { markCapturedPrimitive, takeCapturedPrimitive } from '../../../src/captured-errors.js';

afterEach(() => {
  vi.useRealTimers();
  while (takeCapturedPrimitive('boom')); // leave no token behind
});

describe('captured primitives', () => {
  test('each capture of a thrown string hides one equal span-recorded value', () => {
    markCapturedPrimitive('boom');
    markCapturedPrimitive('boom');
    expect(takeCapturedPrimitive(42)).toBe(false);
    expect(takeCapturedPrimitive('boom')).toBe(true);
    expect(takeCapturedPrimitive('boom')).toBe(true);
    expect(takeCapturedPrimitive('boom')).toBe(false);
  });

  test('a string and a number with the same text are different values', () => {
    markCapturedPrimitive(7);
    expect(takeCapturedPrimitive('7')).toBe(false);
    expect(takeCapturedPrimitive(7)).toBe(true);
  });

  test('objects are not tokens (they are marked by identity)', () => {
    const error = new Error('x');
    markCapturedPrimitive(error);
    expect(takeCapturedPrimitive(error)).toBe(false);
  });

  test('tokens expire, so an old capture hides nothing later', () => {
    vi.useFakeTimers();
    markCapturedPrimitive('boom');
    vi.advanceTimersByTime(11_000);
    expect(takeCapturedPrimitive('boom')).toBe(false);
  });

  test('at most 100 tokens are kept', () => {
    for (let i = 0; i < 150; i++) markCapturedPrimitive(`n${i}`);
    expect(takeCapturedPrimitive('n0')).toBe(false);
    expect(takeCapturedPrimitive('n149')).toBe(true);
    for (let i = 50; i < 149; i++) expect(takeCapturedPrimitive(`n${i}`)).toBe(true);
  });
});
