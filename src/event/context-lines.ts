// Source context for stack frames (pre_context / context_line / post_context). All reads are
// async and stop at the last needed line, so adding context never blocks the event loop, and
// results are cached because the same few files appear in most events.
import { createReadStream, type ReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Event, StackFrame } from '../protocol/types.js';
import { debug } from '../utils/debug.js';

const DEFAULT_LINES = 7; // as @sentry/node
const MAX_LINES = 50;
const MAX_LINENO = 10_000;
const MAX_COLNO = 1000;
// Stop reading a file after this many bytes: bounds memory for huge or newline-free files.
const MAX_BYTES_READ = 4 * 1024 * 1024;
// Snipping only ever shows a window around colno <= MAX_COLNO, so longer tails are useless.
const MAX_STORED_LINE = MAX_COLNO + 200;
const MAX_CACHED_LINES_PER_FILE = 1000;
const SNIP_THRESHOLD = 150;
const SNIP_WINDOW = 140;
const SKIPPED_FILE = /^(?:node|data):|\.min\.[cm]?js$/;

interface FrameContext {
  pre: string[];
  line: string;
  post: string[];
}

interface FileLines {
  lines: Map<number, string>;
  /** Context already built, by appliedKey(); null when the lines cannot be shown. */
  applied?: Map<number, FrameContext | null>;
  /** Number of lines in the file, once a read reached EOF. */
  total?: number;
}

/**
 * A Map that drops its least recently used entry past `max`. A read stamps the entry instead of
 * moving it (a Map delete and set per frame of every event); the scan for the oldest runs only
 * when an entry is added to a full map.
 */
class Lru<V> {
  private readonly _map = new Map<string, { value: V; used: number }>();
  private _clock = 0;
  constructor(private readonly _max: number) {}
  get(key: string): V | undefined {
    const entry = this._map.get(key);
    if (entry === undefined) return undefined;
    entry.used = ++this._clock;
    return entry.value;
  }
  set(key: string, value: V): void {
    const entry = this._map.get(key);
    if (entry !== undefined) {
      entry.value = value;
      entry.used = ++this._clock;
      return;
    }
    if (this._map.size >= this._max) {
      let oldest: string | undefined;
      let oldestUse = Number.POSITIVE_INFINITY;
      for (const [k, e] of this._map) {
        if (e.used < oldestUse) {
          oldest = k;
          oldestUse = e.used;
        }
      }
      if (oldest !== undefined) this._map.delete(oldest);
    }
    this._map.set(key, { value, used: ++this._clock });
  }
  clear(): void {
    this._map.clear();
  }
}

const fileCache = new Lru<FileLines>(20);
const failedCache = new Lru<true>(50);

/** One in-flight read. Requests arriving later add lines it has not streamed past yet. */
interface PendingRead {
  wanted: Set<number>;
  last: number;
  /** Lines streamed so far; Infinity once the read is over. */
  seen: number;
  done: Promise<FileLines | undefined>;
}
const inflight = new Map<string, PendingRead>();

/** @internal exported for tests: number of file reads attempted so far. */
export const _readCount = { value: 0 };

/** @internal exported for tests */
export function _clearContextLinesCache(): void {
  fileCache.clear();
  failedCache.clear();
  _readCount.value = 0;
}

/** Fills source context on frames whose file is readable. Never rejects; frames it cannot read stay untouched. */
export async function addContextLines(frames: StackFrame[], lines = DEFAULT_LINES): Promise<void> {
  try {
    const n = Math.min(Math.floor(lines), MAX_LINES);
    if (!(n > 0) || !Array.isArray(frames)) return;
    const byFile = new Map<string, StackFrame[]>();
    for (const frame of frames) {
      if (!wantsContext(frame) || frame.filename === undefined) continue;
      const list = byFile.get(frame.filename);
      if (list) list.push(frame);
      else byFile.set(frame.filename, [frame]);
    }
    await Promise.all([...byFile].map(([file, fileFrames]) => fillFile(file, fileFrames, n)));
  } catch (err) {
    debug.error('adding context lines failed:', err);
  }
}

/** Adds context lines to every frame of every exception in the event. Never rejects. */
export async function addContextLinesToEvent(event: Event, lines = DEFAULT_LINES): Promise<void> {
  try {
    const frames: StackFrame[] = [];
    for (const value of event.exception?.values ?? []) {
      const list = value.stacktrace?.frames;
      if (Array.isArray(list)) frames.push(...list);
    }
    if (frames.length > 0) await addContextLines(frames, lines);
  } catch (err) {
    debug.error('adding context lines failed:', err);
  }
}

