// Scripts under test import the BUILT package by its name, `otel-sentry` (and its `exporters`,
// `instrumentations` and `preload` subpaths): self-reference through the repo's package.json
// `exports`, after `npm run build`. They run in place, with the repo's node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

let checked = false;

function check(): void {
  if (checked) return;
  if (!existsSync(join(REPO, 'build/esm/src/index.js'))) throw new Error('run `npm run build` first');
  const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  for (const entry of ['./exporters', './instrumentations', './preload']) {
    if (!pkg.exports?.[entry]) throw new Error(`package.json has no "exports" entry for ${entry}`);
  }
  checked = true;
}

/** `file` (absolute, inside the repo), once the built package can be imported by name. */
export function runnable(file: string): string {
  check();
  return file;
}

/** The folder a script runs from, for `cwd`. */
export function runDir(file: string): string {
  return dirname(runnable(file));
}
