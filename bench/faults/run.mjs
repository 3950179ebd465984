// One load-with-faults run: the app (its own process) under a fixed request rate from autocannon
// (this process) while the DSN misbehaves in `mode`; then the DSN heals, the app closes the SDK,
// and the books are compared: every captured event is accepted by the DSN, answered 429 there
// (Sentry counts those), or counted in a client report.
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startAccountingDsn } from './dsn.mjs';

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url));
export const MODES = ['healthy', 'refuse', 'status-500', 'status-429', 'hang', 'slow'];

export async function runFaultMode({
  mode,
  durationSec,
  rate,
  connections = 20,
  closeMs = 15_000,
  queueBytes,
}) {
  const dsn = await startAccountingDsn(mode);
  const args = [APP, dsn.dsn, String(closeMs), ...(queueBytes ? [String(queueBytes)] : [])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill('SIGKILL'), (durationSec + 10) * 1000 + closeMs * 2);
  try {
    const port = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /ready (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`app exited before ready: ${stderr}`)));
    });
    const url = `http://127.0.0.1:${port}/`;
    await autocannon({ url, connections, duration: 0.5, ...(rate ? { overallRate: rate } : {}) }); // warm-up, not measured
    const run = autocannon({
      url,
      connections,
      duration: durationSec,
      ...(rate ? { overallRate: rate } : {}),
    });
    // Latencies from each response, in fractional ms: autocannon's own percentiles are whole ms
    // and, under a fixed rate, "corrected" for coordinated omission with a 1 ms interval (it
    // divides 1 by a per-second rate), which adds made-up samples below every slow response.
    const latencies = [];
    run.on('response', (_client, statusCode, _bytes, ms) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
    });
    const load = await run;
    latencies.sort((a, b) => a - b);
    await dsn.setMode('healthy');
    const app = JSON.parse(await get(`${url}__finish`));
    const exit = await exited;
    const books = dsn.books;
    const reported = Object.values(books.reported).reduce((a, b) => a + b, 0);
    return {
      mode,
      requests: load.requests.total,
      rps: load.requests.average,
      errors: load.errors + load.timeouts,
      non2xx: load.non2xx,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      captured: app.captured,
      delivered: books.accepted,
      duplicates: books.accepted - books.acceptedIds.size,
      limitedAtDsn: books.limited,
      reported,
      reasons: books.reported,
      accountedFor: books.accepted + books.limited + reported,
      rssGrowthMB: (app.maxRss - app.baseRss) / 1024 / 1024,
      closeMs: app.closeMs,
      closed: app.closed,
      exitCode: exit.code,
      stderr,
    };
  } finally {
    clearTimeout(killer);
    child.kill('SIGKILL');
    await dsn.close();
  }
}

/** The nearest-rank percentile of sorted values, rounded to 0.01 ms; NaN when there are none. */
function percentile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const value = sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return Math.round(value * 100) / 100;
}

function get(url) {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => {
          body += c;
        });
        res.on('end', () => resolve(body));
      })
      .on('error', reject);
  });
}

/**
 * A fault run and a healthy-DSN run at the same time, each its own app under the same load:
 * the shared machine's noise hits both, so their latencies compare.
 */
export async function runSideBySide(options) {
  const [healthy, fault] = await Promise.all([
    runFaultMode({ ...options, mode: 'healthy' }),
    runFaultMode(options),
  ]);
  return { healthy, fault };
}
