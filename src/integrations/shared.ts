// What the process-wide integrations share. Their hooks are installed once per process, but must
// follow re-inits: each `setup(client)` records the options that client runs the integration
// with, and a hook acts only when the live client set its integration up. The record lives on
// globalThis, so the ESM and CJS builds of this package, loaded in one process, agree.
import { getClient } from '../api.js';
import type { Client } from '../client.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';

const KEY = Symbol.for('otel-sentry.integration-setups.v1');

type Setups = Map<string, WeakMap<Client, unknown>>;

function setups(): Setups {
  const g = globalThis as { [KEY]?: Setups };
  g[KEY] ??= new Map();
  return g[KEY];
}

/** Records that `client` runs the integration `name` with `options`. */
export function markSetUp(name: string, client: Client, options: unknown): void {
  const all = setups();
  let byClient = all.get(name);
  if (!byClient) {
    byClient = new WeakMap();
    all.set(name, byClient);
  }
  byClient.set(client, options);
}

/** The live client and its options, if it is enabled and set the integration `name` up. */
export function activeSetup<T>(name: string): { client: Client; options: T } | undefined {
  const client = getClient();
  const byClient = setups().get(name);
  if (!client?.isEnabled() || !byClient?.has(client)) return undefined;
  return { client, options: byClient.get(client) as T };
}

/**
 * Reads one integration option as `init` reads its own: a value of the wrong type (or options
 * that are not an object) warns and gives the default.
 */
export function readOption<T>(
  integration: string,
  options: unknown,
  key: string,
  isValid: (value: unknown) => boolean,
  fallback: T,
  expected: string,
): T {
  if (options === undefined || options === null) return fallback;
  if (typeof options !== 'object') {
    debug.alwaysWarn(`${integration}Integration expects an options object; using its defaults`);
    return fallback;
  }
  const value = safeGet(options, key);
  if (value === undefined) return fallback;
  if (isValid(value)) return value as T;
  debug.alwaysWarn(`${integration}Integration option "${key}" should be ${expected}; using its default`);
  return fallback;
}

export const isBoolean = (value: unknown): boolean => typeof value === 'boolean';
