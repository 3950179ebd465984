// Framework instrumentations for ES module apps. require-in-the-middle patches what is loaded with
// require(); an app's `import express from 'express'` goes through Node's ESM loader instead, which
// only import-in-the-middle's loader hook (a dependency of @opentelemetry/instrumentation) sees.
// Registered by otel-sentry's own setup (init(), the preload), once per process, and only when it
// added a framework instrumentation, restricted to those frameworks' packages: every other import
// stays untouched, and an app without a framework pays nothing.
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { debug } from '../src/utils/debug.js';
import { ownRequire } from '../src/utils/optional-require.js';
import { safe } from '../src/utils/safe.js';

const REGISTERED = Symbol.for('otel-sentry.esm-loader-hook.v1');
const HOOK = '@opentelemetry/instrumentation/hook.mjs';

type Register = (specifier: string, parentURL: string, options: { data: unknown }) => void;

/**
 * On a framework instrumentation known to patch ES module imports correctly: the package name to
 * give the loader hook. Connect's, for one, breaks an ESM app (it replaces the module's function
 * export, which an ES module namespace cannot take), so it is not marked.
 */
export const ESM_MODULE = Symbol.for('otel-sentry.esm-module');

/** Registers the loader hook for the marked instrumentations' packages; true if it did. */
export function registerEsmLoaderHook(instrumentations: unknown[]): boolean {
  return safe(
    'registering the ESM loader hook',
    () => {
      const g = globalThis as { [REGISTERED]?: boolean };
      if (g[REGISTERED]) return false;
      const include = moduleNames(instrumentations);
      if (include.length === 0) return false;
      // A .cjs entry point loads its framework with require(): no hook thread for it.
      if (process.argv[1]?.endsWith('.cjs')) return false;
      // Node 20 runs `--require` preloads in the loader hooks thread too: registering there again
      // would initialize the hook twice.
      if (!isMainThread) return false;
      const register = (nodeModule as { register?: Register }).register;
      if (typeof register !== 'function') {
        debug.log('module.register is not available: frameworks imported as ES modules are not instrumented');
        return false;
      }
      const hook = pathToFileURL(ownRequire().resolve(HOOK)).href;
      g[REGISTERED] = true;
      register(hook, hook, { data: { include } });
      debug.log(`ESM loader hook registered for ${include.join(', ')}`);
      return true;
    },
    false,
  );
}

function moduleNames(instrumentations: unknown[]): string[] {
  const names = new Set<string>();
  for (const instrumentation of instrumentations) {
    const name = safe(
      'reading ESM_MODULE',
      () => (instrumentation as { [ESM_MODULE]?: unknown })?.[ESM_MODULE],
      undefined,
    );
    if (typeof name === 'string' && name) names.add(name);
  }
  return [...names];
}
