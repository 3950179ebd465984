import { describe, expect, it } from 'vitest';
import { dsnToString, parseDsn } from '../../../../src/protocol/dsn.js';

describe('parseDsn', () => {
  it('parses a full DSN into endpoint and auth header', () => {
    const r = parseDsn('https://abc123:secret@o1.ingest.example.com:8443/sub/path/42');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.dsn).toMatchObject({
      protocol: 'https',
      publicKey: 'abc123',
      secretKey: 'secret',
      host: 'o1.ingest.example.com',
      port: '8443',
      path: 'sub/path',
      projectId: '42',
      envelopeUrl: 'https://o1.ingest.example.com:8443/sub/path/api/42/envelope/',
    });
    expect(r.dsn.authHeader).toMatch(
      /^Sentry sentry_version=7, sentry_client=[^,]+\/[\d.]+, sentry_key=abc123, sentry_secret=secret$/,
    );
    expect(dsnToString(r.dsn)).toBe('https://abc123@o1.ingest.example.com:8443/sub/path/42');
  });

  it('accepts a DSN without secret, port or path', () => {
    const r = parseDsn('http://key@localhost/1');
    expect(r.ok && r.dsn.envelopeUrl).toBe('http://localhost/api/1/envelope/');
    expect(r.ok && r.dsn.authHeader).not.toContain('sentry_secret');
  });

  it.each([
    [undefined, 'expected a string'],
    [42, 'expected a string'],
    ['not a url', 'not a URL'],
    ['ftp://key@host/1', 'protocol'],
    ['https://host/1', 'public key'],
    ['https://key@host/', 'project id'],
    ['https://key@host/abc', 'not a number'],
    ['https://key@host/1?x=1', 'query'],
  ])('rejects %j naming the problem', (input, reason) => {
    const r = parseDsn(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });
});
