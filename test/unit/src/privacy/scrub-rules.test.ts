import { describe, expect, test } from 'vitest';
import { createScrubRules, DEFAULT_RULES, FILTERED, scrubText } from '../../../../src/utils/scrub-rules.js';

describe('secret keys (one rule for object keys, headers and query keys)', () => {
  test.each([
    ['password', true],
    ['userPassword', true],
    ['apiKey', true],
    ['api_key', true],
    ['x-api-key', true],
    ['client_secret', true],
    ['accessToken', true],
    ['Authorization', true],
    ['oauth', true],
    ['sessionId', true],
    ['set-cookie', true],
    ['privateKey', true],
    ['AWS_ACCESS_KEY_ID', true],
    ['jwt', true],
    ['sid', true],
    ['key', true],
    ['author', false],
    ['authorName', false],
    ['authority', false],
    ['keyword', false],
    ['cache_key', false],
    ['app.key', false],
    ['messaging.kafka.message.key', false],
    ['x-functions-key', true],
    ['monkey', false],
    ['passenger', false],
    ['code', false],
    ['user', false],
    ['email', false],
    ['id', false],
  ])('%s is secret: %s', (key, secret) => {
    expect(DEFAULT_RULES.isSecretKey(key)).toBe(secret);
  });
});

describe('denyKeys and allowKeys', () => {
  test('denyKeys extend the rules: substrings case-insensitively, RegExps as given', () => {
    const rules = createScrubRules({ denyKeys: ['SSN', /^card$/] });
    expect(rules.isSecretKey('user_ssn')).toBe(true);
    expect(rules.isSecretKey('card')).toBe(true);
    expect(rules.isSecretKey('cardholder')).toBe(false);
    expect(rules.isSecretKey('password')).toBe(true);
  });

  test('allowKeys narrow the rules', () => {
    const rules = createScrubRules({ allowKeys: ['prompt_tokens', /^session_count$/] });
    expect(rules.isSecretKey('prompt_tokens')).toBe(false);
    expect(rules.isSecretKey('session_count')).toBe(false);
    expect(rules.isSecretKey('session_id')).toBe(true);
  });

  test('denyKeys win over allowKeys', () => {
    const rules = createScrubRules({ allowKeys: ['token'], denyKeys: ['csrf_token'] });
    expect(rules.isSecretKey('page_token')).toBe(false);
    expect(rules.isSecretKey('csrf_token')).toBe(true);
  });

  test('sendDefaultPii turns the defaults off but keeps denyKeys', () => {
    const rules = createScrubRules({ sendDefaultPii: true, denyKeys: ['ssn'] });
    expect(rules.isSecretKey('password')).toBe(false);
    expect(rules.isSecretKey('ssn')).toBe(true);
    expect(rules.keysMatter).toBe(true);
    expect(createScrubRules({ sendDefaultPii: true }).keysMatter).toBe(false);
  });

  test('a /g RegExp matches every time (its lastIndex is reset)', () => {
    const rules = createScrubRules({ denyKeys: [/pin/g] });
    expect([1, 2, 3].map(() => rules.isSecretKey('pin'))).toEqual([true, true, true]);
  });

  test('a RegExp whose test throws is skipped, never thrown to the app', () => {
    class Hostile extends RegExp {
      override test(): boolean {
        throw new Error('hostile');
      }
    }
    const rules = createScrubRules({ denyKeys: [new Hostile('x'), 'pin'], allowKeys: [new Hostile('y')] });
    expect(rules.isSecretKey('pin')).toBe(true);
    expect(rules.isSecretKey('password')).toBe(true);
    expect(rules.isSecretKey('name')).toBe(false);
  });

  test('empty strings and non-patterns are ignored', () => {
    const rules = createScrubRules({ denyKeys: ['', 5 as unknown as string] });
    expect(rules.isSecretKey('anything')).toBe(false);
  });
});

describe('scrubText', () => {
  test.each([
    [
      'connect postgres://admin:hunter2@db:5432/app failed',
      `connect postgres://${FILTERED}@db:5432/app failed`,
    ],
    ['GET https://u:p@a.com/x and https://b.com/y', `GET https://${FILTERED}@a.com/x and https://b.com/y`],
    [
      'fetch https://a.com/cb?code=xyz&page=2 failed',
      `fetch https://a.com/cb?code=${FILTERED}&page=2 failed`,
    ],
    ['see /reset?token=abc', `see /reset?token=${FILTERED}`],
    ['mail me@example.com', 'mail me@example.com'],
    ['a = b & c', 'a = b & c'],
    ['plain message', 'plain message'],
  ])('%s', (input, expected) => {
    expect(scrubText(input, DEFAULT_RULES)).toBe(expected);
  });

  test('an unchanged text is the same string', () => {
    const text = 'https://a.com/path?page=2';
    expect(scrubText(text, DEFAULT_RULES)).toBe(text);
  });

  test("the DSN's key is replaced even with sendDefaultPii", () => {
    const rules = createScrubRules({ sendDefaultPii: true, dsnKey: 'abc123public0000feed' });
    expect(scrubText('dsn=https://abc123public0000feed@o1.ingest.sentry.io/1', rules)).toBe(
      `dsn=https://${FILTERED}@o1.ingest.sentry.io/1`,
    );
    expect(scrubText('https://u:p@a.com', rules)).toBe('https://u:p@a.com');
  });

  test('a short DSN key (a word, as in test setups) is not searched for in event text', () => {
    const rules = createScrubRules({ sendDefaultPii: true, dsnKey: 'public' });
    expect(scrubText('category: public', rules)).toBe('category: public');
  });
});