/**
 * Fills what the caches already hold, synchronously. Returns true when nothing is left to read,
 * so the common case (files seen before) costs no promise and no I/O.
 */
export function addContextLinesFromCache(event: Event, lines = DEFAULT_LINES): boolean {
  try {
    const n = Math.min(Math.floor(lines), MAX_LINES);
    if (!(n > 0)) return true;
    let complete = true;
    for (const value of event.exception?.values ?? []) {
      for (const frame of value.stacktrace?.frames ?? []) {
        if (!wantsContext(frame) || frame.filename === undefined || failedCache.get(frame.filename)) continue;
        const entry = fileCache.get(frame.filename);
        const lineno = frame.lineno ?? 0;
        // Built before for this line: its lines were there then and are kept with the entry.
        const built = entry?.applied?.get(appliedKey(lineno, frame.colno ?? 0, n));
        if (built !== undefined) {
          if (built !== null) copyContext(frame, built);
          continue;
        }
        let cached = entry !== undefined;
        for (let l = Math.max(1, lineno - n); cached && l <= lineno + n; l++) {
          if (!entry?.lines.has(l) && (entry?.total === undefined || l <= entry.total)) cached = false;
        }
        if (cached && entry) applyLines(frame, entry, n);
        else complete = false;
      }
    }
    return complete;
  } catch (err) {
    debug.error('adding context lines failed:', err);
    return true;
  }
}

function wantsContext(frame: StackFrame): boolean {
  const { filename, lineno, colno } = frame;
  if (typeof filename !== 'string' || !isAbsolute(filename) || SKIPPED_FILE.test(filename)) return false;
  if (typeof lineno !== 'number' || !Number.isInteger(lineno) || lineno < 1 || lineno > MAX_LINENO)
    return false;
  if (colno !== undefined && (!Number.isInteger(colno) || colno < 0 || colno > MAX_COLNO)) return false;
  // Already filled, e.g. by a source-map step: keep it.
  return frame.context_line === undefined;
}

async function fillFile(file: string, frames: StackFrame[], n: number): Promise<void> {
  const needed = new Set<number>();
  for (const frame of frames) {
    const lineno = frame.lineno ?? 0;
    for (let l = Math.max(1, lineno - n); l <= lineno + n; l++) needed.add(l);
  }
  const entry = await ensureLines(file, needed);
  if (!entry) return;
  for (const frame of frames) applyLines(frame, entry, n);
}

/** Makes sure the cache holds `needed` lines of `file`; concurrent callers share one read. */
async function ensureLines(file: string, needed: ReadonlySet<number>): Promise<FileLines | undefined> {
  for (;;) {
    if (failedCache.get(file)) return undefined;
    const entry = fileCache.get(file) ?? { lines: new Map<number, string>() };
    const missing = [...needed].filter(
      (l) => !entry.lines.has(l) && (entry.total === undefined || l <= entry.total),
    );
    if (missing.length === 0) return entry;
    const pending = inflight.get(file);
    if (pending !== undefined) {
      // Ride along if the stream has not passed our first line yet; otherwise read after it.
      if (Math.min(...missing) > pending.seen) {
        for (const l of missing) pending.wanted.add(l);
        pending.last = Math.max(pending.last, ...missing);
      }
      await pending.done;
      continue;
    }
    const read: PendingRead = {
      wanted: new Set(missing),
      last: Math.max(...missing),
      seen: 0,
      done: noLines,
    };
    read.done = readInto(file, entry, needed, read).finally(() => inflight.delete(file));
    inflight.set(file, read);
    return read.done;
  }
}

const noLines = Promise.resolve(undefined);

async function readInto(
  file: string,
  entry: FileLines,
  needed: ReadonlySet<number>,
  read: PendingRead,
): Promise<FileLines | undefined> {
  const result = await readLines(file, read);
  if (!result) {
    failedCache.set(file, true);
    return undefined;
  }
  if (entry.lines.size + result.lines.size > MAX_CACHED_LINES_PER_FILE) {
    // Bound memory for files hit at many places: keep only what this request uses.
    for (const l of entry.lines.keys()) if (!needed.has(l)) entry.lines.delete(l);
  }
  for (const [l, text] of result.lines) entry.lines.set(l, text);
  if (result.total !== undefined) entry.total = result.total;
  entry.applied?.clear(); // built from lines that changed
  fileCache.set(file, entry);
  return entry;
}

