// Installed packages for `event.modules`: the app's declared dependencies plus every package
// loaded through require(). Files are read async into a cache; capture only copies the cache.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { isPlainObject } from '../utils/is.js';
import { swallow } from '../utils/safe.js';

const REFRESH_MS = 60_000;
const NODE_MODULES = /[\\/]node_modules[\\/]/g;

interface PackageInfo {
  name: string;
  version: string;
}

let modules: Record<string, string> = {};
let lastLoad: number | undefined;
let loading: Promise<void> | undefined;
// package.json of loaded packages, read once per directory for the life of the process.
const packageByDir = new Map<string, Promise<PackageInfo | undefined>>();

/**
 * A copy of the cached modules (empty until the first load finished) with `extra` over them;
 * starts a refresh when older than a minute.
 */
export function getModules(extra?: Record<string, string>): Record<string, string> {
  try {
    if (loading === undefined && (lastLoad === undefined || Date.now() - lastLoad >= REFRESH_MS)) {
      swallow('loading modules', loadModules());
    }
    // A spread clones the cache's map in one step (~10x cheaper than adding ~60 keys one by one);
    // with keys to add, not a spread: see copyRecord in utils/is.ts.
    return extra ? Object.assign({}, modules, extra) : { ...modules };
  } catch {
    return {};
  }
}

/** Fills the modules cache. Concurrent calls share one load; never rejects. */
export function loadModules(): Promise<void> {
  loading ??= load()
    .then((result) => {
      modules = result;
    })
    .catch(() => {
      // Keep the previous cache; the next refresh retries.
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

async function load(): Promise<Record<string, string>> {
  lastLoad = Date.now();
  const [app, loaded] = await Promise.all([fromAppPackageJson(), fromRequireCache()]);
  // Installed versions beat what was actually require()d, which beats bare semver ranges.
  return { ...app.ranges, ...loaded, ...app.resolved };
}

async function fromAppPackageJson(): Promise<{
  resolved: Record<string, string>;
  ranges: Record<string, string>;
}> {
  const resolved: Record<string, string> = {};
  const ranges: Record<string, string> = {};
  const found = await findAppPackageJson();
  if (!found) return { resolved, ranges };
  const deps = { ...stringRecord(found.pkg.devDependencies), ...stringRecord(found.pkg.dependencies) };
  await Promise.all(
    Object.entries(deps).map(async ([name, range]) => {
      const installed = await readPackage(join(found.dir, 'node_modules', name));
      if (installed) resolved[name] = installed.version;
      else ranges[name] = range;
    }),
  );
  return { resolved, ranges };
}

/** The package.json nearest to the working directory, walking up. */
async function findAppPackageJson(): Promise<{ dir: string; pkg: Record<string, unknown> } | undefined> {
  let dir: string;
  try {
    dir = process.cwd();
  } catch {
    return undefined; // the working directory was deleted
  }
  for (;;) {
    try {
      const pkg: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
      return isPlainObject(pkg) ? { dir, pkg } : undefined;
    } catch {
      // No (valid) package.json here: try the parent.
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

async function fromRequireCache(): Promise<Record<string, string>> {
  const dirs = new Set<string>();
  for (const file of requireCacheKeys()) {
    const dir = packageDir(file);
    if (dir) dirs.add(dir);
  }
  const out: Record<string, string> = {};
  const infos = await Promise.all([...dirs].map(cachedPackage));
  for (const info of infos) if (info && !(info.name in out)) out[info.name] = info.version;
  return out;
}

function requireCacheKeys(): string[] {
  // The ESM build has no `require`; any createRequire() sees the same process-wide cache, so
  // the base path only has to be absolute (cwd() throws when the directory was deleted).
  for (const base of [() => join(process.cwd(), 'package.json'), () => process.execPath]) {
    try {
      return Object.keys(createRequire(base()).cache);
    } catch {
      // try the next base
    }
  }
  return [];
}

/** `/x/node_modules/@scope/pkg/lib/a.js` → `/x/node_modules/@scope/pkg` (the last node_modules wins). */
export function packageDir(file: string): string | undefined {
  let start = -1;
  for (const match of file.matchAll(NODE_MODULES)) start = match.index + match[0].length;
  if (start < 0) return undefined;
  const parts = file.slice(start).split(/[\\/]/);
  const first = parts[0];
  if (!first) return undefined;
  const scoped = first.startsWith('@');
  const nameLength = scoped ? first.length + 1 + (parts[1]?.length ?? 0) : first.length;
  // A file directly in node_modules (or a bare scope folder) is not a package.
  if (parts.length <= (scoped ? 2 : 1) || (scoped && !parts[1])) return undefined;
  return file.slice(0, start + nameLength);
}

function cachedPackage(dir: string): Promise<PackageInfo | undefined> {
  let info = packageByDir.get(dir);
  if (info === undefined) {
    info = readPackage(dir);
    packageByDir.set(dir, info);
  }
  return info;
}

async function readPackage(dir: string): Promise<PackageInfo | undefined> {
  try {
    const pkg: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    if (!isPlainObject(pkg) || typeof pkg.name !== 'string' || typeof pkg.version !== 'string')
      return undefined;
    return { name: pkg.name, version: pkg.version };
  } catch {
    return undefined;
  }
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isPlainObject(value)) for (const [k, v] of Object.entries(value)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** @internal exported for tests */
export function _resetModules(): void {
  modules = {};
  lastLoad = undefined;
  loading = undefined;
  packageByDir.clear();
}
