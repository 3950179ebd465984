// Native backtraces written into exception messages, turned into Sentry frames. Three formats:
// - ClickHouse-style (sentry-python's current one): `0. DB::Exception::Exception() @ 0xbfc38a4 in /usr/bin/clickhouse`
// - glibc `backtrace_symbols()` (the seed's): `0. clickhouse-server(StackTrace::StackTrace()+0x16) [0x99d31a6]`,
//   with or without the `N. ` index;
// - Node's fatal-error native stack: ` 1: 0xe19178 node::OOMErrorHandler(char const*) [node]`.
import type { StackFrame } from '../protocol/types.js';

export const PARSED_MARKER = '<stacktrace parsed and removed by GnuBacktraceIntegration>';

interface Parsed {
  index: number;
  frame: StackFrame;
}

const CLICKHOUSE_RE = /^(\d+)\.\s+([^@]+?)\s+@\s+(0x[0-9a-fA-F]+)(?:\s+in\s+(.+))?$/;
const GLIBC_RE = /^(?:(\d+)\.\s+)?([^\s(]+)\((.*?)(?:\+(0x[0-9a-fA-F]+))?\)\s*\[(0x[0-9a-fA-F]+)\]$/;
const NODE_RE = /^(\d+):\s+(0x[0-9a-fA-F]+)(?:\s+(.*?))?(?:\s*\[([^\]]+)\])?$/;
const NODE_HEADER_RE = /^-{3,}\s*Native stack trace\s*-{3,}$/;

function frame(fn: string | undefined, pkg: string | undefined, addr: string | undefined): StackFrame {
  const f: StackFrame = { platform: 'native', function: fn?.trim() || '<unknown>' };
  if (pkg?.trim()) f.package = pkg.trim();
  if (addr) f.instruction_addr = addr.toLowerCase();
  return f;
}

function parseLine(line: string, position: number): Parsed | undefined {
  const text = line.trim();
  let m = CLICKHOUSE_RE.exec(text);
  if (m) return { index: Number(m[1]), frame: frame(m[2] === '?' ? undefined : m[2], m[4], m[3]) };
  m = GLIBC_RE.exec(text);
  if (m) {
    const index = m[1] === undefined ? position : Number(m[1]);
    return { index, frame: frame(m[3], m[2], m[5]) };
  }
  m = NODE_RE.exec(text);
  if (m) return { index: Number(m[1]), frame: frame(m[3], m[4], m[2]) };
  return undefined;
}

/**
 * Frames found in `message` (oldest first, as Sentry orders them) and the message without the
 * lines they came from; undefined when no line is a backtrace line.
 */
export function parseNativeBacktrace(message: string): { frames: StackFrame[]; message: string } | undefined {
  const kept: string[] = [];
  const parsed: Parsed[] = [];
  const lines = message.split(/\r\n|\r|\n/);
  lines.forEach((line, position) => {
    const p = parseLine(line, position);
    if (p) parsed.push(p);
    else kept.push(line);
  });
  if (parsed.length === 0) return undefined;
  // Frame 0 is the innermost call: it goes last. The sort is stable for equal indexes.
  parsed.sort((a, b) => b.index - a.index);
  const rest = kept.filter((l) => !NODE_HEADER_RE.test(l.trim()));
  while (rest.length && rest.at(-1)?.trim() === '') rest.pop();
  return { frames: parsed.map((p) => p.frame), message: [...rest, PARSED_MARKER].join('\n') };
}
