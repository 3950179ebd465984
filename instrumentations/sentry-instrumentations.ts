// The instrumentations init() registers by default: the stock OTel classes, configured with our
// hooks. One HttpInstrumentation and one UndiciInstrumentation, so each request has one span;
// plus the instrumentation of each web framework the app has installed.
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { safe } from '../src/utils/safe.js';
import { frameworkInstrumentations } from './framework-instrumentations.js';
import { composeHttpHooks } from './http/with-sentry-hooks.js';
import { enableIncomingRequestIsolation } from './http-server/isolation.js';
import type { SentryInstrumentationsOptions } from './types.js';
import { composeUndiciHooks } from './undici/with-sentry-undici-hooks.js';

/**
 * New instances on each call: register them once (`registerInstrumentations` or NodeSDK's
 * `instrumentations`), before the app loads `http`.
 */
export function sentryInstrumentations(options: SentryInstrumentationsOptions = {}): Instrumentation[] {
  return safe('sentryInstrumentations', () => {
    const { http = true, undici = true, incomingRequests = true, frameworks = true } = options ?? {};
    const out: Instrumentation[] = [];
    if (incomingRequests) enableIncomingRequestIsolation();
    if (http !== false) {
      out.push(new HttpInstrumentation(composeHttpHooks(http === true ? {} : http)));
    }
    if (undici !== false) {
      out.push(new UndiciInstrumentation(composeUndiciHooks(undici === true ? {} : undici)));
    }
    out.push(...frameworkInstrumentations(frameworks));
    return out;
  }, []);
}