interface ReadResult {
  lines: Map<number, string>;
  total?: number;
}

/** Streams `file` up to line `read.last`, keeping the `read.wanted` lines. Resolves undefined when unreadable. */
async function readLines(file: string, read: PendingRead): Promise<ReadResult | undefined> {
  _readCount.value++;
  try {
    // Only regular files: opening a FIFO or device could hang a libuv thread forever.
    if (!(await stat(file)).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return new Promise((resolve) => {
    const lines = new Map<number, string>();
    let count = 0;
    let settled = false;
    let stream: ReadStream | undefined;
    let rl: Interface | undefined;
    const finish = (result: ReadResult | undefined): void => {
      if (settled) return;
      settled = true;
      read.seen = Number.POSITIVE_INFINITY;
      rl?.close();
      stream?.destroy();
      resolve(result);
    };
    try {
      stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
      rl = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    } catch {
      finish(undefined);
      return;
    }
    const input = stream;
    input.on('error', () => finish(undefined));
    input.on('data', () => {
      if (input.bytesRead > MAX_BYTES_READ) finish(undefined);
    });
    rl.on('line', (line: string) => {
      if (settled) return;
      read.seen = ++count;
      // A NUL byte means a binary file: no useful source to show.
      if (line.includes('\u0000')) return finish(undefined);
      if (read.wanted.has(count)) {
        lines.set(count, line.length > MAX_STORED_LINE ? line.slice(0, MAX_STORED_LINE) : line);
      }
      if (count >= read.last) finish({ lines });
    });
    rl.on('close', () => finish({ lines, total: count }));
  });
}

/** A number, not a string: lineno <= MAX_LINENO, colno <= MAX_COLNO and n <= MAX_LINES fit a Smi. */
function appliedKey(lineno: number, colno: number, n: number): number {
  return (lineno * (MAX_COLNO + 1) + colno) * (MAX_LINES + 1) + n;
}

function applyLines(frame: StackFrame, entry: FileLines, n: number): void {
  const lineno = frame.lineno ?? 0;
  const colno = frame.colno ?? 0;
  // The same frames come back in event after event: their snipped lines are built once per file.
  const key = appliedKey(lineno, colno, n);
  entry.applied ??= new Map();
  let context = entry.applied.get(key);
  if (context === undefined) {
    context = contextFor(entry, lineno, colno, n) ?? null;
    if (entry.applied.size >= MAX_CACHED_LINES_PER_FILE) entry.applied.clear();
    entry.applied.set(key, context);
  }
  if (context !== null) copyContext(frame, context);
}

function copyContext(frame: StackFrame, context: FrameContext): void {
  // Copies: a beforeSend that edits an event cannot corrupt the cache.
  frame.pre_context = context.pre.slice();
  frame.context_line = context.line;
  frame.post_context = context.post.slice();
}

function contextFor(entry: FileLines, lineno: number, colno: number, n: number): FrameContext | undefined {
  const contextLine = entry.lines.get(lineno);
  if (contextLine === undefined) return undefined; // lineno past EOF: the file changed since the error
  const pre: string[] = [];
  for (let l = Math.max(1, lineno - n); l < lineno; l++) {
    const text = entry.lines.get(l);
    if (text === undefined) return undefined;
    pre.push(snipLine(text, colno));
  }
  const post: string[] = [];
  for (let l = lineno + 1; l <= lineno + n; l++) {
    const text = entry.lines.get(l);
    if (text === undefined) break; // EOF
    post.push(snipLine(text, colno));
  }
  return { pre, line: snipLine(contextLine, colno), post };
}

/** Cuts a long line to a window around `colno` (1-based), marking the cut ends with `{snip}`. */
export function snipLine(line: string, colno: number): string {
  const length = line.length;
  if (length <= SNIP_THRESHOLD) return line;
  const col = Math.min(Math.max(colno - 1, 0), length);
  // Centre the window on the column, then slide it back inside the line.
  const start = Math.max(0, Math.min(col - SNIP_WINDOW / 2, length - SNIP_WINDOW));
  const end = Math.min(length, start + SNIP_WINDOW);
  return `${start > 0 ? '{snip} ' : ''}${line.slice(start, end)}${end < length ? ' {snip}' : ''}`;
}
