import { describe, expect, test } from 'vitest';
import { failureReason, httpBreadcrumb, levelFor } from '../../../instrumentations/shared/http-breadcrumb.js';

describe('levelFor', () => {
  test.each([
    [100, false, undefined],
    [200, false, undefined],
    [204, false, undefined],
    [301, false, undefined],
    [399, false, undefined],
    [400, false, 'warning'],
    [404, false, 'warning'],
    [499, false, 'warning'],
    [500, false, 'error'],
    [503, false, 'error'],
    [undefined, false, 'error'],
    [undefined, true, 'error'],
    [200, true, 'error'],
  ] as const)('status %s, failed %s → %s', (status, failed, level) => {
    expect(levelFor(status, failed)).toBe(level);
  });
});

describe('httpBreadcrumb', () => {
  test('a response', () => {
    expect(
      httpBreadcrumb({
        method: 'GET',
        url: 'http://a/p',
        query: '?q=1',
        fragment: '#f',
        statusCode: 200,
        reason: 'OK',
      }),
    ).toEqual({
      type: 'http',
      category: 'http',
      data: {
        url: 'http://a/p',
        method: 'GET',
        status_code: 200,
        reason: 'OK',
        'http.query': '?q=1',
        'http.fragment': '#f',
      },
    });
  });

  test('a 4xx response is a warning; empty parts are left out', () => {
    expect(httpBreadcrumb({ method: 'POST', url: 'http://a/p', statusCode: 404, reason: '' })).toEqual({
      type: 'http',
      category: 'http',
      level: 'warning',
      data: { url: 'http://a/p', method: 'POST', status_code: 404 },
    });
  });

  test('a failure has no status code', () => {
    expect(
      httpBreadcrumb({ method: 'GET', url: 'http://a/p', reason: 'ECONNREFUSED', failed: true }),
    ).toEqual({
      type: 'http',
      category: 'http',
      level: 'error',
      data: { url: 'http://a/p', method: 'GET', reason: 'ECONNREFUSED' },
    });
  });
});

describe('failureReason', () => {
  test.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'ECONNREFUSED'],
    [new Error('socket hang up'), 'socket hang up'],
    [new DOMException('This operation was aborted', 'AbortError'), 'This operation was aborted'],
    [Object.assign(new Error(''), { name: 'TimeoutError' }), 'TimeoutError'],
    ['plain string', 'plain string'],
    [undefined, 'Error'],
    [{ code: 20, message: 'numeric code' }, 'numeric code'],
  ])('%s', (error, reason) => {
    expect(failureReason(error)).toBe(reason);
  });
});
