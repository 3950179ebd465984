// Uncaught exceptions and unhandled rejections, end to end: each scenario runs the built package
// in a child process (it exits or crashes) and sends to a Sentry-compatible receiver.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { type Receiver, startReceiver } from '../../helpers/receiver.js';
import { runScenario, type ScenarioOptions } from '../../helpers/run-scenario.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const run = (name: string, env: Record<string, string> = {}, options: ScenarioOptions = {}) =>
  runScenario(fixture(name), { ...options, env: { SENTRY_DSN: receiver.dsn, ...env } });
const top = (event: Event | undefined) => event?.exception?.values.at(-1);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const THROW_LINE =
  readFileSync(fixture('uncaught.mjs'), 'utf8')
    .split('\n')
    .findIndex((l) => l.includes('throw new Error(`uncaught failure')) + 1;

let receiver: Receiver;
beforeAll(() => {
  if (!existsSync(fileURLToPath(new URL('../../../build/esm/src/integrations/fatal.js', import.meta.url)))) {
    throw new Error('run `npm run build` first: the fixtures import the built package');
  }
});
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(async () => {
  expect(receiver.problems).toEqual([]);
  await receiver.close();
});

describe('uncaught exceptions', () => {
  it('are captured (fatal, unhandled) and delivered before the process exits 1, 20 times over', async () => {
    // Parallel batches: a race between the flush and the exit would show up as a missing event.
    for (let batch = 0; batch < 2; batch++) {
      const runs = Array.from({ length: 10 }, (_, i) => String(batch * 10 + i));
      await Promise.all(
        runs.map(async (id) => {
          const result = await run('uncaught.mjs', { RUN: id });
          // Read at once, not awaited: the event must have arrived before the child ended.
          const events = receiver.events().filter((e) => e.tags?.run === id);
          expect(result.code).toBe(1);
          expect(result.stdout).not.toContain('still alive');
          expect(result.stderr).toMatch(new RegExp(`^Error: uncaught failure ${id}\\n {4}at `));
          expect(result.stderr).toContain(`uncaught.mjs:${THROW_LINE}:9)`);
          expect(result.stderr).toContain(`\n\nNode.js ${process.version}\n`);
          expect(events).toHaveLength(1);
          expect(events[0]?.level).toBe('fatal');
          expect(top(events[0])).toMatchObject({
            type: 'Error',
            value: `uncaught failure ${id}`,
            mechanism: { type: 'auto.node.onuncaughtexception', handled: false },
          });
        }),
      );
    }
  });

  it.each(['app-handler', 'app-once'])(
    'with an app handler (%s): captured, the app decides (keeps running)',
    async (CASE) => {
      const result = await run('uncaught.mjs', { CASE });
      expect(result).toMatchObject({ code: 0, stderr: '' });
      expect(result.stdout).toBe('app handled uncaught failure\nstill alive\n');
      expect(receiver.events()).toHaveLength(1);
      expect(top(receiver.events()[0])?.mechanism).toMatchObject({ handled: false });
    },
  );

  it('with an app handler and exitEvenIfOtherHandlersAreRegistered: both run, then exit 1', async () => {
    const result = await run('uncaught.mjs', { CASE: 'exit-anyway' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('app handled uncaught failure\n');
    expect(result.stderr).toMatch(/^Error: uncaught failure\n/);
    expect(receiver.events()).toHaveLength(1);
  });

  it('a second error while flushing is printed, not captured, and the exit still happens once', async () => {
    const result = await run('uncaught.mjs', { CASE: 'second' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: uncaught failure\n/);
    expect(result.stderr).toContain('Another uncaught exception while shutting down:\nError: second failure');
    expect(receiver.events().map((e) => top(e)?.value)).toEqual(['uncaught failure']);
  });

  it('a thrown string is printed as Node prints it', async () => {
    const result = await run('uncaught.mjs', { CASE: 'string' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^a plain string\n\(Use `node --trace-uncaught \.\.\.`/);
    expect(top(receiver.events()[0])).toMatchObject({ value: 'a plain string' });
  });

  it('after Sentry.close(): nothing captured, Node behaviour (print, exit 1)', async () => {
    const result = await run('uncaught.mjs', { CASE: 'closed' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: uncaught failure\n/);
    expect(receiver.events()).toHaveLength(0);
  });

  it('setUncaughtExceptionCaptureCallback owns uncaught errors: not captured, not ended', async () => {
    const result = await run('uncaught.mjs', { CASE: 'capture-callback' });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toBe('callback got uncaught failure\nstill alive\n');
    expect(receiver.events()).toHaveLength(0);
  });

  it('defaultIntegrations: false installs no global handler: the crash is plain Node', async () => {
    const plain = await run('plain-throw.mjs', { SENTRY_DSN: '' });
    const withSdk = await run('plain-throw.mjs');
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain('^\n\nError: plain failure'); // Node's own report, with the caret
    expect(withSdk).toEqual(plain);
  });
});

describe('unhandled rejections', () => {
  const rejected = (event: Event | undefined) =>
    expect(top(event)).toMatchObject({
      value: 'rejected failure',
      mechanism: { type: 'auto.node.onunhandledrejection', handled: false },
    });
  // @sentry/node's text, then the reason's stack, on stderr.
  const SENTRY_WARNING =
    'This error originated either by throwing inside of an async function without a catch block, or by ' +
    'rejecting a promise which was not handled with .catch(). The promise rejected with the reason:';

  it("'warn' (default): captured, @sentry/node's warning printed, the process keeps running", async () => {
    const result = await run('rejection.mjs');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('still alive\n');
    expect(result.stderr).toMatch(
      new RegExp(`^${escapeRegExp(SENTRY_WARNING)}\nError: rejected failure\n {4}at `),
    );
    expect(result.stderr).not.toContain('UnhandledPromiseRejectionWarning');
    expect(receiver.events()).toHaveLength(1);
    expect(receiver.events()[0]?.level).toBe('error');
    expect(receiver.events()[0]?.extra).toEqual({ unhandledPromiseRejection: true });
    rejected(receiver.events()[0]);
  });

  it("'warn' with an app listener: captured, no warning (the app handles it)", async () => {
    const result = await run('rejection.mjs', { APP_LISTENER: '1' });
    expect(result).toMatchObject({
      code: 0,
      stderr: '',
      stdout: 'app listener rejected failure\nstill alive\n',
    });
    rejected(receiver.events()[0]);
  });

  it("'strict': captured at fatal, printed as an uncaught error, delivered, exit 1", async () => {
    const result = await run('rejection.mjs', { REJECTION_MODE: 'strict' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^${escapeRegExp(SENTRY_WARNING)}\nError: rejected failure\n {4}at `),
    );
    expect(receiver.events()).toHaveLength(1);
    expect(receiver.events()[0]?.level).toBe('fatal');
    rejected(receiver.events()[0]);
  });

  it("'none': captured only, silently", async () => {
    const result = await run('rejection.mjs', { REJECTION_MODE: 'none' });
    expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'still alive\n' });
    rejected(receiver.events()[0]);
  });

  it('--unhandled-rejections=strict: Node raises it as uncaught; one fatal event, exit 1', async () => {
    const result = await run('rejection.mjs', {}, { nodeArgs: ['--unhandled-rejections=strict'] });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: rejected failure\n/);
    expect(receiver.events()).toHaveLength(1);
    expect(receiver.events()[0]?.level).toBe('fatal');
    rejected(receiver.events()[0]);
  });

  it('--unhandled-rejections=warn: Node warns itself, we do not warn twice', async () => {
    const result = await run('rejection.mjs', {}, { nodeArgs: ['--unhandled-rejections=warn'] });
    expect(result.code).toBe(0);
    expect(result.stderr.match(/UnhandledPromiseRejectionWarning: Error: rejected failure/g)).toHaveLength(1);
    rejected(receiver.events()[0]);
  });

  it("a string or object reason gets a synthetic stack trace and @sentry/node's exception", async () => {
    const string = await run('rejection.mjs', { REASON: 'string' });
    expect(string.stderr).toBe(`${SENTRY_WARNING}\nrejected string\n`);
    const object = await run('rejection.mjs', { REASON: 'object' });
    expect(object.stderr).toBe(`${SENTRY_WARNING}\n{ code: 42, reason: 'rejected object' }\n`);
    const events = await receiver.waitForEvents(2);
    const byValue = (v: string) => events.find((e) => top(e)?.value === v);
    for (const event of [
      byValue('rejected string'),
      byValue('Object captured as exception with keys: code, reason'),
    ]) {
      expect(top(event)?.type).toBe('Error');
      expect(top(event)?.mechanism).toEqual({
        type: 'auto.node.onunhandledrejection',
        handled: false,
        synthetic: true,
      });
      // Where Node reported the rejection; none of the SDK's own frames.
      const frames = top(event)?.stacktrace?.frames ?? [];
      expect(frames.length).toBeGreaterThan(0);
      expect(frames.at(-1)?.function).toBe('process.emit');
      expect(frames.some((f) => f.filename?.includes('on-unhandled-rejection'))).toBe(false);
    }
    expect(byValue('Object captured as exception with keys: code, reason')?.extra).toEqual({
      unhandledPromiseRejection: true,
      __serialized__: { code: 42, reason: 'rejected object' },
    });
  });

  it('ignore: AbortError by default; by exact name, message substring or RegExp; neither captured nor warned', async () => {
    const runs = await Promise.all([
      run('rejection.mjs', { REASON: 'abort' }),
      run('rejection.mjs', { REASON: 'abort', REJECTION_MODE: 'strict' }),
      run('rejection.mjs', { IGNORE: JSON.stringify([{ message: 'rejected fail' }]) }),
      run('rejection.mjs', { IGNORE: JSON.stringify([{ name: '/^Err/' }]) }),
      run('rejection.mjs', { REASON: 'string', IGNORE: JSON.stringify([{ message: 'rejected' }]) }),
    ]);
    for (const result of runs) expect(result).toMatchObject({ code: 0, stderr: '', stdout: 'still alive\n' });
    // A name matches exactly, not as a substring; a message must match too when both are given.
    await run('rejection.mjs', {
      IGNORE: JSON.stringify([{ name: 'Err' }, { name: 'Error', message: 'other' }]),
    });
    expect(receiver.events().map((e) => top(e)?.value)).toEqual(['rejected failure']);
  });

  it.each([
    ['error', 'warn'],
    ['string', 'warn'],
    ['object', 'warn'],
    ['string', 'strict'],
    ['object', 'none'],
  ])('the same as @sentry/node 10 (%s reason, %s): event, output, exit', async (REASON, REJECTION_MODE) => {
    const ours = await run('rejection.mjs', { REASON, REJECTION_MODE });
    const theirs = await run('rejection.mjs', { REASON, REJECTION_MODE, SDK: 'sentry10' });
    const [a, b] = await receiver.waitForEvents(2);
    const shape = (e: Event | undefined) => ({
      level: e?.level,
      extra: e?.extra,
      type: top(e)?.type,
      value: top(e)?.value,
      mechanism: top(e)?.mechanism,
      hasStack: (top(e)?.stacktrace?.frames.length ?? 0) > 0,
    });
    expect(shape(a)).toEqual(shape(b));
    expect({ code: ours.code, stdout: ours.stdout, stderr: ours.stderr }).toEqual({
      code: theirs.code,
      stdout: theirs.stdout,
      stderr: theirs.stderr,
    });
  });
});
