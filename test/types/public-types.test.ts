// The public types are close enough to @sentry/node's that its users' typed code compiles unchanged:
// a fixture written as a @sentry/node user writes it is typechecked against otel-sentry (its
// 'otel-sentry' import mapped to src/) and, to prove the fixture is @sentry/node code, against
// @sentry/node 10's own types.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const ts = require('typescript') as typeof import('typescript');

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(here, '../..');
const FIXTURE = join(here, 'fixtures/sentry-node-user.ts');

/** Type errors of the fixture with 'otel-sentry' resolved to `target`. */
function typeErrors(target: string): string[] {
  const options: import('typescript').CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    lib: ['lib.es2022.d.ts'],
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: ['node'],
    typeRoots: [join(ROOT, 'node_modules/@types')],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    baseUrl: ROOT,
    paths: { 'otel-sentry': [target] },
  };
  const program = ts.createProgram([FIXTURE], options);
  return ts
    .getPreEmitDiagnostics(program)
    .map(
      (d) =>
        `${d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
}

describe("public types: a @sentry/node user's typed code", () => {
  const dir = mkdtempSync(join(tmpdir(), 'otel-sentry-types-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles unchanged against otel-sentry', () => {
    expect(typeErrors(join(ROOT, 'src/index.ts'))).toEqual([]);
  }, 60_000);

  it('is @sentry/node code: it compiles against @sentry/node 10 too', () => {
    // @sentry/node exports most of these types; Integration-like objects and the rest come from its core.
    const node = dirname(require.resolve('sentry-node-10/package.json'));
    const shim = join(dir, 'sentry-node.d.ts');
    writeFileSync(shim, `export * from ${JSON.stringify(join(node, 'build/types/index.js'))};\n`);
    expect(typeErrors(shim)).toEqual([]);
  }, 60_000);
});
