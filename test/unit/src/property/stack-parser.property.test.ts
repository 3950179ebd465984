// Property tests of the stack parser: every V8 frame format round-trips its fields, and no input
// makes it throw or return a malformed frame.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseStackFrames, STACK_FRAME_LIMIT } from '../../../../src/event/stack-parser.js';

const segment = fc.stringMatching(/^[A-Za-z0-9_.@-]{1,12}$/).filter((s) => s !== '.' && s !== '..');
/** A path with spaces and nested parentheses allowed, as in `Program Files (x86)`. */
const spacedSegment = fc.oneof(segment, fc.constant('Program Files (x86)'), fc.constant('my app'));
const ext = fc.constantFrom('.js', '.mjs', '.cjs', '.ts');
const posixPath = fc
  .tuple(fc.array(spacedSegment, { minLength: 1, maxLength: 4 }), segment, ext)
  .map(([dirs, name, e]) => `/${dirs.join('/')}/${name}${e}`);
const windowsPath = fc
  .tuple(fc.constantFrom('C', 'D'), fc.array(segment, { minLength: 1, maxLength: 3 }), segment, ext)
  .map(([drive, dirs, name, e]) => `${drive}:\\${dirs.join('\\')}\\${name}${e}`);
const nodePath = segment.map((s) => `node:internal/${s}`);
const path = fc.oneof(posixPath, windowsPath, nodePath);
const identifier = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,15}$/);
const fnName = fc.oneof(
  identifier,
  fc.tuple(identifier, identifier).map(([a, b]) => `${a}.${b}`),
  identifier.map((a) => `new ${a}`),
  identifier.map((a) => `Object.<anonymous>.${a}`),
);
const position = fc.integer({ min: 1, max: 999_999 });

interface Spec {
  line: string;
  function: string;
  filename: string;
  lineno: number;
  colno: number;
}

/** One `    at …` line in one of V8's shapes, with the fields the parser must recover. */
const frameLine: fc.Arbitrary<Spec> = fc
  .tuple(
    fc.constantFrom('named', 'anonymous', 'async', 'alias', 'eval', 'file-url'),
    fnName,
    identifier,
    path,
    position,
    position,
  )
  .map(([shape, fn, alias, file, lineno, colno]) => {
    const loc = `${file}:${lineno}:${colno}`;
    switch (shape) {
      case 'named':
        return { line: `    at ${fn} (${loc})`, function: fn, filename: file, lineno, colno };
      case 'anonymous':
        return { line: `    at ${loc}`, function: '?', filename: file, lineno, colno };
      case 'async':
        return { line: `    at async ${fn} (${loc})`, function: fn, filename: file, lineno, colno };
      case 'alias':
        return {
          line: `    at ${fn} [as ${alias}] (${loc})`,
          function: `${fn} [as ${alias}]`,
          filename: file,
          lineno,
          colno,
        };
      case 'eval':
        // The innermost eval call site stands for the frame: a real file.
        return {
          line: `    at eval (eval at ${fn} (${loc}), <anonymous>:1:7)`,
          function: 'eval',
          filename: file,
          lineno,
          colno,
        };
      default: {
        // file:// URLs only for POSIX paths here: they come back as the path.
        const posix = file.startsWith('/') ? file : `/srv/${alias}.mjs`;
        return {
          line: `    at ${fn} (file://${posix}:${lineno}:${colno})`,
          function: fn,
          filename: posix,
          lineno,
          colno,
        };
      }
    }
  });

describe('stack parser properties', () => {
  test('every V8 frame format round-trips function, file, line and column', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        fc.array(frameLine, { minLength: 1, maxLength: 60 }),
        (msg, specs) => {
          const message = `Error: ${msg.replace(/\n/g, ' ')}`;
          const stack = [message, ...specs.map((s) => s.line)].join('\n');
          const frames = parseStackFrames(stack);
          const expected = specs.slice(0, STACK_FRAME_LIMIT).reverse();
          expect(frames).toHaveLength(expected.length);
          frames.forEach((frame, i) => {
            const spec = expected[i] as Spec;
            expect({
              function: frame.function,
              filename: frame.filename,
              lineno: frame.lineno,
              colno: frame.colno,
            }).toEqual({
              function: spec.function,
              filename: spec.filename,
              lineno: spec.lineno,
              colno: spec.colno,
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  test('any input: no throw, at most the frame limit, every frame well-formed', () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 2000 }),
      fc
        .array(
          fc.oneof(
            fc.string({ maxLength: 80 }),
            frameLine.map((s) => s.line),
          ),
          { maxLength: 80 },
        )
        .map((l) => l.join('\n')),
      fc.string({ unit: 'binary', maxLength: 500 }).map((s) => `Error\n    at ${s}`),
      fc.anything(),
    );
    fc.assert(
      fc.property(hostile, fc.option(fc.integer({ min: -5, max: 100 })), (stack, skip) => {
        const frames = parseStackFrames(stack, skip === null ? undefined : { skipFirstLines: skip });
        expect(Array.isArray(frames)).toBe(true);
        expect(frames.length).toBeLessThanOrEqual(STACK_FRAME_LIMIT);
        for (const f of frames) {
          expect(typeof f.filename).toBe('string');
          expect(typeof f.function).toBe('string');
          if (f.lineno !== undefined) expect(Number.isInteger(f.lineno) && f.lineno >= 0).toBe(true);
          if (f.colno !== undefined) expect(Number.isInteger(f.colno) && f.colno >= 0).toBe(true);
          expect(() => JSON.stringify(f)).not.toThrow();
        }
      }),
      { numRuns: 500 },
    );
  });
});
