// The integration contract, as in Sentry's SDKs: a named object with optional hooks split by
// lifetime. `setupOnce` patches globals once per process (re-running `init`, as tests do, never
// patches twice); `setup` runs once per client; `processEvent` sees every event before the scopes'
// processors. Hooks look the live client up when they run, so a closed client needs no unpatching.
import type { Client } from './client.js';
import type { Event } from './protocol/types.js';
import type { EventHint } from './types.js';
import { debug } from './utils/debug.js';
import { callUser } from './utils/safe.js';

export interface Integration {
  name: string;
  /** Global patching; called once per process per integration name. */
  setupOnce?(): void;
  /** Called for each client the integration is set up with. */
  setup?(client: Client): void;
  /** Changes or drops (`null`) an event. A throw leaves the event as it was given. */
  processEvent?(event: Event, hint: EventHint, client: Client): Event | null | PromiseLike<Event | null>;
}

export type IntegrationsOption = Integration[] | ((defaults: Integration[]) => Integration[]);

const INSTALLED_KEY = Symbol.for('otel-sentry.installed-integrations.v1');

function installed(): Set<string> {
  const g = globalThis as { [INSTALLED_KEY]?: Set<string> };
  g[INSTALLED_KEY] ??= new Set();
  return g[INSTALLED_KEY];
}

/**
 * The integrations to run: the defaults (unless turned off), with user integrations added and
 * replacing defaults of the same name; or whatever the user's function returns.
 */
export function resolveIntegrations(
  defaults: Integration[],
  user: IntegrationsOption | undefined,
): Integration[] {
  let list: unknown;
  if (typeof user === 'function') {
    const result = callUser('integrations', () => user([...defaults]));
    list = result.ok ? result.value : defaults;
  } else {
    const byName = new Map<string, Integration>();
    for (const i of [...defaults, ...(user ?? [])]) byName.set(i.name, i);
    list = [...byName.values()];
  }
  if (!Array.isArray(list)) {
    debug.alwaysWarn('the integrations function must return an array; using the defaults');
    return defaults;
  }
  const valid = list.filter((i): i is Integration => {
    const ok = typeof i === 'object' && i !== null && typeof (i as Integration).name === 'string';
    if (!ok) debug.alwaysWarn('ignoring an integration without a name:', i);
    return ok;
  });
  // Later duplicates win, keeping the position of the first.
  const seen = new Map<string, Integration>();
  for (const i of valid) seen.set(i.name, i);
  return [...seen.values()];
}

/** Sets integrations up on a client; one that throws is skipped with a warning. Returns those set up. */
export function setupIntegrations(client: Client, integrations: Integration[]): Integration[] {
  const done = installed();
  const active: Integration[] = [];
  for (const integration of integrations) {
    const { name } = integration;
    if (integration.setupOnce && !done.has(name)) {
      const once = callUser(`integration ${name} setupOnce`, () => integration.setupOnce?.());
      if (!once.ok) {
        debug.alwaysWarn(`integration "${name}" failed to set up and is skipped:`, once.error);
        continue;
      }
      done.add(name);
    }
    if (integration.setup) {
      const result = callUser(`integration ${name} setup`, () => integration.setup?.(client));
      if (!result.ok) {
        debug.alwaysWarn(`integration "${name}" failed to set up and is skipped:`, result.error);
        continue;
      }
    }
    if (integration.processEvent) {
      const processEvent = integration.processEvent.bind(integration);
      client.addIntegrationProcessor(name, (event, hint) => processEvent(event, hint, client));
    }
    active.push(integration);
  }
  return active;
}
