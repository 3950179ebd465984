// V8 `Error.stack` text → Sentry frames. Hand-written scanning instead of one big regex: stack lines come
// from user data (messages, paths) and must never cost more than linear time.
import type { StackFrame } from '../protocol/types.js';

/** Frames kept per stack trace: the ones nearest the throw. */
export const STACK_FRAME_LIMIT = 50;
/** Longer lines are ignored rather than parsed (minified bundles, hostile messages). */
const MAX_LINE_LENGTH = 1024;
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]s|[jt]sx)$/;
const WINDOWS_DRIVE = /^[A-Za-z]:[\\/]/;

export interface ParseStackOptions {
  /** Lines to skip before looking for frames. Message lines are skipped anyway. */
  skipFirstLines?: number;
}

interface Location {
  filename: string;
  isPath: boolean;
  lineno?: number;
  colno?: number;
}

/** Parses a V8 stack string into frames ordered oldest first (the throwing frame last). Never throws. */
export function parseStackFrames(stack: unknown, options?: ParseStackOptions): StackFrame[] {
  if (typeof stack !== 'string' || stack.length === 0) return [];
  // The same code path throws again and again (a failing route, a loop): its frames, everything
  // after the message, are parsed once and cached; callers get copies they may change.
  const first = options?.skipFirstLines ? -1 : stack.indexOf('\n    at ');
  const key = first >= 0 ? stack.slice(first) : undefined;
  if (key !== undefined) {
    const cached = frameCache.get(key);
    if (cached) return cached.map(copyFrame);
  }
  const frames = parseUncached(stack, options);
  if (key !== undefined && key.length <= MAX_CACHED_KEY) {
    if (frameCache.size >= FRAME_CACHE_SIZE) frameCache.delete(frameCache.keys().next().value as string);
    frameCache.set(key, frames.map(copyFrame));
  }
  return frames;
}

// Object.assign, not a spread: V8 gives a spread copy a map that cannot take new keys cheaply, and
// context lines, in_app and processors add keys to every frame (2.5 µs and a new map each, on Node 20).
function copyFrame(frame: StackFrame): StackFrame {
  return Object.assign({}, frame);
}

const FRAME_CACHE_SIZE = 200;
const MAX_CACHED_KEY = 16 * 1024;
const frameCache = new Map<string, StackFrame[]>();

function parseUncached(stack: string, options?: ParseStackOptions): StackFrame[] {
  try {
    const skip = Math.max(0, Number(options?.skipFirstLines) || 0);
    const base = cwdPrefix();
    const frames: StackFrame[] = [];
    let lineIndex = 0;
    let pos = 0;
    // Walk line by line with indexOf instead of split(): a 10 MB message costs one scan and no copies.
    while (pos <= stack.length && frames.length < STACK_FRAME_LIMIT) {
      let end = stack.indexOf('\n', pos);
      if (end === -1) end = stack.length;
      if (lineIndex++ >= skip && end - pos <= MAX_LINE_LENGTH) {
        const frame = parseLine(stack.slice(pos, end), base);
        if (frame) frames.push(frame);
      }
      pos = end + 1;
    }
    return frames.reverse();
  } catch {
    return [];
  }
}

/** Parses one `    at …` line; message lines (not indented, or not starting with `at `) give undefined. */
function parseLine(raw: string, base: string | undefined): StackFrame | undefined {
  if (raw.length === 0 || (raw[0] !== ' ' && raw[0] !== '\t')) return undefined;
  const line = raw.trim();
  if (!line.startsWith('at ')) return undefined;
  let rest = line.slice(3).trim();
  if (rest.startsWith('async ')) rest = rest.slice(6).trim();
  if (rest.length === 0) return undefined;

  let fn: string | undefined;
  let loc = rest;
  const dataAt = rest.indexOf(' (data:');
  if (rest.startsWith('data:')) {
    loc = rest;
  } else if (dataAt > 0) {
    // data: URLs may hold unbalanced parentheses, so split at the URL rather than matching them.
    fn = rest.slice(0, dataAt);
    loc = rest.endsWith(')') ? rest.slice(dataAt + 2, -1) : rest.slice(dataAt + 2);
  } else if (rest.endsWith(')')) {
    const open = matchingOpenParen(rest);
    if (open > 0) {
      fn = rest.slice(0, open);
      loc = rest.slice(open + 1, -1);
    }
  }

  const where = parseLocation(loc);
  const frame: StackFrame = { function: functionName(fn), filename: where.filename };
  if (where.isPath) frame.abs_path = where.filename;
  if (where.lineno !== undefined) frame.lineno = where.lineno;
  if (where.colno !== undefined) frame.colno = where.colno;
  const module = where.isPath ? moduleName(where.filename, base) : undefined;
  if (module) frame.module = module;
  frame.in_app = where.isPath && isInApp(where.filename);
  return frame;
}

