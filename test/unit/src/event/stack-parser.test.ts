import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStackFrames, STACK_FRAME_LIMIT } from '../../../../src/event/stack-parser.js';
import type { StackFrame } from '../../../../src/protocol/types.js';

const THIS_FILE = fileURLToPath(import.meta.url);
const CWD = process.cwd();

/** Parses a single frame line under a message line. */
function one(line: string): StackFrame | undefined {
  const frames = parseStackFrames(`Error: boom\n    at ${line}`);
  expect(frames.length).toBeLessThanOrEqual(1);
  return frames[0];
}

describe('parseStackFrames: line forms', () => {
  const cases: [string, string, StackFrame][] = [
    [
      'named function',
      'handler (/srv/app/lib/handler.js:10:5)',
      {
        function: 'handler',
        filename: '/srv/app/lib/handler.js',
        abs_path: '/srv/app/lib/handler.js',
        lineno: 10,
        colno: 5,
        module: 'handler',
        in_app: true,
      },
    ],
    [
      'no function name',
      '/srv/app/index.mjs:3:7',
      {
        function: '?',
        filename: '/srv/app/index.mjs',
        abs_path: '/srv/app/index.mjs',
        lineno: 3,
        colno: 7,
        module: 'index',
        in_app: true,
      },
    ],
    [
      'async frame',
      'async fetchUser (/srv/app/users.ts:42:11)',
      {
        function: 'fetchUser',
        filename: '/srv/app/users.ts',
        abs_path: '/srv/app/users.ts',
        lineno: 42,
        colno: 11,
        module: 'users',
        in_app: true,
      },
    ],
    [
      'constructor call',
      'new Repository (/srv/app/repo.cjs:1:2)',
      {
        function: 'new Repository',
        filename: '/srv/app/repo.cjs',
        abs_path: '/srv/app/repo.cjs',
        lineno: 1,
        colno: 2,
        module: 'repo',
        in_app: true,
      },
    ],
    [
      'method alias',
      'Foo.bar [as baz] (/srv/app/foo.js:8:9)',
      {
        function: 'Foo.bar [as baz]',
        filename: '/srv/app/foo.js',
        abs_path: '/srv/app/foo.js',
        lineno: 8,
        colno: 9,
        module: 'foo',
        in_app: true,
      },
    ],
    [
      'anonymous method',
      'Object.<anonymous> (/srv/app/main.js:1:1)',
      {
        function: 'Object.?',
        filename: '/srv/app/main.js',
        abs_path: '/srv/app/main.js',
        lineno: 1,
        colno: 1,
        module: 'main',
        in_app: true,
      },
    ],
    [
      'anonymous location',
      'Array.map (<anonymous>)',
      { function: 'Array.map', filename: '<anonymous>', in_app: false },
    ],
    ['native', 'Array.forEach (native)', { function: 'Array.forEach', filename: 'native', in_app: false }],
    [
      'Promise.all index',
      'async Promise.all (index 0)',
      { function: 'Promise.all', filename: 'index 0', in_app: false },
    ],
    [
      'node internal',
      'process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      {
        function: 'process.processTicksAndRejections',
        filename: 'node:internal/process/task_queues',
        abs_path: 'node:internal/process/task_queues',
        lineno: 95,
        colno: 5,
        module: 'task_queues',
        in_app: false,
      },
    ],
    [
      'node builtin without internal/',
      'node:events:517:28',
      {
        function: '?',
        filename: 'node:events',
        abs_path: 'node:events',
        lineno: 517,
        colno: 28,
        module: 'events',
        in_app: false,
      },
    ],
    [
      'node_modules package',
      'Layer.handle (/srv/app/node_modules/express/lib/router/layer.js:95:5)',
      {
        function: 'Layer.handle',
        filename: '/srv/app/node_modules/express/lib/router/layer.js',
        abs_path: '/srv/app/node_modules/express/lib/router/layer.js',
        lineno: 95,
        colno: 5,
        module: 'express.lib.router:layer',
        in_app: false,
      },
    ],
    [
      'scoped package, nested node_modules',
      'x (/a/node_modules/b/node_modules/@scope/pkg/dist/index.cjs:1:1)',
      {
        function: 'x',
        filename: '/a/node_modules/b/node_modules/@scope/pkg/dist/index.cjs',
        abs_path: '/a/node_modules/b/node_modules/@scope/pkg/dist/index.cjs',
        lineno: 1,
        colno: 1,
        module: '@scope.pkg.dist:index',
        in_app: false,
      },
    ],
    [
      'file URL, percent-encoded',
      'load (file:///srv/my%20app/esm%C3%A9.mjs:4:2)',
      {
        function: 'load',
        filename: '/srv/my app/esmé.mjs',
        abs_path: '/srv/my app/esmé.mjs',
        lineno: 4,
        colno: 2,
        module: 'esmé',
        in_app: true,
      },
    ],
    [
      'file URL, bad escape kept raw',
      'file:///srv/100%.mjs:1:1',
      {
        function: '?',
        filename: '/srv/100%.mjs',
        abs_path: '/srv/100%.mjs',
        lineno: 1,
        colno: 1,
        module: '100%',
        in_app: true,
      },
    ],
    [
      'Windows path with parentheses',
      'Object.run (C:\\Program Files (x86)\\app\\src\\run.js:12:3)',
      {
        function: 'Object.run',
        filename: 'C:\\Program Files (x86)\\app\\src\\run.js',
        abs_path: 'C:\\Program Files (x86)\\app\\src\\run.js',
        lineno: 12,
        colno: 3,
        module: 'run',
        in_app: true,
      },
    ],
    [
      'Windows file URL in node_modules',
      'file:///C:/app/node_modules/lib/x.mjs:1:2',
      {
        function: '?',
        filename: 'C:/app/node_modules/lib/x.mjs',
        abs_path: 'C:/app/node_modules/lib/x.mjs',
        lineno: 1,
        colno: 2,
        module: 'lib:x',
        in_app: false,
      },
    ],
    [
      'eval: points at the eval call site',
      'eval (eval at run (/srv/app/dyn.js:3:9), <anonymous>:1:7)',
      {
        function: 'eval',
        filename: '/srv/app/dyn.js',
        abs_path: '/srv/app/dyn.js',
        lineno: 3,
        colno: 9,
        module: 'dyn',
        in_app: true,
      },
    ],
    [
      'nested eval',
      'inner (eval at outer (eval at run (/srv/app/dyn.js:3:9), <anonymous>:1:1), <anonymous>:2:2)',
      {
        function: 'inner',
        filename: '/srv/app/dyn.js',
        abs_path: '/srv/app/dyn.js',
        lineno: 3,
        colno: 9,
        module: 'dyn',
        in_app: true,
      },
    ],
    [
      'data URL without function',
      'data:text/javascript,throw new Error("x (unbalanced"):1:7',
      { function: '?', filename: '<data:text/javascript>', lineno: 1, colno: 7, in_app: false },
    ],
    [
      'data URL with function',
      'boom (data:text/javascript;base64,Zm9v:1:30)',
      { function: 'boom', filename: '<data:text/javascript>', lineno: 1, colno: 30, in_app: false },
    ],
    [
      'relative path is not in-app',
      'x (internal/modules/cjs/loader.js:1:1)',
      {
        function: 'x',
        filename: 'internal/modules/cjs/loader.js',
        abs_path: 'internal/modules/cjs/loader.js',
        lineno: 1,
        colno: 1,
        module: 'loader',
        in_app: false,
      },
    ],
    [
      'path under cwd gets a dotted module',
      `list (${CWD}/src/routes/users.js:7:1)`,
      {
        function: 'list',
        filename: `${CWD}/src/routes/users.js`,
        abs_path: `${CWD}/src/routes/users.js`,
        lineno: 7,
        colno: 1,
        module: 'src.routes:users',
        in_app: true,
      },
    ],
    [
      'file directly under cwd',
      `${CWD}/server.ts:1:1`,
      {
        function: '?',
        filename: `${CWD}/server.ts`,
        abs_path: `${CWD}/server.ts`,
        lineno: 1,
        colno: 1,
        module: 'server',
        in_app: true,
      },
    ],
  ];

  it.each(cases)('%s', (_name, line, expected) => {
    expect(one(line)).toEqual(expected);
  });
});

