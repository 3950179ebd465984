// Process-wide SDK state. It lives on globalThis so that the ESM and CJS builds of this package,
// when both get loaded (a `--require` preload plus an ESM app), share one client and one set of
// scopes instead of silently splitting in two.
import { Scope } from './scope.js';

interface SdkState {
  /**
   * The current client: this copy's Client, or another copy's (same shape, another class). Read
   * and set through current-client.ts, which gives it its type.
   */
  client: unknown;
  globalScope: Scope;
  /** Scopes used where no scopes are stored in the active OTel context. */
  defaultCurrentScope: Scope;
  defaultIsolationScope: Scope;
  /** The copy of this module that created the state (absent in states made by older copies). */
  owner?: object;
}

/** This copy of the package: another install, or the other build, has another. */
const THIS_COPY = {};

/** Whether the state was created by another copy of the package (two installs, or ESM + CJS). */
export function isSharedWithAnotherCopy(): boolean {
  return getState().owner !== THIS_COPY;
}

const KEY = Symbol.for('otel-sentry.state.v1');

export function getState(): SdkState {
  const g = globalThis as { [KEY]?: SdkState };
  g[KEY] ??= {
    client: undefined,
    globalScope: new Scope(),
    defaultCurrentScope: new Scope(),
    defaultIsolationScope: new Scope(),
    owner: THIS_COPY,
  };
  return g[KEY];
}
