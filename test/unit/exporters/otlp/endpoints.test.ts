import { afterEach, describe, expect, it, vi } from 'vitest';
import { sentryOtlpEndpoints } from '../../../../exporters/index.js';
import { SDK_NAME, SDK_VERSION } from '../../../../src/version.js';

const KEY = 'abc123';
const AUTH = `Sentry sentry_version=7, sentry_client=${SDK_NAME}/${SDK_VERSION}, sentry_key=${KEY}`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('sentryOtlpEndpoints', () => {
  it('derives the traces and logs URLs and the auth header from a DSN', () => {
    expect(sentryOtlpEndpoints(`https://${KEY}@o1.ingest.sentry.io/42`)).toEqual({
      traces: {
        url: 'https://o1.ingest.sentry.io/api/42/integration/otlp/v1/traces/',
        headers: { 'X-Sentry-Auth': AUTH },
      },
      logs: {
        url: 'https://o1.ingest.sentry.io/api/42/integration/otlp/v1/logs/',
        headers: { 'X-Sentry-Auth': AUTH },
      },
    });
  });

  it('keeps a port and a path prefix', () => {
    const e = sentryOtlpEndpoints(`http://${KEY}@sentry.local:9000/relay/eu/7`);
    expect(e?.traces.url).toBe('http://sentry.local:9000/relay/eu/api/7/integration/otlp/v1/traces/');
    expect(e?.logs.url).toBe('http://sentry.local:9000/relay/eu/api/7/integration/otlp/v1/logs/');
  });

  it('keeps an IPv6 host in brackets', () => {
    const e = sentryOtlpEndpoints(`http://${KEY}@[::1]:8080/3`);
    expect(e?.traces.url).toBe('http://[::1]:8080/api/3/integration/otlp/v1/traces/');
    expect(new URL(e?.traces.url ?? '').hostname).toBe('[::1]');
  });

  it('sends the secret of a legacy DSN as envelopes do', () => {
    const e = sentryOtlpEndpoints(`https://${KEY}:s3cret@sentry.example.com/5`);
    expect(e?.traces.headers['X-Sentry-Auth']).toBe(`${AUTH}, sentry_secret=s3cret`);
  });

  it('gives each signal its own headers object', () => {
    const e = sentryOtlpEndpoints(`https://${KEY}@sentry.example.com/5`);
    expect(e?.traces.headers).not.toBe(e?.logs.headers);
  });

  it.each([
    ['no project id', `https://${KEY}@sentry.example.com/`],
    ['a project id that is not a number', `https://${KEY}@sentry.example.com/abc`],
    ['no public key', 'https://sentry.example.com/5'],
    ['not a URL', 'not a dsn'],
    ['not a string', 42],
    ['undefined', undefined],
  ])('gives undefined and a warning for %s', (_what, dsn) => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(sentryOtlpEndpoints(dsn)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('[otel-sentry]', expect.stringContaining('invalid DSN'));
  });
});