describe('parseStackFrames: whole stacks', () => {
  const limit = Error.stackTraceLimit;
  afterEach(() => {
    Error.stackTraceLimit = limit;
  });

  it('orders a real stack oldest first, throwing frame last', () => {
    function thrower(): never {
      throw new TypeError('bad');
    }
    function caller(): never {
      return thrower();
    }
    let stack = '';
    try {
      caller();
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    const frames = parseStackFrames(stack);
    const last = frames.at(-1);
    expect(last).toMatchObject({
      function: 'thrower',
      filename: THIS_FILE,
      abs_path: THIS_FILE,
      in_app: true,
    });
    expect(frames.at(-2)?.function).toBe('caller');
    expect(last?.module).toBe('test.unit.src.event:stack-parser.test');
    expect(typeof last?.lineno).toBe('number');
    expect(typeof last?.colno).toBe('number');
  });

  it('keeps `at async` frames of awaited calls', async () => {
    async function leaf(): Promise<never> {
      await new Promise((resolve) => setImmediate(resolve));
      throw new Error('late');
    }
    async function middle(): Promise<void> {
      await leaf();
    }
    // Vitest's source-map stack formatter drops the `async` marker; read V8's own text, as production does.
    const prepare = Error.prepareStackTrace;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    // V8 formats `stack` on first read, so read it before restoring the formatter.
    const stack = await middle()
      .catch((e: unknown) => (e as Error).stack)
      .finally(() => {
        Error.prepareStackTrace = prepare;
      });
    expect(stack).toContain('at async middle');
    const names = parseStackFrames(stack).map((f) => f.function);
    expect(names.slice(-2)).toEqual(['middle', 'leaf']);
  });

  it('skips message lines, even multi-line ones that look like frames', () => {
    const stack = [
      'Error: first line',
      'at fake (/not/a/frame.js:1:1)',
      'second line of the message',
      '    at real (/srv/app/real.js:2:3)',
    ].join('\n');
    expect(parseStackFrames(stack).map((f) => f.function)).toEqual(['real']);
  });

  it('honours skipFirstLines and CRLF line ends', () => {
    const stack = 'Error: x\r\n    at a (/a.js:1:1)\r\n    at b (/b.js:2:2)\r\n';
    expect(parseStackFrames(stack).map((f) => f.function)).toEqual(['b', 'a']);
    expect(parseStackFrames(stack, { skipFirstLines: 2 }).map((f) => f.function)).toEqual(['b']);
    expect(parseStackFrames(stack, { skipFirstLines: 99 })).toEqual([]);
  });

  it(`keeps the ${STACK_FRAME_LIMIT} frames nearest the throw`, () => {
    Error.stackTraceLimit = 200;
    function recurse(n: number): Error {
      return n === 0 ? new Error('deep') : recurse(n - 1);
    }
    const frames = parseStackFrames(recurse(120).stack);
    expect(frames).toHaveLength(STACK_FRAME_LIMIT);
    expect(frames.every((f) => f.function === 'recurse')).toBe(true);
    const lines = Array.from({ length: 80 }, (_, i) => `    at f${i} (/app/f.js:${i + 1}:1)`);
    const synthetic = parseStackFrames(`Error: x\n${lines.join('\n')}`);
    expect(synthetic[0]?.function).toBe(`f${STACK_FRAME_LIMIT - 1}`);
    expect(synthetic.at(-1)?.function).toBe('f0');
  });

  it('ignores lines longer than 1024 characters', () => {
    const long = `    at x (/${'a'.repeat(1100)}.js:1:1)`;
    const frames = parseStackFrames(`Error: x\n${long}\n    at ok (/ok.js:1:1)`);
    expect(frames.map((f) => f.function)).toEqual(['ok']);
  });
});

describe('parseStackFrames: hostile input', () => {
  it.each([undefined, null, 42, {}, [], Symbol('s'), 10n, () => 'x', ''])('returns [] for %s', (input) => {
    expect(parseStackFrames(input)).toEqual([]);
  });

  it('parses a 10 MB message quickly', () => {
    const stack = `Error: ${'x'.repeat(10_000_000)}\n${'y\n'.repeat(100_000)}    at f (/a.js:1:1)`;
    const start = performance.now();
    expect(parseStackFrames(stack)).toHaveLength(1);
    expect(performance.now() - start).toBeLessThan(500);
  });

  it('stays linear on pathological lines', () => {
    const lines = [
      `    at ${'('.repeat(1000)}`,
      `    at ${')'.repeat(1000)}`,
      `    at ${':1'.repeat(500)}`,
      `    at eval at ${'(eval at '.repeat(100)}`,
      `    at ${'async '.repeat(150)}`,
      `    at data:${','.repeat(1000)}`,
      '    at ',
      '    at (',
      '    at x ()',
      '    at :::',
    ];
    const start = performance.now();
    const frames = parseStackFrames(`Error\n${lines.join('\n')}`);
    expect(performance.now() - start).toBeLessThan(100);
    expect(() => JSON.stringify(frames)).not.toThrow();
  });

  it('never throws on random input', () => {
    const alphabet = ' at()[]:/\\.<>\n0123456789async new eval file:// data: node:';
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let n = 0; n < 2000; n++) {
      let text = '    at ';
      const len = Math.floor(random() * 80);
      for (let i = 0; i < len; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const frames = parseStackFrames(text);
      for (const frame of frames) expect(typeof frame.function).toBe('string');
    }
  });

  it('survives a deleted working directory', () => {
    const cwd = process.cwd;
    process.cwd = () => {
      throw new Error('ENOENT');
    };
    try {
      expect(one('f (/srv/app/a.js:1:1)')?.module).toBe('a');
    } finally {
      process.cwd = cwd;
    }
  });
});
