import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { _resetModules, getModules, loadModules, packageDir } from '../../../../src/event/modules.js';

const app = mkdtempSync(join(tmpdir(), 'otel-sentry-modules-'));

function writeJson(file: string, value: unknown): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, JSON.stringify(value));
}

function installPackage(name: string, version: string): void {
  writeJson(join(app, 'node_modules', name, 'package.json'), { name, version, main: 'index.js' });
  writeFileSync(join(app, 'node_modules', name, 'index.js'), 'module.exports = 1;\n');
}

writeJson(join(app, 'package.json'), {
  name: 'the-app',
  dependencies: { foo: '^1.0.0', missing: '^2.0.0', overridden: '^0.1.0' },
  devDependencies: { devdep: '~3.0.0', foo: '^0.9.0' },
});
installPackage('foo', '1.2.3');
installPackage('devdep', '3.0.1');
// Loaded through require() but not declared by the app: only require.cache knows about it.
installPackage('@scope/loaded', '0.4.0');
mkdirSync(join(app, 'src', 'deep'), { recursive: true });
createRequire(join(app, 'package.json'))('@scope/loaded');

beforeEach(() => {
  _resetModules();
  // Started from a subdirectory: the nearest package.json is found by walking up.
  vi.spyOn(process, 'cwd').mockReturnValue(join(app, 'src', 'deep'));
});
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(app, { recursive: true, force: true }));

describe('modules', () => {
  it('is empty before the first load and never waits for it', async () => {
    expect(getModules()).toEqual({});
    await loadModules(); // joins the load that getModules() started
    expect(getModules()).toMatchObject({ foo: '1.2.3' });
  });

  it('resolves installed versions, keeps ranges for missing packages and adds loaded packages', async () => {
    await loadModules();
    const modules = getModules();
    expect(modules).toMatchObject({
      foo: '1.2.3',
      devdep: '3.0.1',
      missing: '^2.0.0',
      overridden: '^0.1.0',
      '@scope/loaded': '0.4.0',
    });
    expect(modules).not.toHaveProperty('the-app');
  });

  it('returns a copy of the cache', async () => {
    await loadModules();
    const modules = getModules();
    modules.foo = 'tampered';
    expect(getModules().foo).toBe('1.2.3');
  });

  it('refreshes at most once a minute', async () => {
    await loadModules();
    installPackage('overridden', '0.1.7');
    getModules();
    await loadModules(); // an explicit load does refresh
    expect(getModules().overridden).toBe('0.1.7');

    installPackage('missing', '2.5.0');
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 30_000);
    getModules();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(getModules().missing).toBe('^2.0.0');

    vi.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    getModules(); // stale: starts a background refresh
    await loadModules();
    expect(getModules().missing).toBe('2.5.0');
    rmSync(join(app, 'node_modules', 'missing'), { recursive: true });
    rmSync(join(app, 'node_modules', 'overridden'), { recursive: true });
  });

  it('never throws or rejects when the working directory is gone', async () => {
    vi.spyOn(process, 'cwd').mockImplementation(() => {
      throw new Error('ENOENT: uv_cwd');
    });
    expect(getModules()).toEqual({});
    await expect(loadModules()).resolves.toBeUndefined();
    expect(getModules()['@scope/loaded']).toBe('0.4.0');
    expect(getModules()).not.toHaveProperty('foo');
  });

  it('works without any package.json', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'otel-sentry-modules-empty-'));
    vi.spyOn(process, 'cwd').mockReturnValue(empty);
    await loadModules();
    // Only packages known from require.cache remain.
    expect(getModules()['@scope/loaded']).toBe('0.4.0');
    expect(getModules()).not.toHaveProperty('foo');
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('packageDir', () => {
  it.each([
    ['/app/node_modules/foo/lib/index.js', '/app/node_modules/foo'],
    ['/app/node_modules/@scope/pkg/dist/a.js', '/app/node_modules/@scope/pkg'],
    ['/app/node_modules/a/node_modules/b/index.js', '/app/node_modules/a/node_modules/b'],
    ['C:\\app\\node_modules\\@s\\p\\index.js', 'C:\\app\\node_modules\\@s\\p'],
    ['/app/node_modules/file.js', undefined],
    ['/app/node_modules/@scope/file.js', undefined],
    ['/app/src/index.js', undefined],
  ])('%s → %s', (file, expected) => {
    expect(packageDir(file)).toBe(expected);
  });
});
