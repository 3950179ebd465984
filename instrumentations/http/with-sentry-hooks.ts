// For apps that bring their own HttpInstrumentation (getNodeAutoInstrumentations, NodeSDK):
// our hooks go into their config, so `http` is wrapped once and each request has one span.
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { safe } from '../../src/utils/safe.js';
import { enableIncomingRequestIsolation } from '../http-server/isolation.js';
import { composeAttributesHook, composeHook, isComposed } from '../shared/compose.js';
import { httpRequestHook, httpResponseHook, httpStartOutgoingHook } from './client-hooks.js';

/** The config with our hooks composed in; the app's own hooks still run, after ours. */
export function composeHttpHooks(config: HttpInstrumentationConfig = {}): HttpInstrumentationConfig {
  const given = config ?? {};
  if (isComposed(given.requestHook)) return { ...given };
  return {
    ...given,
    startOutgoingSpanHook: composeAttributesHook(
      'startOutgoingSpanHook',
      httpStartOutgoingHook,
      given.startOutgoingSpanHook,
    ),
    requestHook: composeHook('requestHook', httpRequestHook, given.requestHook),
    responseHook: composeHook('responseHook', httpResponseHook, given.responseHook),
  };
}

/**
 * Use as `new HttpInstrumentation(withSentryHooks({ ...yourConfig }))`: outgoing breadcrumbs
 * through the app's own instrumentation, plus a separate isolation scope per incoming request.
 */
export function withSentryHooks(config?: HttpInstrumentationConfig): HttpInstrumentationConfig {
  safe('request isolation', enableIncomingRequestIsolation, undefined);
  return safe('withSentryHooks', () => composeHttpHooks(config), { ...config });
}
