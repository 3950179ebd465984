// The transaction otel-sentry sends for a routed Express request, field by field against what
// @sentry/node 10 sends for the same app (ids, timestamps, SDK fields and span data set aside).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Event, SpanJSON } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from '../otel/package.js';

const FIXTURE = runnable(join(REPO, 'test/integration/tracing/fixtures/compare-app.cjs'));
const sent: Record<string, Event> = {};
const receivers: Receiver[] = [];

async function transactionOf(sdk: string): Promise<Event> {
  const receiver = await startReceiver();
  receivers.push(receiver);
  const result = await runScenario(FIXTURE, {
    env: { SENTRY_DSN: receiver.dsn, SDK: sdk },
    cwd: runDir(FIXTURE),
  });
  expect(result.stdout).toContain('done');
  await receiver.waitFor(() => receiver.transactions().some((t) => t.transaction?.includes('users')));
  return receiver.transactions().find((t) => t.transaction?.includes('users')) as Event;
}

beforeAll(async () => {
  const [theirs, ours] = await Promise.all([transactionOf('sentry10'), transactionOf('ours')]);
  sent.theirs = theirs;
  sent.ours = ours;
}, 60_000);

afterAll(async () => {
  for (const r of receivers) await r.close();
});

function summary(tx: Event) {
  const trace = tx.contexts?.trace;
  return {
    transaction: tx.transaction,
    source: tx.transaction_info?.source,
    op: trace?.op,
    status: trace?.status,
    release: tx.release,
    type: tx.type,
  };
}

/** The span tree as (op, depth) pairs, sorted: the shape without ids and timings. */
function shape(tx: Event, keep: (s: SpanJSON) => boolean): string[] {
  const byId = new Map((tx.spans ?? []).map((s) => [s.span_id, s]));
  const root = tx.contexts?.trace?.span_id;
  const depth = (s: SpanJSON): number => {
    let d = 1;
    let parent = s.parent_span_id;
    while (parent && parent !== root && d < 50) {
      d++;
      parent = byId.get(parent)?.parent_span_id;
    }
    return d;
  };
  return (tx.spans ?? [])
    .filter(keep)
    .map((s) => `${s.op}@${depth(s)}`)
    .sort();
}

it('names, sources and ops the transaction as @sentry/node 10 does', () => {
  expect(summary(sent.ours as Event)).toEqual(summary(sent.theirs as Event));
  expect(summary(sent.ours as Event)).toMatchObject({
    transaction: 'GET /users/:id',
    source: 'route',
    op: 'http.server',
  });
});

it('has the same client and manual spans, at the same places in the tree', () => {
  const interesting = (s: SpanJSON) => s.op === 'http.client' || s.op === 'function';
  expect(shape(sent.ours as Event, interesting)).toEqual(shape(sent.theirs as Event, interesting));
  const describe = (tx: Event) =>
    (tx.spans ?? [])
      .filter(interesting)
      .map((s) => [s.op, s.description?.replace(/:\d+/, ':PORT'), s.origin])
      .sort();
  expect(describe(sent.ours as Event)).toEqual(describe(sent.theirs as Event));
});

it('has the same Express layer spans', () => {
  const express = (s: SpanJSON) => (s.op ?? '').endsWith('.express');
  expect(shape(sent.ours as Event, express)).toEqual(shape(sent.theirs as Event, express));
});
