import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import {
  _clearContextLinesCache,
  _readCount,
  addContextLines,
  addContextLinesToEvent,
  snipLine,
} from '../../../../src/event/context-lines.js';
import type { Event, StackFrame } from '../../../../src/protocol/types.js';

const dir = mkdtempSync(join(tmpdir(), 'otel-sentry-context-lines-'));
let fileIndex = 0;

/** Writes a fresh file (unique name, so caches never see it before) with `count` lines `line N`. */
function sourceFile(count: number, eol = '\n'): string {
  const file = join(dir, `source-${fileIndex++}.js`);
  writeFileSync(file, Array.from({ length: count }, (_, i) => `line ${i + 1}`).join(eol) + eol);
  return file;
}

const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `line ${from + i}`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => _clearContextLinesCache());

describe('addContextLines', () => {
  it('fills 7 lines before and after the frame line by default, as @sentry/node', async () => {
    const frame: StackFrame = { filename: sourceFile(30), lineno: 15, colno: 3, in_app: true };
    await addContextLines([frame]);
    expect(frame.pre_context).toEqual(range(8, 14));
    expect(frame.context_line).toBe('line 15');
    expect(frame.post_context).toEqual(range(16, 22));
  });

  it('truncates the windows at the start and end of the file', async () => {
    const file = sourceFile(30);
    const first: StackFrame = { filename: file, lineno: 1 };
    const second: StackFrame = { filename: file, lineno: 2 };
    const beforeLast: StackFrame = { filename: file, lineno: 29 };
    const last: StackFrame = { filename: file, lineno: 30 };
    await addContextLines([first, second, beforeLast, last], 5);
    expect(first).toMatchObject({ pre_context: [], context_line: 'line 1', post_context: range(2, 6) });
    expect(second).toMatchObject({
      pre_context: ['line 1'],
      context_line: 'line 2',
      post_context: range(3, 7),
    });
    expect(beforeLast).toMatchObject({ pre_context: range(24, 28), post_context: ['line 30'] });
    expect(last).toMatchObject({ pre_context: range(25, 29), context_line: 'line 30', post_context: [] });
  });

  it('honours a custom number of lines and handles CRLF files', async () => {
    const frame: StackFrame = { filename: sourceFile(20, '\r\n'), lineno: 10 };
    await addContextLines([frame], 2);
    expect(frame).toMatchObject({ pre_context: ['line 8', 'line 9'], context_line: 'line 10' });
    expect(frame.post_context).toEqual(['line 11', 'line 12']);
  });

  it('includes frames that are not in_app', async () => {
    const frame: StackFrame = { filename: sourceFile(3), lineno: 2, in_app: false };
    await addContextLines([frame]);
    expect(frame.context_line).toBe('line 2');
  });

  it('snips long lines around the column', async () => {
    const file = join(dir, `long-${fileIndex++}.js`);
    const long = Array.from({ length: 400 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    writeFileSync(file, `short\n${long}\nshort\n`);
    const frame: StackFrame = { filename: file, lineno: 2, colno: 201 };
    await addContextLines([frame]);
    expect(frame.context_line).toBe(`{snip} ${long.slice(130, 270)} {snip}`);
    expect(frame.pre_context).toEqual(['short']);
  });

  it('reads nothing for skipped frames and leaves them untouched', async () => {
    const min = join(dir, `bundle-${fileIndex++}.min.js`);
    writeFileSync(min, 'a\nb\n');
    const real = sourceFile(20_000);
    const frames: StackFrame[] = [
      { filename: 'node:internal/process/task_queues', lineno: 95, colno: 5 },
      { filename: 'data:text/javascript,throw 1', lineno: 1 },
      { filename: 'native', lineno: 1 },
      { filename: 'relative/file.js', lineno: 1 },
      { filename: min, lineno: 1 },
      { filename: real, lineno: 10_001 },
      { filename: real, lineno: 5, colno: 1001 },
      { filename: real },
    ];
    const before = structuredClone(frames);
    await addContextLines(frames);
    expect(frames).toEqual(before);
    expect(_readCount.value).toBe(0);
  });

  it('keeps context that is already present', async () => {
    const frame: StackFrame = { filename: sourceFile(10), lineno: 5, context_line: 'from source map' };
    await addContextLines([frame]);
    expect(frame).toEqual({ filename: frame.filename, lineno: 5, context_line: 'from source map' });
  });

  it('leaves frames untouched for missing files, directories, binaries and lines past EOF', async () => {
    const binary = join(dir, `binary-${fileIndex++}.js`);
    writeFileSync(binary, Buffer.from([0x61, 0x0a, 0x00, 0x01, 0x02, 0x0a, 0x62, 0x0a]));
    const subdir = join(dir, `dir-${fileIndex++}.js`);
    mkdirSync(subdir);
    const frames: StackFrame[] = [
      { filename: join(dir, 'does-not-exist.js'), lineno: 1 },
      { filename: subdir, lineno: 1 },
      { filename: binary, lineno: 1 },
      { filename: sourceFile(3), lineno: 7 },
    ];
    const before = structuredClone(frames);
    await expect(addContextLines(frames)).resolves.toBeUndefined();
    expect(frames).toEqual(before);
  });

  it('stops reading once the last needed line is read', async () => {
    // The NUL byte on line 21 would make the file unreadable, but a read for line 5 never gets there.
    const file = join(dir, `tail-${fileIndex++}.js`);
    writeFileSync(file, `${range(1, 20).join('\n')}\nbinary\u0000tail\n`);
    const early: StackFrame = { filename: file, lineno: 5 };
    await addContextLines([early], 5);
    expect(early.post_context).toEqual(range(6, 10));
    const late: StackFrame = { filename: file, lineno: 18 };
    await addContextLines([late], 5);
    expect(late.context_line).toBeUndefined();
  });

  it('gives up on files without a newline in the first megabytes', async () => {
    const file = join(dir, `huge-${fileIndex++}.js`);
    writeFileSync(file, 'x'.repeat(5 * 1024 * 1024));
    const frame: StackFrame = { filename: file, lineno: 1, colno: 1 };
    await addContextLines([frame], 5);
    expect(frame.context_line).toBeUndefined();
  });

  it('caches unreadable files', async () => {
    const frame: StackFrame = { filename: join(dir, 'missing-again.js'), lineno: 1 };
    await addContextLines([frame], 5);
    await addContextLines([frame], 5);
    expect(_readCount.value).toBe(1);
    expect(frame.context_line).toBeUndefined();
  });

  it('serves a repeated request from the cache', async () => {
    const file = sourceFile(50);
    await addContextLines([{ filename: file, lineno: 10 }], 5);
    expect(_readCount.value).toBe(1);
    const again: StackFrame = { filename: file, lineno: 10 };
    await addContextLines([again], 5);
    expect(_readCount.value).toBe(1);
    expect(again.context_line).toBe('line 10');
    // Lines not read yet need one more read, then they are cached too.
    const further: StackFrame = { filename: file, lineno: 40 };
    await addContextLines([further], 5);
    await addContextLines([{ filename: file, lineno: 40 }], 5);
    expect(_readCount.value).toBe(2);
    expect(further.post_context).toEqual(range(41, 45));
  });

  it('shares one read between concurrent requests for the same file', async () => {
    const file = sourceFile(30);
    const a: StackFrame = { filename: file, lineno: 10 };
    const b: StackFrame = { filename: file, lineno: 12 };
    await Promise.all([addContextLines([a], 5), addContextLines([b], 5)]);
    expect(_readCount.value).toBe(1);
    expect(a.context_line).toBe('line 10');
    expect(b.context_line).toBe('line 12');
    expect(b.post_context).toEqual(range(13, 17));
  });

  it('evicts the least recently used file past 20 files', async () => {
    const files = Array.from({ length: 21 }, () => sourceFile(5));
    for (const file of files) await addContextLines([{ filename: file, lineno: 1 }]);
    expect(_readCount.value).toBe(21);
    await addContextLines([{ filename: files[20] ?? '', lineno: 1 }]);
    expect(_readCount.value).toBe(21);
    await addContextLines([{ filename: files[0] ?? '', lineno: 1 }]);
    expect(_readCount.value).toBe(22);
  });

  it('never rejects on malformed input', async () => {
    await expect(addContextLines([null as unknown as StackFrame])).resolves.toBeUndefined();
    await expect(addContextLines(undefined as unknown as StackFrame[])).resolves.toBeUndefined();
  });
});

describe('addContextLinesToEvent', () => {
  it('fills the frames of every exception value', async () => {
    const file = sourceFile(12);
    const event: Event = {
      exception: {
        values: [
          { type: 'TypeError', stacktrace: { frames: [{ filename: file, lineno: 3 }] } },
          { type: 'Error' },
          { type: 'Error', stacktrace: { frames: [{ filename: file, lineno: 9 }] } },
        ],
      },
    };
    await addContextLinesToEvent(event);
    expect(event.exception?.values[0]?.stacktrace?.frames[0]?.context_line).toBe('line 3');
    expect(event.exception?.values[2]?.stacktrace?.frames[0]?.post_context).toEqual(range(10, 12));
    expect(_readCount.value).toBe(1);
  });

  it('resolves for events without exceptions', async () => {
    await expect(addContextLinesToEvent({})).resolves.toBeUndefined();
  });
});

describe('snipLine', () => {
  const line = 'x'.repeat(100) + 'y'.repeat(100);

  it('keeps lines up to 150 characters', () => {
    expect(snipLine('a'.repeat(150), 140)).toBe('a'.repeat(150));
  });

  it('marks only the cut ends', () => {
    expect(snipLine(line, 1)).toBe(`${line.slice(0, 140)} {snip}`);
    expect(snipLine(line, 200)).toBe(`{snip} ${line.slice(60)}`);
    expect(snipLine(line, 101)).toBe(`{snip} ${line.slice(30, 170)} {snip}`);
  });
});
