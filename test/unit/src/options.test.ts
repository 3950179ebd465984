import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOptions } from '../../../src/options.js';

describe('resolveOptions', () => {
  afterEach(() => vi.restoreAllMocks());

  it('applies defaults', () => {
    const o = resolveOptions({}, {});
    expect(o).toMatchObject({
      environment: 'production',
      sampleRate: 1,
      maxBreadcrumbs: 100,
      normalizeDepth: 3,
      shutdownTimeout: 2000,
      attachStacktrace: false,
      sendDefaultPii: false,
      sendClientReports: true,
      debug: false,
      enabled: true,
    });
    expect(o.dsn).toBeUndefined();
  });

  it('reads SENTRY_* variables, with explicit options winning', () => {
    const env = {
      SENTRY_DSN: 'https://k@h/1',
      SENTRY_RELEASE: 'r@1',
      SENTRY_ENVIRONMENT: 'staging',
      SENTRY_DEBUG: 'true',
      SENTRY_TRACES_SAMPLE_RATE: '0.25',
    };
    expect(resolveOptions({}, env)).toMatchObject({
      dsn: 'https://k@h/1',
      release: 'r@1',
      environment: 'staging',
      debug: true,
      tracesSampleRate: 0.25,
    });
    expect(resolveOptions({ environment: 'dev' }, env).environment).toBe('dev');
  });

  it('warns and falls back to the default for values of the wrong type', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const o = resolveOptions(
      { sampleRate: 2, maxBreadcrumbs: 'many', beforeSend: 'no', dsn: 42 } as never,
      {},
    );
    expect(o.sampleRate).toBe(1);
    expect(o.maxBreadcrumbs).toBe(100);
    expect(o.beforeSend).toBeUndefined();
    expect(o.dsn).toBeUndefined();
    expect(warn.mock.calls.map((c) => c.join(' ')).join('\n')).toMatch(/sampleRate[\s\S]*maxBreadcrumbs/);
  });

  it('survives hostile option objects', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('trap');
        },
      },
    );
    expect(() => resolveOptions(hostile, {})).not.toThrow();
    expect(resolveOptions('nope' as never, {}).environment).toBe('production');
    expect(resolveOptions(null, {}).sampleRate).toBe(1);
  });

  it('ignores a malformed SENTRY_TRACES_SAMPLE_RATE', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(resolveOptions({}, { SENTRY_TRACES_SAMPLE_RATE: 'lots' }).tracesSampleRate).toBeUndefined();
  });
});
