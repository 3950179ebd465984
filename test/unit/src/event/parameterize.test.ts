import { describe, expect, it } from 'vitest';
import { parameterize, templateOf } from '../../../../src/event/parameterize.js';

describe('parameterize', () => {
  it('reads as the formatted text and carries the template and values, as @sentry/node', () => {
    const id = 7;
    const message = parameterize`User ${id} failed ${'twice'} at 100%`;
    expect(String(message)).toBe('User 7 failed twice at 100%');
    expect(`${message}`).toBe('User 7 failed twice at 100%');
    expect(templateOf(message)).toEqual({ message: 'User %s failed %s at 100%%', params: [7, 'twice'] });
    expect(templateOf(parameterize`no values`)).toEqual({ message: 'no values', params: [] });
  });

  it('keeps values as given in params, and copies the array', () => {
    const obj = { a: 1 };
    const message = parameterize`got ${obj} and ${null}`;
    const template = templateOf(message);
    expect(template?.params[0]).toBe(obj);
    expect(template?.params[1]).toBeNull();
    expect(String(message)).toBe('got [object Object] and null');
    template?.params.push('x');
    expect(templateOf(message)?.params).toHaveLength(2);
  });

  it('never throws: values whose toString throws, a call that is not a tagged template', () => {
    const hostile = {
      toString() {
        throw new Error('no');
      },
    };
    expect(String(parameterize`a ${hostile} b`)).toBe('a [unprintable] b');
    expect(templateOf(parameterize`a ${hostile} b`)?.params[0]).toBe(hostile);
    const misuse = parameterize as unknown as (s: unknown) => unknown;
    expect(() => misuse('plain')).not.toThrow();
    expect(String(misuse('plain'))).toBe('plain');
    expect(() => misuse(undefined)).not.toThrow();
  });

  it('templateOf: undefined for anything but a parameterized string', () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    for (const value of ['text', new String('text'), 42, null, undefined, {}, revoked.proxy]) {
      expect(templateOf(value)).toBeUndefined();
    }
    expect(templateOf({ __sentry_template_string__: 'a %s', __sentry_template_values__: [1] })).toEqual({
      message: 'a %s',
      params: [1],
    });
  });
});
