// What user code and transports see is @sentry/node 10's shape: the same calls run once with
// @sentry/node 10 (the `sentry-node-10` devDependency) and once with otel-sentry, each in its own
// process, and the events compared field by field (ids, timestamps and stacks set aside).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenario } from '../../helpers/run-scenario.js';
import { schemaErrors } from '../../helpers/schema.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/node-shape.mjs', import.meta.url));

interface Seen {
  beforeSend: Record<string, unknown>[];
  processor: Record<string, unknown>[];
  transport: Record<string, unknown>[];
  crumbs: Record<string, unknown>[];
  /** Our events as the transport got them, whole. */
  wire: Record<string, unknown>[];
}

async function run(sdk: string): Promise<Seen> {
  const result = await runScenario(FIXTURE, { args: [sdk] });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Seen;
}

describe("events have @sentry/node's shape", () => {
  it('in beforeSend, event processors, beforeBreadcrumb and the transport', async () => {
    const [node, ours] = await Promise.all([run('sentry-node-10'), run('otel-sentry')]);
    expect(node.beforeSend).toHaveLength(17);
    expect(ours.beforeSend).toEqual(node.beforeSend);
    expect(ours.processor).toEqual(node.processor);
    expect(ours.transport).toEqual(node.transport);
    expect(ours.crumbs).toEqual(node.crumbs);
    // The forms that differ from the schema's are the ones Relay rewrites on ingest.
    const [plain, log, , param] = ours.transport;
    expect(plain).toMatchObject({ message: 'plain text', level: 'info', tags: { count: 42, enabled: true } });
    expect(plain?.logentry).toBeUndefined();
    expect(log).toMatchObject({ message: 'at log level', level: 'log' });
    expect(param).toMatchObject({
      logentry: { message: 'User %s failed %s (100%%)', params: [7, 'twice'] },
    });
    expect(Array.isArray(plain?.breadcrumbs)).toBe(true);
    expect(plain?.user).toEqual({ id: 7, email: 'u@example.com', plan: 'pro' });
    expect(ours.wire).toHaveLength(17);
    for (const event of ours.wire) expect(schemaErrors(event)).toBeUndefined();
  });
});
