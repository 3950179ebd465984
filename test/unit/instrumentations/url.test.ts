import { describe, expect, test } from 'vitest';
import { hostAndPort, joinUrl, splitUrl } from '../../../instrumentations/shared/url.js';

describe('splitUrl', () => {
  test.each([
    ['http://a.com/p', { url: 'http://a.com/p' }],
    ['http://a.com/p?x=1', { url: 'http://a.com/p', query: '?x=1' }],
    ['http://a.com/p?x=1#f', { url: 'http://a.com/p', query: '?x=1', fragment: '#f' }],
    ['http://a.com/p#f?not=query', { url: 'http://a.com/p', fragment: '#f?not=query' }],
    [
      'http://user:pass@a.com:8080/p?token=x#f',
      { url: 'http://a.com:8080/p', query: '?token=x', fragment: '#f' },
    ],
    ['https://user@a.com/', { url: 'https://a.com/' }],
    ['http://a.com/p?', { url: 'http://a.com/p' }],
    ['http://a.com/p#', { url: 'http://a.com/p' }],
    ['http://a.com/p/user@x', { url: 'http://a.com/p/user@x' }],
    ['/relative?q=1', { url: '/relative', query: '?q=1' }],
    ['', { url: '' }],
  ])('%s', (input, expected) => {
    expect(splitUrl(input)).toEqual(expected);
  });
});

describe('joinUrl', () => {
  test.each([
    ['http://a.com', '/p?q', 'http://a.com/p?q'],
    ['http://a.com/', '/p', 'http://a.com/p'],
    ['http://a.com', 'p', 'http://a.com/p'],
    ['http://proxy:3128', 'http://target.com/x', 'http://target.com/x'],
  ])('%s + %s', (origin, path, expected) => {
    expect(joinUrl(origin, path)).toBe(expected);
  });
});

describe('hostAndPort', () => {
  test.each([
    ['http://A.com/x', 'a.com:80'],
    ['https://a.com/x', 'a.com:443'],
    ['http://127.0.0.1:9000/api/1/envelope/', '127.0.0.1:9000'],
    ['http://u:p@[::1]:81/', '[::1]:81'],
    ['not a url', undefined],
  ])('%s', (input, expected) => {
    expect(hostAndPort(input)).toBe(expected);
  });
});
