// Dual build: tsc emits ESM and CJS trees side by side; each tree gets a package.json
// that tells Node (and TypeScript) which module system its .js/.d.ts files use.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('build', { recursive: true, force: true });
for (const [config, type] of [
  ['tsconfig.build.json', 'module'],
  ['tsconfig.cjs.json', 'commonjs'],
]) {
  execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  const dir = type === 'module' ? 'build/esm' : 'build/cjs';
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/package.json`, `${JSON.stringify({ type }, null, 2)}\n`);
}