/** Index of the `(` that opens the trailing `(…)` group; paths such as `Program Files (x86)` nest. */
function matchingOpenParen(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 41 /* ) */) depth++;
    else if (c === 40 /* ( */ && --depth === 0) {
      return i > 0 && text[i - 1] === ' ' ? i : -1;
    }
  }
  // Unbalanced: fall back to the first ` (`, which is where V8 puts it.
  return text.indexOf(' (') + 1 || -1;
}

function functionName(raw: string | undefined): string {
  // `Foo.bar [as baz]` stays whole, as @sentry/node sends it: issues keep grouping the same after a switch.
  const name = raw?.trim() ?? '';
  if (name === '' || name === '<anonymous>') return '?';
  if (name.endsWith('.<anonymous>')) return `${name.slice(0, -'<anonymous>'.length)}?`;
  return name;
}

function parseLocation(loc: string): Location {
  if (loc.startsWith('eval at ')) {
    // `eval at fn (/file.js:3:1), <anonymous>:1:7`: point at the innermost eval call site, a real file.
    // `eval at FN (LOC), …`: LOC runs from the first ` (` to the last `), ` (paths may hold parentheses,
    // LOC may itself be an eval location).
    const close = loc.lastIndexOf('), ');
    const open = close > 0 ? loc.indexOf(' (', 'eval at '.length) : -1;
    return open >= 0 && open < close
      ? parseLocation(loc.slice(open + 2, close))
      : { filename: '<anonymous>', isPath: false };
  }
  let path = loc;
  let lineno: number | undefined;
  let colno: number | undefined;
  const last = trailingNumber(path);
  if (last) {
    path = path.slice(0, last.at);
    const prev = trailingNumber(path);
    if (prev) {
      path = path.slice(0, prev.at);
      lineno = prev.value;
      colno = last.value;
    } else {
      lineno = last.value;
    }
  }
  if (path.startsWith('data:')) {
    const stop = path.search(/[,;]/);
    return { filename: `<${stop > 0 ? path.slice(0, stop) : 'data:'}>`, isPath: false, lineno, colno };
  }
  if (path.startsWith('file://')) path = fileUrlToPath(path);
  const isPath =
    path.startsWith('node:') ||
    (lineno !== undefined && path !== 'native' && (path.includes('/') || path.includes('\\')));
  return { filename: path, isPath, lineno, colno };
}

/** `…:123` at the end of `text`: the number and the index of its colon. */
function trailingNumber(text: string): { at: number; value: number } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon <= 0 || colon === text.length - 1 || text.length - colon > 10) return undefined;
  for (let i = colon + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  return { at: colon, value: Number(text.slice(colon + 1)) };
}

function fileUrlToPath(url: string): string {
  let path = url.slice('file://'.length);
  // `file:///C:/app/x.js` → `C:/app/x.js`
  if (path.length > 2 && path[0] === '/' && path[2] === ':') path = path.slice(1);
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}

function isInApp(path: string): boolean {
  if (path.startsWith('node:') || path.includes('/node_modules/') || path.includes('\\node_modules\\')) {
    return false;
  }
  return path.startsWith('/') || path.startsWith('\\\\') || WINDOWS_DRIVE.test(path);
}

/** `node_modules/a/b/c.js` → `a.b:c`; `<cwd>/src/routes/users.ts` → `src.routes:users`; else the basename. */
function moduleName(path: string, base: string | undefined): string | undefined {
  const normalized = path.replace(/\\/g, '/').replace(SOURCE_EXTENSION, '');
  if (normalized.startsWith('node:'))
    return normalized.slice(normalized.lastIndexOf('/') + 1).replace('node:', '');
  const nm = normalized.lastIndexOf('/node_modules/');
  if (nm >= 0) return dotted(normalized.slice(nm + '/node_modules/'.length));
  if (base && normalized.startsWith(base)) return dotted(normalized.slice(base.length));
  const slash = normalized.lastIndexOf('/');
  return normalized.slice(slash + 1) || undefined;
}

function dotted(relative: string): string | undefined {
  const slash = relative.lastIndexOf('/');
  if (slash < 0) return relative || undefined;
  return `${relative.slice(0, slash).split('/').filter(Boolean).join('.')}:${relative.slice(slash + 1)}`;
}

function cwdPrefix(): string | undefined {
  try {
    const cwd = process.cwd().replace(/\\/g, '/');
    return cwd.endsWith('/') ? cwd : `${cwd}/`;
  } catch {
    // The working directory may have been deleted.
    return undefined;
  }
}
