// The Lambda example, and a handler beside @opentelemetry/instrumentation-aws-lambda, in child
// processes importing the built package.
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';
import { REPO, runDir, runnable } from '../otel/package.js';

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

describe('serverless', () => {
  it('examples/aws-lambda: invoked locally, the failed invocation is reported before it returns', async () => {
    const file = runnable(join(REPO, 'examples/aws-lambda/invoke.mjs'));
    const result = await runScenario(file, { env: { SENTRY_DSN: receiver.dsn }, cwd: runDir(file) });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('paid -> {"statusCode":200');
    expect(result.stdout).toContain('unpaid -> "error: order 2 is not paid"');
    // Flushed before the invocation returned: there when the process is gone.
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      release: 'example-aws-lambda@1.0.0',
      transaction: 'ship-order',
      tags: { order: '2', aws_region: 'us-east-1' },
      contexts: { 'aws.lambda': { aws_request_id: 'req-2', function_name: 'ship-order' } },
    });
  });

  it('under the preload, without init() in the app', async () => {
    const file = runnable(join(REPO, 'test/integration/serverless/fixtures/preload-handler.mjs'));
    const result = await runScenario(file, {
      env: { SENTRY_DSN: receiver.dsn },
      nodeArgs: ['--import', 'otel-sentry/preload'],
      cwd: runDir(file),
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('failed: under the preload\n');
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.contexts?.['aws.lambda']).toMatchObject({ function_name: 'preloaded' });
  });

  it('beside @opentelemetry/instrumentation-aws-lambda: one event, in the lambda span trace', async () => {
    const dir = join(REPO, 'test/integration/serverless/fixtures');
    const file = runnable(join(dir, 'beside-otel.cjs'));
    const result = await runScenario(file, {
      env: { SENTRY_DSN: receiver.dsn, LAMBDA_TASK_ROOT: dir, _HANDLER: 'handler.handler' },
      nodeArgs: ['--require', join(dir, 'otel-instrument.cjs')],
      cwd: dir,
    });
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as {
      results: unknown[];
      spans: { name: string; traceId: string; spanId: string; status: number }[];
    };
    expect(out.results).toEqual([{ result: { ok: true } }, { error: 'inventory service down' }]);
    // The instrumentation patched the handler: one SERVER span per invocation, the failed one in error.
    expect(out.spans.map((s) => [s.name, s.status])).toEqual([
      ['inventory', 0],
      ['inventory', 2],
    ]);
    const events = receiver.events();
    expect(events).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)?.mechanism?.type).toBe('auto.function.aws_lambda');
    expect(events[0]?.contexts?.trace).toMatchObject({
      trace_id: out.spans[1]?.traceId,
      span_id: out.spans[1]?.spanId,
    });
  });
});
