// Captured errors are remembered on the error itself (invisible to JSON and keys), with a
// fallback for errors that cannot take a property; the first id wins for later captures.
import { expect, it } from 'vitest';
import { capturedEventId, markCaptured, wasCaptured } from '../../../src/captured-errors.js';

it('remembers an error without changing what it shows', () => {
  const error = new Error('boom');
  expect(wasCaptured(error)).toBe(false);
  markCaptured(error, 'abc');
  expect(wasCaptured(error)).toBe(true);
  expect(capturedEventId(error)).toBe('abc');
  expect(Object.keys(error)).toEqual([]);
  expect(JSON.stringify({ ...error })).toBe('{}');
});

it('remembers frozen errors and plain objects too, never primitives', () => {
  const frozen = Object.freeze(new Error('frozen'));
  markCaptured(frozen, 'f');
  expect(capturedEventId(frozen)).toBe('f');
  const plain = { reason: 'x' };
  markCaptured(plain);
  expect(wasCaptured(plain)).toBe(true);
  markCaptured('a string', 's');
  expect(wasCaptured('a string')).toBe(false);
});

it('survives a proxy that refuses every property', () => {
  const hostile = new Proxy(new Error('p'), {
    defineProperty: () => {
      throw new Error('no');
    },
    getOwnPropertyDescriptor: () => {
      throw new Error('no');
    },
  });
  expect(() => markCaptured(hostile, 'h')).not.toThrow();
  expect(capturedEventId(hostile)).toBe('h');
});
