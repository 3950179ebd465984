import { describe, expect, test } from 'vitest';
import {
  clientIp,
  FILTERED,
  isIpHeader,
  isSecretHeader,
  isSecretQueryKey,
  scrubHeaders,
  scrubQueryString,
} from '../../../instrumentations/shared/scrub.js';

describe('header classification', () => {
  test.each([
    ['cookie', true],
    ['Cookie', true],
    ['set-cookie', true],
    ['authorization', true],
    ['proxy-authorization', true],
    ['x-api-key', true],
    ['x-auth-token', true],
    ['x-access-token', true],
    ['x-csrf-token', true],
    ['x-xsrf-token', true],
    ['x-session-id', true],
    ['x-client-secret', true],
    ['x-amz-security-token', true],
    ['x-hub-signature-256', true],
    ['x-functions-key', true],
    ['ocp-apim-subscription-key', true],
    ['content-type', false],
    ['user-agent', false],
    ['accept', false],
    ['host', false],
    ['x-request-id', false],
    ['content-length', false],
  ])('%s is secret: %s', (name, secret) => {
    expect(isSecretHeader(name)).toBe(secret);
  });

  test.each([
    ['x-forwarded-for', true],
    ['X-Real-IP', true],
    ['forwarded', true],
    ['true-client-ip', true],
    ['cf-connecting-ip', true],
    ['fastly-client-ip', true],
    ['x-client-ip', true],
    ['x-cluster-client-ip', true],
    ['x-original-forwarded-for', true],
    ['via', true],
    ['x-envoy-external-address', true],
    ['x-forwarded-proto', false],
    ['x-forwarded-host', false],
    ['x-zip', false],
    ['accept-encoding', false],
  ])('%s carries an IP: %s', (name, ip) => {
    expect(isIpHeader(name)).toBe(ip);
  });
});

describe('scrubHeaders', () => {
  const headers = {
    host: 'a.com',
    cookie: 'sid=1',
    authorization: 'Bearer x',
    'x-api-key': 'k',
    'x-forwarded-for': '1.2.3.4',
    'set-cookie': ['a=1', 'b=2'],
    accept: 'text/html',
    'content-length': 12,
    'x-missing': undefined,
  };

  test('secrets and IPs are filtered by default; values become strings', () => {
    expect(scrubHeaders(headers, false)).toEqual({
      host: 'a.com',
      cookie: FILTERED,
      authorization: FILTERED,
      'x-api-key': FILTERED,
      'x-forwarded-for': FILTERED,
      'set-cookie': FILTERED,
      accept: 'text/html',
      'content-length': '12',
    });
  });

  test('sendDefaultPii keeps everything', () => {
    expect(scrubHeaders(headers, true)).toEqual({
      host: 'a.com',
      cookie: 'sid=1',
      authorization: 'Bearer x',
      'x-api-key': 'k',
      'x-forwarded-for': '1.2.3.4',
      'set-cookie': 'a=1, b=2',
      accept: 'text/html',
      'content-length': '12',
    });
  });
});

describe('query keys', () => {
  test.each([
    ['password', true],
    ['passwd', true],
    ['pass', true],
    ['pwd', true],
    ['token', true],
    ['access_token', true],
    ['refresh_token', true],
    ['secret', true],
    ['client_secret', true],
    ['api_key', true],
    ['apikey', true],
    ['api-key', true],
    ['auth', true],
    ['authorization', true],
    ['session', true],
    ['sessionid', true],
    ['PHPSESSID', true],
    ['sid', true],
    ['sig', true],
    ['X-Amz-Signature', true],
    ['X-Amz-Credential', true],
    ['jwt', true],
    ['key', true],
    ['code', true],
    ['private_key', true],
    ['page', false],
    ['q', false],
    ['author', false],
    ['passenger', false],
    ['compass', false],
    ['keyword', false],
    ['id', false],
  ])('%s is secret: %s', (key, secret) => {
    expect(isSecretQueryKey(key)).toBe(secret);
  });
});

describe('scrubQueryString', () => {
  test.each([
    ['token=x&page=2', 'token=[Filtered]&page=2'],
    ['?token=x&page=2', '?token=[Filtered]&page=2'],
    ['a=1&b=2', 'a=1&b=2'],
    ['password', 'password=[Filtered]'],
    ['access%5Ftoken=x', 'access%5Ftoken=[Filtered]'],
    ['api+key=x', 'api+key=[Filtered]'],
    ['q=hello%20world&sig=abc==', 'q=hello%20world&sig=[Filtered]'],
    ['%E0%A4%A=bad&token=1', '%E0%A4%A=bad&token=[Filtered]'],
    ['', ''],
    ['a=1&&b=2', 'a=1&&b=2'],
  ])('%s', (input, expected) => {
    expect(scrubQueryString(input, false)).toBe(expected);
  });

  test('sendDefaultPii keeps the query as it is', () => {
    expect(scrubQueryString('token=x&page=2', true)).toBe('token=x&page=2');
  });
});

describe('clientIp', () => {
  test.each([
    [{ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }, '9.9.9.9', '1.1.1.1'],
    [{ 'x-forwarded-for': ['3.3.3.3', '4.4.4.4'] }, undefined, '3.3.3.3'],
    [{ 'x-real-ip': ' 5.5.5.5 ' }, '9.9.9.9', '5.5.5.5'],
    [{}, '9.9.9.9', '9.9.9.9'],
    [{}, undefined, undefined],
  ])('%j, socket %s', (headers, socket, expected) => {
    expect(clientIp(headers, socket)).toBe(expected);
  });
});

describe('the client rules (denyKeys / allowKeys) reach request scrubbing', () => {
  test('allowKeys keep a header and a query key; denyKeys filter more', async () => {
    const { createScrubRules } = await import('../../../src/utils/scrub-rules.js');
    const rules = createScrubRules({ allowKeys: ['x-session-id', 'page_token'], denyKeys: ['x-tenant'] });
    expect(scrubHeaders({ 'x-session-id': 's', 'x-tenant': 't', cookie: 'c' }, rules)).toEqual({
      'x-session-id': 's',
      'x-tenant': FILTERED,
      cookie: FILTERED,
    });
    expect(scrubQueryString('page_token=p&token=t', rules)).toBe(`page_token=p&token=${FILTERED}`);
  });
});
