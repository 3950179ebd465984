// wrapLambdaHandler and wrapServerless in this process, invoked as the Lambda runtime invokes a
// handler, with events sent over HTTP to the receiver.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Sentry from '../../../src/index.js';
import type { Event } from '../../../src/protocol/types.js';
import { breadcrumbsOf } from '../../helpers/event-fields.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { invokeLikeRuntime, lambdaContext } from './lambda-runtime.js';

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
  Sentry.init({ dsn: receiver.dsn, defaultIntegrations: false, integrations: [Sentry.dedupeIntegration()] });
});
afterAll(async () => {
  await Sentry.close(0);
  await receiver.close();
});
let seen = 0;
beforeEach(() => {
  seen = receiver.events().length;
});
afterEach(() => {
  expect(receiver.problems).toEqual([]);
});

/** Events that arrived since the test started: the wrappers flush before they settle. */
const fresh = (): Event[] => receiver.events().slice(seen);

describe('wrapLambdaHandler', () => {
  it('an async handler: result unchanged, nothing sent, its own scope per invocation', async () => {
    const result = { statusCode: 200 };
    const handler = Sentry.wrapLambdaHandler(async (event: { id: number }) => {
      Sentry.setTag('order', String(event.id));
      return result;
    });
    expect(await invokeLikeRuntime(handler, { id: 1 }, lambdaContext())).toBe(result);
    expect(fresh()).toEqual([]);
    expect(Sentry.getIsolationScope().getScopeData().tags).toEqual({});
  });

  it('captures the error with the aws.lambda context, flushes, and re-throws it', async () => {
    const error = new Error('card declined');
    const handler = Sentry.wrapLambdaHandler(async () => {
      Sentry.addBreadcrumb({ message: 'charging' });
      Sentry.setTag('order', '7');
      throw error;
    });
    await expect(invokeLikeRuntime(handler, {}, lambdaContext())).rejects.toBe(error);
    // Already delivered when the invocation settled: no waiting.
    const [event] = fresh();
    expect(event?.exception?.values.at(-1)).toMatchObject({
      value: 'card declined',
      mechanism: { type: 'auto.function.aws_lambda', handled: false },
    });
    expect(event?.tags).toMatchObject({ order: '7', aws_region: 'eu-west-1' });
    expect(event?.transaction).toBe('orders-fn');
    expect(breadcrumbsOf(event).map((b) => b.message)).toEqual(['charging']);
    expect(event?.contexts?.['aws.lambda']).toMatchObject({
      function_name: 'orders-fn',
      function_version: '$LATEST',
      invoked_function_arn: 'arn:aws:lambda:eu-west-1:123456789012:function:orders-fn',
      aws_request_id: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      execution_duration_in_millis: expect.any(Number),
      remaining_time_in_millis: expect.any(Number),
    });
    const logs = event?.contexts?.['aws.cloudwatch.logs'] as Record<string, string>;
    expect(logs).toMatchObject({
      log_group: '/aws/lambda/orders-fn',
      log_stream: '2026/12/03/[$LATEST]abcdef',
    });
    expect(logs.url).toMatch(
      /^https:\/\/console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#logEventViewer:group=\/aws\/lambda\/orders-fn;stream=.+;start=.+;end=.+$/,
    );
  });

  it('a callback handler: success and failure through the callback', async () => {
    const ok = Sentry.wrapLambdaHandler(
      (event: unknown, _ctx: unknown, cb: (e: unknown, r?: unknown) => void) => {
        setImmediate(() => cb(null, { echo: event }));
      },
    );
    expect(await invokeLikeRuntime(ok, 'hi', lambdaContext())).toEqual({ echo: 'hi' });
    const failing = Sentry.wrapLambdaHandler((_e: unknown, _c: unknown, cb: (e: unknown) => void) => {
      cb(new Error('from the callback'));
    });
    await expect(invokeLikeRuntime(failing, {}, lambdaContext())).rejects.toThrow('from the callback');
    expect(fresh().map((e) => e.exception?.values.at(-1)?.value)).toEqual(['from the callback']);
  });

  it('warns shortly before the function times out, in the invocation scope', async () => {
    const handler = Sentry.wrapLambdaHandler(
      async () => {
        Sentry.setTag('step', 'slow');
        // The "slow work": it outlives the warning point (timeout 700 ms minus the 500 ms limit).
        await receiver.waitFor(() => fresh().length > 0);
        return 'late';
      },
      { timeoutWarningLimit: 500 },
    );
    expect(await invokeLikeRuntime(handler, {}, lambdaContext(700))).toBe('late');
    const [warning, ...rest] = fresh();
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({
      level: 'warning',
      tags: { step: 'slow', timeout: '1s' },
      contexts: { 'aws.lambda': { function_name: 'orders-fn' } },
    });
    expect(JSON.stringify(warning)).toContain('Possible function timeout: orders-fn');
  });

  it('no timeout warning when turned off, nor when the function ends first', async () => {
    const off = Sentry.wrapLambdaHandler(async () => 1, { captureTimeoutWarning: false });
    expect(await invokeLikeRuntime(off, {}, lambdaContext(600))).toBe(1);
    const quick = Sentry.wrapLambdaHandler(async () => 2);
    expect(await invokeLikeRuntime(quick, {}, lambdaContext(600))).toBe(2);
    await Sentry.flush(500);
    expect(fresh()).toEqual([]);
  });

  it('an init error (the handler module failed to load) is captured once and thrown to invocations', async () => {
    const initError = new Error('Cannot find module ./db-config');
    const loading = Promise.reject(initError);
    const handler = Sentry.wrapLambdaHandler(loading);
    await receiver.waitForEvents(seen + 1);
    await expect(invokeLikeRuntime(handler, {}, lambdaContext())).rejects.toBe(initError);
    await expect(invokeLikeRuntime(handler, {}, lambdaContext())).rejects.toBe(initError);
    const events = fresh();
    expect(events).toHaveLength(1);
    expect(events[0]?.exception?.values.at(-1)).toMatchObject({
      value: 'Cannot find module ./db-config',
      mechanism: { type: 'auto.function.aws_lambda.init', handled: false },
    });
  });

  it('a promise of the handler that loads fine is used', async () => {
    const handler = Sentry.wrapHandler(Promise.resolve(async (e: number) => e * 2));
    expect(await invokeLikeRuntime(handler, 21, lambdaContext())).toBe(42);
  });

  describe('bad input', () => {
    it('a context missing fields, or hostile: captured, never a throw, result unchanged', async () => {
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error('trap');
          },
        },
      );
      const contexts = [
        undefined,
        null,
        {},
        { getRemainingTimeInMillis: 'soon' },
        hostile,
        {
          getRemainingTimeInMillis: () => {
            throw new Error('no clock');
          },
        },
      ];
      for (const [i, ctx] of contexts.entries()) {
        const result = { ok: true };
        const fine = Sentry.wrapLambdaHandler(async () => result);
        expect(await invokeLikeRuntime(fine, {}, ctx)).toBe(result);
        const failing = Sentry.wrapLambdaHandler(async () => {
          throw new Error(`with broken context ${i}`);
        });
        await expect(invokeLikeRuntime(failing, {}, ctx)).rejects.toThrow(`with broken context ${i}`);
      }
      const events = fresh();
      expect(events).toHaveLength(contexts.length);
      for (const event of events) {
        expect(event.exception?.values.at(-1)?.mechanism?.type).toBe('auto.function.aws_lambda');
        expect(event.contexts?.['aws.lambda']).toEqual({ execution_duration_in_millis: expect.any(Number) });
      }
    });

    it('a handler that throws a non-Error: captured, the same value re-thrown', async () => {
      const thrown = { code: 42 };
      const handler = Sentry.wrapLambdaHandler(async () => {
        throw 'plain string';
      });
      await expect(invokeLikeRuntime(handler, {}, lambdaContext())).rejects.toBe('plain string');
      const objectThrower = Sentry.wrapLambdaHandler(() => Promise.reject(thrown));
      await expect(invokeLikeRuntime(objectThrower, {}, lambdaContext())).rejects.toBe(thrown);
      const values = fresh().map((e) => e.exception?.values.at(-1));
      expect(values[0]?.value).toContain('plain string');
      expect(values).toHaveLength(2);
    });

    it('a handler that is not a function is returned as given; bad options fall back', async () => {
      expect(Sentry.wrapLambdaHandler(42 as never)).toBe(42);
      expect(Sentry.wrapServerless(null as never)).toBe(null);
      const handler = Sentry.wrapLambdaHandler(async () => 'x', {
        flushTimeout: -1,
        timeoutWarningLimit: Number.NaN,
        captureTimeoutWarning: 'yes' as never,
      });
      expect(await invokeLikeRuntime(handler, {}, lambdaContext())).toBe('x');
    });
  });
});

describe('wrapServerless', () => {
  it('captures (mechanism auto.function.serverless), re-throws, and has flushed before settling', async () => {
    const fn = Sentry.wrapServerless(async (name: string) => {
      Sentry.setTag('fn', name);
      throw new TypeError(`bad ${name}`);
    });
    await expect(fn('resize')).rejects.toThrow('bad resize');
    const [event] = fresh();
    expect(event?.exception?.values.at(-1)).toMatchObject({
      type: 'TypeError',
      mechanism: { type: 'auto.function.serverless', handled: false },
    });
    expect(event?.tags).toEqual({ fn: 'resize' });
    expect(Sentry.getIsolationScope().getScopeData().tags).toEqual({});
  });

  it('returns the result, for sync functions too; flush: false leaves events queued', async () => {
    expect(await Sentry.wrapServerless((a: number, b: number) => a + b)(2, 3)).toBe(5);
    const noFlush = Sentry.wrapServerless(
      () => {
        throw new Error('later');
      },
      { flush: false },
    );
    await expect(noFlush()).rejects.toThrow('later');
    await receiver.waitForEvents(seen + 1);
    expect(fresh().map((e) => e.exception?.values.at(-1)?.value)).toEqual(['later']);
  });
});
