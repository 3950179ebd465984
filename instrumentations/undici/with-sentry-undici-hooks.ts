// For apps that bring their own UndiciInstrumentation: our hooks go into their config.
import type { UndiciInstrumentationConfig } from '@opentelemetry/instrumentation-undici';
import { safe } from '../../src/utils/safe.js';
import { composeHook, isComposed } from '../shared/compose.js';
import { subscribeUndiciErrors, undiciRequestHook, undiciResponseHook } from './hooks.js';

/** The config with our hooks composed in; the app's own hooks still run, after ours. */
export function composeUndiciHooks(config: UndiciInstrumentationConfig = {}): UndiciInstrumentationConfig {
  const given = config ?? {};
  subscribeUndiciErrors();
  if (isComposed(given.requestHook)) return { ...given };
  return {
    ...given,
    requestHook: composeHook('requestHook', undiciRequestHook, given.requestHook),
    responseHook: composeHook('responseHook', undiciResponseHook, given.responseHook),
  };
}

/** Use as `new UndiciInstrumentation(withSentryUndiciHooks({ ...yourConfig }))`. */
export function withSentryUndiciHooks(config?: UndiciInstrumentationConfig): UndiciInstrumentationConfig {
  return safe('withSentryUndiciHooks', () => composeUndiciHooks(config), { ...config });
}
