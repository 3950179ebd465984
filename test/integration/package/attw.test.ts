// The published types, as TypeScript users resolve them: @arethetypeswrong/cli packs the package and
// resolves every entry point (`.`, `/instrumentations`, `/exporters`, `/preload`, `/inbox`) under
// each module resolution mode, the older `node10` one included (typesVersions covers the subpaths).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
// The CLI's package exports no subpath: its bin is found next to its package.json.
const attw = createRequire(import.meta.url)
  .resolve('@arethetypeswrong/cli/package.json')
  .replace(/package\.json$/, 'dist/index.js');

interface Report {
  analysis: {
    entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName?: string } }> }>;
  };
  problems: unknown;
}

describe('are the types wrong', () => {
  it('finds no problem, and types for every entry point in every resolution mode', () => {
    const run = spawnSync(process.execPath, [attw, '--pack', '.', '--format', 'json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as Report;
    expect(Object.values(report.problems ?? {}).flat()).toEqual([]);
    const subpaths = Object.keys(report.analysis.entrypoints);
    expect(subpaths).toEqual(
      expect.arrayContaining(['.', './instrumentations', './exporters', './preload', './inbox']),
    );
    for (const [subpath, entry] of Object.entries(report.analysis.entrypoints)) {
      for (const mode of ['node10', 'node16-cjs', 'node16-esm', 'bundler']) {
        const file = entry.resolutions[mode]?.resolution?.fileName;
        expect(file, `${subpath} under ${mode}`).toMatch(/\.d\.(c|m)?ts$|package\.json$/);
      }
    }
  }, 150_000);
});
