// Local variables through node:inspector, end to end: the built package in a child process, events
// over HTTP to the receiver.
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Event, StackFrame } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario } from '../../helpers/run-scenario.js';

const fixture = fileURLToPath(new URL('./fixtures/local-variables.mjs', import.meta.url));
const run = (env: Record<string, string>, nodeArgs: string[] = []) =>
  runScenario(fixture, { env: { SENTRY_DSN: receiver.dsn, ...env }, nodeArgs });
const frames = (event: Event | undefined): StackFrame[] =>
  event?.exception?.values.at(-1)?.stacktrace?.frames ?? [];
const frameOf = (event: Event | undefined, fn: string) => frames(event).find((f) => f.function === fn);

let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

describe('local variables', () => {
  it('are attached to the in-app frames of a caught exception', async () => {
    const result = await run({ CASE: 'caught' });
    expect(result.stdout).toContain('READY true');
    const [event] = await receiver.waitForEvents(1);
    expect(frameOf(event, 'Order.charge')?.vars).toEqual({
      amount: 30,
      currency: 'EUR',
      customer: { name: 'Ada', vip: true, visits: 3, apiToken: '[Filtered]' },
      password: '[Filtered]', // the privacy defaults apply to variables too
    });
    expect(frameOf(event, 'checkout')?.vars).toEqual({
      orderId: 'o-1',
      items: [10, 20],
      order: '<Order>', // class instances are described, as @sentry/node does
      total: 30,
    });
    // Out-of-app frames (Node's own) get none.
    expect(frames(event).filter((f) => f.in_app === false && f.vars)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('are those @sentry/node 10 attaches, for the same exception; ours filter nested secret keys too', async () => {
    const ours = await run({ CASE: 'caught' });
    const theirs = await run({ CASE: 'caught', SDK: 'sentry10' });
    expect([ours.stdout, theirs.stdout]).toEqual(['READY true\n', 'READY true\n']);
    const [a, b] = await receiver.waitForEvents(2);
    const vars = (e: Event | undefined) =>
      frames(e)
        .filter((f) => f.vars)
        .map((f) => [f.function, f.vars]);
    const theirVars = vars(b);
    expect(theirVars.length).toBeGreaterThan(0);
    // @sentry/node filters secret variable names; nested keys (customer.apiToken) only we do.
    expect(JSON.stringify(vars(a))).toBe(JSON.stringify(theirVars).replace('"tok-123"', '"[Filtered]"'));
  });

  it('are attached to an uncaught exception, which still exits 1', async () => {
    const result = await run({ CASE: 'uncaught' });
    expect(result.stdout).toContain('READY true');
    const [event] = await receiver.waitForEvents(1);
    expect(event?.exception?.values.at(-1)?.mechanism?.handled).toBe(false);
    expect(frameOf(event, 'Order.charge')?.vars).toMatchObject({ amount: 5, currency: 'EUR' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: cannot charge 5 EUR to Ada\n/);
    expect(result.stderr).not.toContain('Waiting for the debugger');
  });

  it('survive throwing getters, Proxies, huge objects and strings: bounded, no trap or getter runs', async () => {
    const result = await run({ CASE: 'hostile' });
    expect(result.stdout).toContain('READY true');
    const [event] = await receiver.waitForEvents(1);
    const vars = frameOf(event, 'hostile')?.vars ?? {};
    expect(vars.getter).toEqual({ boom: '<getter>' });
    expect(vars.proxy).toBe('<Proxy(Object)>');
    expect(Array.isArray(vars.hugeArray) && vars.hugeArray.length).toBeLessThanOrEqual(50);
    expect((vars.hugeArray as unknown[])[0]).toBe(7);
    expect(Object.keys(vars.hugeObject as object).length).toBeLessThanOrEqual(50);
    expect((vars.longString as string).length).toBeLessThan(2000);
    expect(vars.special).toEqual(['<NaN>', 0, '<Infinity>', '<10n>', '<Symbol(s)>', '<null>', '<undefined>']);
    expect(vars.wide).toEqual({
      a: 1,
      b: 'two',
      c: '<Object>',
      d: '<Array>',
      e: 5,
      f: '<getter>',
      g: '<null>',
      h: '<NaN>',
    });
    expect(vars.date).toMatch(/^<.*1970.*>$/);
    expect(result.stderr).not.toContain('getter ran');
    expect(result.stderr).not.toContain('trap ran');
    expect(result.code).toBe(0);
  });

  it('leave thrown strings, Proxies and frozen errors alone: captured, untouched', async () => {
    const result = await run({ CASE: 'odd-throws' });
    expect(result.stdout).toContain('READY true');
    const events = await receiver.waitForEvents(3);
    expect(events.map((e) => e.exception?.values.at(-1)?.value).sort()).toEqual([
      'a thrown string',
      'frozen',
      'proxied',
    ]);
    for (const event of events) expect(frames(event).some((f) => f.vars)).toBe(false);
    expect(result.stderr).not.toContain('trap ran');
    expect(result.code).toBe(0);
  });

  it('are off by default, and with a debugger attached', async () => {
    const off = await run({ CASE: 'caught', OPTS: '{}' });
    expect(off.stdout).toContain('READY false');
    const debugged = await run({ CASE: 'caught' }, ['--inspect=127.0.0.1:0']);
    expect(debugged.stdout).toContain('READY false');
    const events = await receiver.waitForEvents(2);
    for (const event of events) expect(frames(event).some((f) => f.vars)).toBe(false);
  });

  it('localVariablesIntegration() turns them on by itself; captureAllExceptions: false leaves caught ones alone', async () => {
    const explicit = await run({ CASE: 'caught', OPTS: '{}', INTEGRATION: '{}' });
    expect(explicit.stdout).toContain('READY true');
    const uncaughtOnly = await run({ CASE: 'caught', INTEGRATION: '{"captureAllExceptions":false}' });
    expect(uncaughtOnly.stdout).toContain('READY false');
  });

  it('have a budget: over maxExceptionsPerSecond only uncaught exceptions pause', async () => {
    const result = await run({ CASE: 'budget', INTEGRATION: '{"maxExceptionsPerSecond":5}' });
    expect(result.stdout).toContain('READY true');
    expect(result.stdout).toContain('LIMITED true');
    const [event] = await receiver.waitForEvents(1);
    expect(frameOf(event, 'checkout')?.vars).toMatchObject({ orderId: 'o-3', total: 3 });
    expect(result.code).toBe(1);
  });

  it('never keep the process alive nor change its exit code', async () => {
    const natural = await run({ CASE: 'exit' });
    expect(natural.stdout).toContain('READY true');
    expect(natural.code).toBe(0);
    const exited = await run({ CASE: 'exit', EXIT_CODE: '3' });
    expect(exited.code).toBe(3);
    // The worker's debugger session is closed before the exit: Node has nothing to say about it.
    expect(natural.stderr).toBe('');
    expect(exited.stderr).toBe('');
  });
});
