// Shared pieces of the benchmarks: child processes pinned to a core, the table of ratios, and
// the JSON summary `bench/run.mjs` gathers.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';

export const here = (p) => fileURLToPath(new URL(p, import.meta.url));

/** `taskset` when it exists and there are 2+ CPUs: the server gets core 0, everything else core 1. */
export const canPin = (() => {
  if (cpus().length < 2) return false;
  try {
    execFileSync('taskset', ['-c', '0', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * Runs `node args` (on `core` when pinning works); `onLine` sees each stdout line. Resolves with
 * the lines at exit; killed after `killAfterMs` whatever happens.
 */
export function spawnNode(args, { env = {}, core, onLine, killAfterMs = 60_000, stdin = 'ignore' } = {}) {
  const node = [process.execPath, ...args];
  const [cmd, ...argv] = canPin && core !== undefined ? ['taskset', '-c', String(core), ...node] : node;
  const child = spawn(cmd, argv, { env: { ...process.env, ...env }, stdio: [stdin, 'pipe', 'pipe'] });
  const lines = [];
  let buffer = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    buffer += d;
    let i = buffer.indexOf('\n');
    while (i >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      onLine?.(line);
      i = buffer.indexOf('\n');
    }
  });
  child.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  const done = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(killer);
      if (code !== 0 && signal !== 'SIGTERM')
        process.stderr.write(`[${args.join(' ')}] exit ${code ?? signal}\n${stderr.slice(-1500)}\n`);
      resolve(lines);
    });
  });
  return { child, done };
}

export const lastJson = (lines) => {
  const line = [...lines].reverse().find((l) => l.startsWith('{'));
  return line ? JSON.parse(line) : undefined;
};

export const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const fmt = (n, unit = '') => {
  if (typeof n !== 'number' || !Number.isFinite(n)) return 'n/a';
  const digits = Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return `${n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })}${unit ? ` ${unit}` : ''}`;
};

/**
 * One row of the summary: a figure of a contender beside its baseline's and their ratio
 * (value / baseline; below 1 means less of the figure than the baseline).
 */
export function row(figure, contender, value, unit, baselineName, baselineValue) {
  const ratio =
    Number.isFinite(value) && Number.isFinite(baselineValue) && baselineValue
      ? value / baselineValue
      : Number.NaN;
  return { figure, contender, value, unit, baseline: baselineName, baselineValue, ratio };
}

export function printRows(rows, out = process.stdout) {
  const body = rows.map((r) => [
    r.figure,
    r.contender,
    fmt(r.value, r.unit),
    r.baseline ?? '',
    r.baseline ? fmt(r.baselineValue, r.unit) : '',
    Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : '',
  ]);
  printTable(['figure', 'contender', 'value', 'baseline', 'baseline value', 'ratio'], body, out);
}

export function printTable(header, body, out = process.stdout) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  out.write(`${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n`);
  for (const r of body) out.write(`${line(r)}\n`);
}

/** The machine a run describes: date, Node version, CPU count and whether load was pinned. */
export function machine() {
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    pinned: canPin,
  };
}

/** Writes `data` to bench/results/<name>-<timestamp>.json (gitignored); returns the path. */
export function writeResults(name, data) {
  const dir = here('./results');
  mkdirSync(dir, { recursive: true });
  const file = `${dir}/${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Hands the summary rows to `bench/run.mjs` when it runs this benchmark. */
export function reportRows(rows) {
  if (process.env.BENCH_ROWS_FILE) writeFileSync(process.env.BENCH_ROWS_FILE, JSON.stringify(rows));
}
