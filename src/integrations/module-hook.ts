// Patches a file of a logger package once it is loaded: at once when the app loaded it before
// `init` (found in the require cache), and on load afterwards through require-in-the-middle (a
// dependency of @opentelemetry/instrumentation, our peer). Nothing here loads the package: an app
// without it pays nothing: no hook on `require`. ESM apps are covered too: these packages are CommonJS,
// and their internal files are `require`d even when the app `import`s them.
import { createRequire } from 'node:module';
import { join, resolve, sep } from 'node:path';
import { debug } from '../utils/debug.js';

type Patch = (exports: unknown) => void;
type Require = NodeJS.Require;

interface RitmModule {
  Hook: new (
    modules: string[],
    options: { internals: boolean },
    onRequire: (exports: unknown, name: string, basedir?: string) => unknown,
  ) => unknown;
}

/**
 * Runs `patch` on the exports of `file` in `pkg` (`lib/proto.js`), for every copy of the
 * package, now and when loaded later. `main`: `file` is the package's main module. `patch` must
 * be idempotent.
 */
export function patchWhenLoaded(pkg: string, file: string, main: boolean, patch: Patch): void {
  const require = appRequire();
  const guarded = (exports: unknown): void => {
    try {
      patch(exports);
    } catch (err) {
      debug.error(`could not patch ${pkg}:`, err);
    }
  };
  const relative = file.split('/').join(sep);
  const suffix = `${sep}node_modules${sep}${pkg}${sep}${relative}`;
  for (const [path, mod] of Object.entries(require.cache)) {
    if (path.endsWith(suffix) && mod) guarded(mod.exports);
  }
  // Without the package installed, nothing more: no hook on `require`.
  if (!isInstalled(pkg)) return;
  const ritm = loadRitm();
  if (!ritm) {
    debug.warn(`${pkg} loaded after init is not covered: require-in-the-middle could not be loaded`);
    return;
  }
  const wanted = main ? pkg : `${pkg}/${file}`;
  new ritm.Hook([pkg], { internals: true }, (exports, name, basedir) => {
    if (name === wanted) guarded(exports);
    else if (basedir) {
      // A main module imported from ESM is not `require`d, but its own requires are (bunyan's
      // `require('../package.json')` runs after `module.exports = Logger`): patch it then.
      const mod = require.cache[join(basedir, relative)];
      if (mod?.exports) guarded(mod.exports);
    }
    return exports;
  });
}

function isInstalled(pkg: string): boolean {
  for (const require of appRequires()) {
    try {
      require.resolve(`${pkg}/package.json`);
      return true;
    } catch {
      // not from here
    }
  }
  return false;
}

function appRequire(): Require {
  return createRequire(join(process.cwd(), 'noop.js'));
}

/** Where the app's packages resolve from: the working directory and the main script's. */
function appRequires(): Require[] {
  const out = [appRequire()];
  const main = process.argv[1];
  if (main) out.push(createRequire(resolve(main)));
  return out;
}

const RITM_KEY = Symbol.for('otel-sentry.ritm.v1');

/** require-in-the-middle, from the app or from @opentelemetry/instrumentation's dependencies. */

function loadRitm(): RitmModule | undefined {
  const g = globalThis as { [RITM_KEY]?: RitmModule | null };
  if (g[RITM_KEY] !== undefined) return g[RITM_KEY] ?? undefined;
  let found: RitmModule | null = null;
  const places = appRequires().flatMap((require) => [
    () => require,
    () => createRequire(require.resolve('@opentelemetry/instrumentation')),
  ]);
  for (const from of places) {
    try {
      const mod = from()('require-in-the-middle') as Partial<RitmModule>;
      if (typeof mod.Hook === 'function') {
        found = mod as RitmModule;
        break;
      }
    } catch {
      // try the next place
    }
  }
  g[RITM_KEY] = found;
  return found ?? undefined;
}
