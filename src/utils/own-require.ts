// Lazy loading of optional peers (the OTel SDK, the OTLP exporters) and of this package's own
// CommonJS modules, resolved from this package's location: a missing peer is a `debug` line and
// `undefined`, never a crash, and a user without the package pays nothing.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from './debug.js';

export type Require = (id: string) => unknown;

/** `require(id)`, or undefined (with a debug line) when it cannot be loaded. */
export function load<T>(require: Require, id: string): T | undefined {
  try {
    return require(id) as T;
  } catch (err) {
    debug.warn(`could not load ${id}:`, err instanceof Error ? err.message : err);
    return undefined;
  }
}

/**
 * A `require` resolving from this file. There is no `import.meta` here (this file is also built
 * as CommonJS), so the ESM build finds its own location in a stack trace.
 */
export function ownRequire(): Require {
  return createRequire(ownFile() ?? join(process.cwd(), 'noop.js'));
}

/**
 * Loads one of this package's modules synchronously, relative to the package root (`src/…`,
 * `exporters/…`). From the ESM build that is its CommonJS twin (`build/esm/…` → `build/cjs/…`):
 * Node 20 cannot require() ES modules. Process-wide SDK state lives on globalThis, so both
 * builds share the client and scopes.
 */
export function loadOwn<T>(fromRoot: string): T | undefined {
  const file = ownFile();
  if (!file) return undefined;
  // This file is <root>/src/utils/own-require.{js,ts}.
  const root = join(dirname(file), '..', '..').replace(/([\\/])build\1esm(\1|$)/, '$1build$1cjs$2');
  return load<T>(createRequire(join(root, 'noop.js')), `./${fromRoot}`);
}

function ownFile(): string | undefined {
  if (typeof __filename === 'string') return __filename;
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, ownFile);
    const name = holder.stack?.[0]?.getFileName() ?? undefined;
    if (!name) return undefined;
    return name.startsWith('file:') ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}
