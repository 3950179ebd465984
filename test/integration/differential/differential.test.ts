// The differential test: every scenario in scenarios/ runs once with @sentry/node 10 and once with
// otel-sentry, each in a child process with a transport that records envelopes; the normalized runs
// (normalize.ts says what is set aside and why) are compared field by field. At least 95% must match.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../helpers/run-scenario.js';
import { diffPaths, normalizeRun, type Outcome, type RunRecord } from './normalize.js';

interface Scenario {
  /** stderr is compared too (process scenarios). */
  stderr?: boolean;
  /** The scenario ends the process itself (no flush, no "done" record). */
  keepAlive?: boolean;
  /** @sentry/node sends and prints nothing for it (e.g. suppressed tracing). */
  nothing?: boolean;
}

const SDKS = { reference: 'sentry-node-10', ours: 'otel-sentry' } as const;
const CONCURRENCY = 2;
const here = fileURLToPath(new URL('./', import.meta.url));
const out = `${here}.tmp/`;
const modules = readdirSync(`${here}scenarios`)
  .filter((f) => f.endsWith('.mjs'))
  .sort();

const table: { module: string; name: string; scenario: Scenario }[] = [];
for (const module of modules) {
  const url = pathToFileURL(`${here}scenarios/${module}`).href;
  const scenarios = (await import(/* @vite-ignore */ url)).default as Record<string, Scenario>;
  for (const [name, scenario] of Object.entries(scenarios)) {
    // DIFFERENTIAL_ONLY=<regexp> runs a subset while working on one area; the suite runs them all.
    if (!process.env.DIFFERENTIAL_ONLY || new RegExp(process.env.DIFFERENTIAL_ONLY).test(name)) {
      table.push({ module, name, scenario });
    }
  }
}
// Both outcomes of every scenario, for reading a difference in full.
const reportFile = `${tmpdir()}/otel-sentry-differential.json`;

async function runOne(sdk: string, module: string, name: string, scenario: Scenario): Promise<Outcome> {
  const file = `${out}${sdk}-${name}.jsonl`;
  const args = [sdk, `${here}scenarios/${module}`, name, file];
  const run = await runScenario(`${here}run-one.mjs`, { args, cwd: here, timeoutMs: 15_000 }).catch(
    (error: Error) => ({ code: -1, signal: null, stdout: '', stderr: error.message }),
  );
  let records: RunRecord[] = [];
  try {
    records = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RunRecord);
  } catch {
    records = [{ threw: `no output: ${run.stderr.slice(0, 300)}` }];
  }
  return normalizeRun(records, run, scenario.stderr === true);
}

/** Runs the tasks with at most `limit` at once (two CPU cores are shared by everyone). */
async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe('differential: otel-sentry against @sentry/node 10', () => {
  const results = new Map<string, { reference: Outcome; ours: Outcome; paths: string[] }>();

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const tasks = table.flatMap(({ module, name, scenario }) => [
      () => runOne(SDKS.reference, module, name, scenario),
      () => runOne(SDKS.ours, module, name, scenario),
    ]);
    const outcomes = await pool(tasks, CONCURRENCY);
    table.forEach(({ name }, i) => {
      const reference = outcomes[2 * i] as Outcome;
      const ours = outcomes[2 * i + 1] as Outcome;
      // One path per differing list (context lines differ line by line; say so once).
      const paths = [...new Set(diffPaths(reference, ours).map((p) => p.replace(/\[\d+\]$/, '')))];
      results.set(name, { reference, ours, paths });
    });
    writeFileSync(reportFile, JSON.stringify(Object.fromEntries(results), null, 2));
  }, 600_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it.each(table.map((t) => [t.name, t.scenario] as const))(
    'scenario %s is valid: it runs under @sentry/node 10 and sends or prints what it is about',
    (name, scenario) => {
      const { reference } = results.get(name) ?? {};
      expect(reference?.threw).toBeUndefined();
      expect(reference?.code).not.toBe(-1); // -1: timed out or could not start
      const sent = Object.keys(reference?.items ?? {}).length > 0;
      const printed = (reference?.stderr?.length ?? 0) > 0;
      expect(sent || printed).toBe(!scenario.nothing);
    },
  );

  it('at least 95% of the scenarios behave the same', () => {
    const differing = [...results].filter(([, r]) => r.paths.length > 0);
    const report = differing.map(([name, r]) => `${name}: ${r.paths.join(', ')}`).join('\n');
    if (differing.length) {
      console.log(
        `${differing.length} of ${results.size} scenarios differ (both runs in ${reportFile}):\n${report}`,
      );
    }
    const same = results.size - differing.length;
    expect(same / results.size, report).toBeGreaterThanOrEqual(0.95);
  });
});
