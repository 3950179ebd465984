import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { PACKAGE_NAME, SDK_VERSION } from '../../src/version.js';

it('src/version.ts matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  expect(SDK_VERSION).toBe(pkg.version);
  expect(PACKAGE_NAME).toBe(pkg.name);
});
