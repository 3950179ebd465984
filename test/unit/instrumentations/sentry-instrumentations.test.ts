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
    const none = { incomingRequests: false, frameworks: false };
    const onlyUndici = sentryInstrumentations({ http: false, undici: off, ...none });
    expect(onlyUndici.map((i) => i.constructor)).toEqual([UndiciInstrumentation]);
    const onlyHttp = sentryInstrumentations({ http: off, undici: false, ...none });
    expect(onlyHttp.map((i) => i.constructor)).toEqual([HttpInstrumentation]);
    expect(sentryInstrumentations({ http: false, undici: false, ...none })).toEqual([]);
  });

  test("the installed frameworks' instrumentations, unless left out", () => {
    const base = { http: false, undici: false, incomingRequests: false } as const;
    const names = (list: { instrumentationName: string }[]) => list.map((i) => i.instrumentationName);
    // express is a devDependency here, with @opentelemetry/instrumentation-express.
    const all = sentryInstrumentations(base);
    expect(names(all)).toContain('@opentelemetry/instrumentation-express');
    for (const i of all) i.disable();
    expect(names(sentryInstrumentations({ ...base, frameworks: { express: false } }))).not.toContain(
      '@opentelemetry/instrumentation-express',
    );
  });
});
