import { describe, expect, test } from 'vitest';
import { requestInfo, requestPath } from '../../../instrumentations/http-server/request-data.js';

describe('requestInfo', () => {
  const base = { encrypted: false, localAddress: '127.0.0.1', localPort: 3000 };

  test('method, full URL without query, scrubbed query and headers, path for the name', () => {
    const info = requestInfo(
      {
        ...base,
        method: 'post',
        url: '/items/7?token=t&n=7',
        headers: { host: 'api.test:8080', cookie: 'a=b' },
      },
      false,
    );
    expect(info).toEqual({
      method: 'POST',
      path: '/items/7',
      request: {
        method: 'POST',
        url: 'http://api.test:8080/items/7',
        query_string: 'token=[Filtered]&n=7',
        headers: { host: 'api.test:8080', cookie: '[Filtered]' },
      },
    });
  });

  test.each([
    [{ url: '/', headers: { host: 'a' } }, 'http://a/', '/'],
    [{ url: '/x', headers: { host: 'a' }, encrypted: true }, 'https://a/x', '/x'],
    [{ url: '/x', headers: {} }, 'http://127.0.0.1:3000/x', '/x'],
    [{ url: undefined, headers: { host: 'a' } }, 'http://a/', '/'],
    [{ url: 'http://proxy.target/p?q=1', headers: { host: 'a' } }, 'http://proxy.target/p', '/p'],
    [{ url: '/p#frag', headers: { host: 'a' } }, 'http://a/p', '/p'],
  ])('%j → %s', (req, url, path) => {
    const info = requestInfo({ ...base, method: 'GET', ...req }, false);
    expect(info.request.url).toBe(url);
    expect(info.path).toBe(path);
  });

  test('sendDefaultPii keeps query and headers as they are', () => {
    const info = requestInfo(
      { ...base, method: 'GET', url: '/?token=t', headers: { host: 'a', authorization: 'Bearer x' } },
      true,
    );
    expect(info.request).toMatchObject({ query_string: 'token=t', headers: { authorization: 'Bearer x' } });
  });

  test('a missing method is GET', () => {
    expect(requestInfo({ ...base, url: '/', headers: {} }, false).method).toBe('GET');
  });

  test.each([
    ['/a/b?x=1#f', '/a/b'],
    ['/a#f?x', '/a'],
    ['/a?x#f', '/a'],
    ['http://user:pw@proxy.target/p?q', '/p'],
    ['https://proxy.target', '/'],
    ['*', '*'],
    ['', '/'],
    ['?x', '/'],
  ])('requestPath(%j) is %s, as requestInfo says', (url, path) => {
    expect(requestPath(url)).toBe(path);
    expect(requestInfo({ ...base, url, headers: {} }, false).path).toBe(path);
  });
});
