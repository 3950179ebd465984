import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { describe, expect, test } from 'vitest';
import { sentryInstrumentations } from '../../../instrumentations/index.js';
import { isComposed } from '../../../instrumentations/shared/compose.js';

// enabled: false everywhere, so nothing is patched in the test runner's process.
const off = { enabled: false };

describe('sentryInstrumentations', () => {
  test('the stock http and undici instrumentations, with our hooks composed with the given ones', () => {
    const appHook = () => undefined;
    const [http, undici, ...rest] = sentryInstrumentations({
      http: { ...off, requestHook: appHook },
      undici: off,
      incomingRequests: false,
      frameworks: false,
    });
    expect(rest).toEqual([]);
    expect(http).toBeInstanceOf(HttpInstrumentation);
    expect(undici).toBeInstanceOf(UndiciInstrumentation);
    const httpConfig = (http as HttpInstrumentation).getConfig();
    expect(httpConfig.enabled).toBe(false);
    expect(isComposed(httpConfig.requestHook)).toBe(true);
    expect(isComposed(httpConfig.responseHook)).toBe(true);
    expect(isComposed((undici as UndiciInstrumentation).getConfig().responseHook)).toBe(true);
  });

  test('either can be left out', () => {
    const onlyUndici = sentryInstrumentations({
      http: false,
      undici: off,
      incomingRequests: false,
      frameworks: false,
    });
    expect(onlyUndici.map((i) => i.constructor)).toEqual([UndiciInstrumentation]);
    const onlyHttp = sentryInstrumentations({
      http: off,
      undici: false,
      incomingRequests: false,
      frameworks: false,
    });
    expect(onlyHttp.map((i) => i.constructor)).toEqual([HttpInstrumentation]);
    expect(
      sentryInstrumentations({ http: false, undici: false, incomingRequests: false, frameworks: false }),
    ).toEqual([]);
  });
});
