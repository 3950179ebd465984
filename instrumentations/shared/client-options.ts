// Options the instrumentations read from the live client. Read per request, as `unknown`: the
// client may be missing, replaced by a second init(), or given values of the wrong type.
import { getClient } from '../../src/api.js';
import { safe } from '../../src/utils/safe.js';
import { DEFAULT_RULES, type ScrubRules, toRules } from '../../src/utils/scrub-rules.js';
import type { MaxRequestBodySize } from '../types.js';

/** Body limits in bytes; 'always' is still bounded so one request cannot hold the heap. */
export const BODY_LIMITS: Record<MaxRequestBodySize, number> = {
  none: 0,
  small: 1_000,
  medium: 10_000,
  always: 1_048_576,
};

function readOption(key: string): unknown {
  return safe(
    'reading client options',
    () => {
      const options: unknown = getClient()?.options;
      return options !== null && typeof options === 'object'
        ? (options as Record<string, unknown>)[key]
        : undefined;
    },
    undefined,
  );
}

export function sendDefaultPii(): boolean {
  return readOption('sendDefaultPii') === true;
}

/** The client's scrubbing rules (`sendDefaultPii`, `denyKeys`, `allowKeys`); the defaults without one. */
export function scrubRules(): ScrubRules {
  return safe(
    'reading scrub rules',
    () => {
      const rules: unknown = (getClient() as { scrubRules?: unknown } | undefined)?.scrubRules;
      return rules !== null &&
        typeof rules === 'object' &&
        typeof (rules as ScrubRules).isSecretKey === 'function'
        ? (rules as ScrubRules)
        : toRules(sendDefaultPii());
    },
    DEFAULT_RULES,
  );
}

/** The body limit in bytes; 0 when bodies are not captured (the default). */
export function requestBodyLimit(): number {
  const value = readOption('maxRequestBodySize');
  return typeof value === 'string' && Object.hasOwn(BODY_LIMITS, value)
    ? BODY_LIMITS[value as MaxRequestBodySize]
    : 0;
}

/** Whether the SDK is initialized and sending: without a client there is nothing to record for. */
export function isClientEnabled(): boolean {
  return safe('client state', () => getClient()?.isEnabled() === true, false);
}
