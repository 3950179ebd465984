// Loading packages the app may or may not have (framework instrumentations, loggers, queues),
// synchronously and without a throw: a user who has not installed one pays one failed resolve.
// There is no `import.meta` here (this file is also built as CommonJS), so the ESM build finds its
// own location in a stack trace.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { debug } from './debug.js';

export type Require = (id: string) => unknown;

let own: NodeJS.Require | undefined;
let app: NodeJS.Require | undefined;

/** A `require` resolving from this package's own location (where its peers are installed). */
export function ownRequire(): NodeJS.Require {
  own ??= createRequire(ownFile() ?? join(process.cwd(), 'noop.js'));
  return own;
}

/** A `require` resolving from the app's working directory. */
function appRequire(): NodeJS.Require {
  app ??= createRequire(join(process.cwd(), 'noop.js'));
  return app;
}

/** Whether the app can load `id` (resolved from its working directory or beside this package). */
export function isInstalled(id: string): boolean {
  for (const req of [appRequire, ownRequire]) {
    try {
      req().resolve(id);
      return true;
    } catch {
      // try the next place
    }
  }
  return false;
}

/**
 * Loads `id` from beside this package, else from the app; undefined when it is not installed
 * (quietly) or fails to load (with a debug line naming why).
 */
export function requireOptional<T>(id: string): T | undefined {
  let lastError: unknown;
  for (const req of [ownRequire, appRequire]) {
    try {
      return req()(id) as T;
    } catch (err) {
      lastError = err;
    }
  }
  const code = (lastError as { code?: unknown } | undefined)?.code;
  if (code !== 'MODULE_NOT_FOUND') {
    debug.warn(`could not load ${id}:`, lastError instanceof Error ? lastError.message : lastError);
  }
  return undefined;
}

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
 * Loads one of this package's modules synchronously, relative to the package root (`src/…`,
 * `instrumentations/…`). From the ESM build that is its CommonJS twin (`build/esm/…` →
 * `build/cjs/…`): Node 20 cannot require() ES modules. Process-wide SDK state lives on
 * globalThis, so both builds share the client and scopes.
 */
export function loadOwn<T>(fromRoot: string): T | undefined {
  const file = ownFile();
  if (!file) return undefined;
  // This file is <root>/src/utils/optional-require.{js,ts}.
  const root = join(dirname(file), '..', '..').replace(/([\\/])build\1esm(\1|$)/, '$1build$1cjs$2');
  return load<T>(createRequire(join(root, 'noop.js')), `./${fromRoot}`);
}

/** This file's path, from `__filename` (CommonJS) or a stack trace (ES module). */
export function ownFile(): string | undefined {
  if (typeof __filename === 'string') return __filename;
  const original = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_error, callSites) => callSites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder); // the first frame is this function, in this file
    const name = holder.stack?.[0]?.getFileName() ?? undefined;
    if (!name) return undefined;
    return name.startsWith('file:') ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = original;
  }
}
