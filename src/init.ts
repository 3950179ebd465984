// The composition root: options → DSN → client → scopes and OpenTelemetry context.
import { context } from '@opentelemetry/api';
import { close } from './api.js';
import { Client } from './client.js';
import { AsyncLocalStorageContextManager } from './context-manager.js';
import { getCurrentClient, setCurrentClient } from './current-client.js';
import { resolveIntegrations, setupIntegrations } from './integration.js';
import { getDefaultIntegrations } from './integrations/defaults.js';
import { type Options, resolveOptions } from './options.js';
import { setupOpenTelemetry } from './otel-setup.js';
import { type Dsn, parseDsn } from './protocol/dsn.js';
import { getState, isSharedWithAnotherCopy } from './state.js';
import { debug } from './utils/debug.js';
import { safe, swallow } from './utils/safe.js';

/**
 * Starts the SDK and returns its client. Never throws: a missing or invalid DSN gives a
 * disabled client (with a warning for an invalid one), wrong option types fall back to defaults.
 */
export function init(options?: Options): Client | undefined {
  return safe('init', () => initOrThrow(options), undefined);
}

function initOrThrow(input: Options | undefined): Client {
  const options = resolveOptions(input);
  debug.enable(options.debug);
  const state = getState();
  if (isSharedWithAnotherCopy()) {
    debug.log(
      'another copy of otel-sentry is loaded in this process (a second install, or the other build): they share one client and one set of scopes',
    );
  }
  if (getCurrentClient()) {
    debug.log('init() called again: the previous client is closed');
    swallow('closing the previous client', close(0));
  }

  let dsn: Dsn | undefined;
  if (options.dsn) {
    const parsed = parseDsn(options.dsn);
    if (parsed.ok) dsn = parsed.dsn;
    else debug.alwaysWarn(`invalid DSN (${parsed.reason}); the SDK is disabled`);
  } else if (!options.transport) {
    debug.log('no DSN given: events are not sent anywhere');
  }

  const client = new Client(options, dsn);
  setCurrentClient(client);
  if (options.initialScope) state.globalScope.update(options.initialScope);
  if (!client.isEnabled()) return client;

  if (!options.skipOpenTelemetrySetup) {
    ensureContextManager();
    setupOpenTelemetry();
  }
  const defaults = options.defaultIntegrations ? getDefaultIntegrations() : [];
  const integrations = setupIntegrations(client, resolveIntegrations(defaults, options.integrations));
  client.setIntegrationNames(integrations.map((i) => i.name));
  debug.log(`initialized${dsn ? ` for project ${dsn.projectId} at ${dsn.host}` : ''}`);
  return client;
}

const OTEL_GLOBAL = Symbol.for('opentelemetry.js.api.1');

/**
 * Scopes follow async code only when an OTel context manager is registered. Register ours when
 * the app has none; an app's own (NodeSDK's) is used as it is.
 */
function ensureContextManager(): void {
  const globals = (globalThis as { [OTEL_GLOBAL]?: { context?: unknown } })[OTEL_GLOBAL];
  if (globals?.context) {
    debug.log('using the OpenTelemetry context manager the app registered');
    return;
  }
  if (!context.setGlobalContextManager(new AsyncLocalStorageContextManager())) {
    debug.warn('could not register a context manager; scopes will not follow async code');
  }
}
