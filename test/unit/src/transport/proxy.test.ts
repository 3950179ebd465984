import { describe, expect, it } from 'vitest';
import { isNoProxy, resolveProxy } from '../../../../src/transport/proxy.js';

const HTTPS = new URL('https://o1.ingest.sentry.io/api/1/envelope/');
const HTTP = new URL('http://sentry.internal:9000/api/1/envelope/');

describe('resolveProxy', () => {
  it('prefers the option, where an empty string means no proxy', () => {
    expect(resolveProxy(HTTPS, 'http://proxy:3128', { HTTPS_PROXY: 'http://other:1' })?.host).toBe(
      'proxy:3128',
    );
    expect(resolveProxy(HTTPS, '', { HTTPS_PROXY: 'http://other:1' })).toBeUndefined();
  });

  it('reads HTTPS_PROXY for https targets, HTTP_PROXY otherwise, lowercase first', () => {
    const env = {
      HTTPS_PROXY: 'http://secure:1',
      HTTP_PROXY: 'http://plain:2',
      http_proxy: 'http://lower:3',
    };
    expect(resolveProxy(HTTPS, undefined, env)?.host).toBe('secure:1');
    expect(resolveProxy(HTTP, undefined, env)?.host).toBe('lower:3');
    expect(
      resolveProxy(HTTPS, undefined, { https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' })?.host,
    ).toBe('a:1');
    expect(resolveProxy(HTTPS, undefined, { HTTP_PROXY: 'http://plain:2' })?.host).toBe('plain:2');
    expect(resolveProxy(HTTPS, undefined, {})).toBeUndefined();
  });

  it('accepts a scheme-less proxy and ignores invalid ones', () => {
    expect(resolveProxy(HTTP, undefined, { HTTP_PROXY: 'proxy:8080' })?.href).toBe('http://proxy:8080/');
    expect(resolveProxy(HTTP, 'socks5://proxy:1080', {})).toBeUndefined();
    expect(resolveProxy(HTTP, 'http://[bad', {})).toBeUndefined();
  });

  it('honours NO_PROXY for environment proxies', () => {
    const env = { HTTPS_PROXY: 'http://proxy:1', NO_PROXY: 'localhost, .sentry.io' };
    expect(resolveProxy(HTTPS, undefined, env)).toBeUndefined();
    expect(resolveProxy(HTTPS, undefined, { ...env, no_proxy: 'example.com' })?.host).toBe('proxy:1');
  });
});

describe('isNoProxy', () => {
  it.each([
    ['*', true],
    ['sentry.io', true],
    ['.sentry.io', true],
    ['*.sentry.io', true],
    ['ingest.sentry.io', true],
    ['o1.ingest.sentry.io:443', true],
    ['o1.ingest.sentry.io:8443', false],
    ['entry.io', false],
    ['example.com,other.org', false],
    ['example.com sentry.io', true],
    ['', false],
  ])('%s → %s', (noProxy, expected) => {
    expect(isNoProxy(HTTPS, noProxy)).toBe(expected);
  });

  it('matches IPv6 literals with or without brackets', () => {
    const target = new URL('http://[::1]:9000/api/1/envelope/');
    expect(isNoProxy(target, '::1')).toBe(true);
    expect(isNoProxy(target, '[::1]')).toBe(true);
    expect(isNoProxy(target, '[::1]:9000')).toBe(true);
  });
});
