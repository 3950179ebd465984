import { describe, expect, it } from 'vitest';
import { eventFromMessage, eventFromUnknown, exceptionFromError } from '../../../../src/event/from-error.js';
import { parameterize } from '../../../../src/event/parameterize.js';
import type { Event, ExceptionValue } from '../../../../src/protocol/types.js';
import type { EventHint } from '../../../../src/types.js';
import { schemaErrors } from '../../../helpers/schema.js';

/** The event must survive JSON and be a valid Relay error event once the client adds its fields. */
function expectValidEvent(event: Event): void {
  const wire = JSON.parse(JSON.stringify(event));
  const full = { event_id: 'a'.repeat(32), timestamp: 1, platform: 'node', level: 'error', ...wire };
  expect(schemaErrors(full)).toBeUndefined();
}

function hostileProxy(target: object = {}): object {
  const fail = () => {
    throw new Error('trap');
  };
  const traps = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'apply', 'construct'];
  return new Proxy(target, Object.fromEntries(traps.map((trap) => [trap, fail])));
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

function withThrowingGetters<T extends object>(target: T, keys: string[]): T {
  for (const key of keys) {
    Object.defineProperty(target, key, {
      get() {
        throw new Error(`no ${key}`);
      },
    });
  }
  return target;
}

const summary = (values: ExceptionValue[]) => values.map((v) => [v.type, v.value, v.mechanism]);

describe('exceptionFromError', () => {
  it('describes a single Error with its frames', () => {
    const [value, ...rest] = exceptionFromError(new TypeError('bad input'));
    expect(rest).toEqual([]);
    expect(value).toMatchObject({ type: 'TypeError', value: 'bad input' });
    expect(value?.mechanism).toBeUndefined();
    expect(value?.stacktrace?.frames.at(-1)?.in_app).toBe(true);
  });

  it.each<[string, () => Error, string]>([
    ['custom name', () => Object.assign(new Error('x'), { name: 'DbError' }), 'DbError'],
    [
      'empty name falls back to the constructor',
      () => {
        class HttpError extends Error {}
        return Object.assign(new HttpError('x'), { name: '' });
      },
      'HttpError',
    ],
    ['non-string name', () => Object.assign(new Error('x'), { name: 42 }), 'Error'],
    ['throwing name getter', () => withThrowingGetters(new RangeError('x'), ['name']), 'RangeError'],
  ])('type: %s', (_name, make, type) => {
    expect(exceptionFromError(make())[0]?.type).toBe(type);
  });

  it('orders a cause chain oldest first, captured error last', () => {
    const err = new Error('outer', { cause: new TypeError('inner') });
    expect(summary(exceptionFromError(err))).toEqual([
      [
        'TypeError',
        'inner',
        { type: 'chained', source: 'cause', exception_id: 1, parent_id: 0, handled: true },
      ],
      ['Error', 'outer', { type: 'generic', handled: true, exception_id: 0 }],
    ]);
  });

  it('ignores a cause() method (VError, restify-errors): no chained function', () => {
    const err = Object.assign(new Error('verror'), { cause: () => undefined });
    expect(exceptionFromError(err).map((e) => e.value)).toEqual(['verror']);
  });

  it('links the members of a real AggregateError depth-first', () => {
    const first = new Error('first', { cause: new Error('root cause') });
    const group = new AggregateError([first, new RangeError('second'), 'plain string'], 'many');
    const values = exceptionFromError(group);
    expect(summary(values)).toEqual([
      [
        'String',
        'plain string',
        { type: 'chained', source: 'errors[2]', exception_id: 4, parent_id: 0, handled: true },
      ],
      [
        'RangeError',
        'second',
        { type: 'chained', source: 'errors[1]', exception_id: 3, parent_id: 0, handled: true },
      ],
      [
        'Error',
        'root cause',
        { type: 'chained', source: 'cause', exception_id: 2, parent_id: 1, handled: true },
      ],
      [
        'Error',
        'first',
        { type: 'chained', source: 'errors[0]', exception_id: 1, parent_id: 0, handled: true },
      ],
      [
        'AggregateError',
        'many',
        { type: 'generic', handled: true, exception_id: 0, is_exception_group: true },
      ],
    ]);
  });

  it('treats an Error carrying an `errors` array of Errors as a group, but not one of strings', () => {
    const group = Object.assign(new Error('validation'), { errors: [new Error('a'), 'not linked'] });
    expect(exceptionFromError(group).at(-1)?.mechanism?.is_exception_group).toBe(true);
    expect(exceptionFromError(group)).toHaveLength(2);
    const notGroup = Object.assign(new Error('validation'), { errors: ['x', 'y'] });
    expect(exceptionFromError(notGroup)).toEqual([expect.objectContaining({ value: 'validation' })]);
  });

  it('links non-Error causes with a type from their kind', () => {
    const types = [
      ['db down', 'String'],
      [42, 'Number'],
      [5n, 'BigInt'],
      [{ code: 'E' }, 'Object'],
      [Symbol('s'), 'Symbol'],
    ] as const;
    for (const [cause, type] of types) {
      const values = exceptionFromError(new Error('outer', { cause }));
      expect(values).toHaveLength(2);
      expect(values[0]?.type).toBe(type);
      expect(typeof values[0]?.value).toBe('string');
    }
    expect(exceptionFromError(new Error('outer', { cause: null }))).toHaveLength(1);
  });

  it('limits linked errors (default 5, so at most 6 values)', () => {
    let err = new Error('e0');
    for (let i = 1; i <= 20; i++) err = new Error(`e${i}`, { cause: err });
    expect(exceptionFromError(err)).toHaveLength(6);
    expect(exceptionFromError(err, { limit: 2 }).map((v) => v.value)).toEqual(['e18', 'e19', 'e20']);
    expect(exceptionFromError(err, { limit: 0 })).toHaveLength(1);
    expect(
      exceptionFromError(new AggregateError(Array.from({ length: 1e5 }, () => new Error('m')))),
    ).toHaveLength(6);
  });

  it('walks a 10k-long chain with a large limit without recursion', () => {
    let err = new Error('e0');
    for (let i = 1; i < 10_000; i++) err = new Error(`e${i}`, { cause: err });
    expect(exceptionFromError(err, { limit: 20_000 })).toHaveLength(10_000);
  });

  it('terminates on cycles', () => {
    const self = new Error('self');
    self.cause = self;
    expect(exceptionFromError(self)).toHaveLength(1);
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(exceptionFromError(a).map((v) => v.value)).toEqual(['b', 'a']);
    const group = new AggregateError([], 'group');
    (group as { errors: unknown[] }).errors = [group, a, a];
    expect(exceptionFromError(group, { limit: 50 }).map((v) => v.value)).toEqual(['b', 'a', 'group']);
  });

  it('survives throwing getters on every field', () => {
    // `stack` first: redefining it makes V8 format the stack, which reads name and message.
    const err = withThrowingGetters(new Error('x'), [
      'stack',
      'name',
      'message',
      'cause',
      'errors',
      'constructor',
    ]);
    expect(exceptionFromError(err)).toEqual([{ type: 'Error', value: '' }]);
  });

  it('survives hostile non-Error input', () => {
    for (const input of [hostileProxy(), revokedProxy(), hostileProxy(new Error('x')), undefined]) {
      const values = exceptionFromError(input);
      expect(values).toHaveLength(1);
      expect(() => JSON.stringify(values)).not.toThrow();
    }
  });
});

describe('eventFromUnknown: Errors', () => {
  it('builds a generic handled exception and fills the hint', () => {
    const err = new Error('boom');
    const hint: EventHint = {};
    const event = eventFromUnknown(err, hint, {});
    expect(event.exception?.values[0]).toMatchObject({
      type: 'Error',
      value: 'boom',
      mechanism: { type: 'generic', handled: true },
    });
    expect(event.exception?.values[0]?.mechanism?.synthetic).toBeUndefined();
    expect(hint.exc_info).toEqual([Error, err, err.stack]);
    expect(hint.originalException).toBe(err);
    expectValidEvent(event);
  });

  it('lets hint.mechanism set type and handled while keeping linked ids', () => {
    const err = new Error('outer', { cause: new Error('inner') });
    const hint: EventHint = { mechanism: { type: 'auto.node.onuncaughtexception', handled: false } };
    const event = eventFromUnknown(err, hint, { linkedErrorsLimit: 5 });
    expect(event.exception?.values.at(-1)?.mechanism).toEqual({
      type: 'auto.node.onuncaughtexception',
      handled: false,
      exception_id: 0,
    });
    expectValidEvent(event);
  });

  it('keeps an originalException the caller already set', () => {
    const hint: EventHint = { originalException: 'earlier' };
    eventFromUnknown(new Error('x'), hint, {});
    expect(hint.originalException).toBe('earlier');
  });

  it('honours linkedErrorsLimit', () => {
    const err = new Error('a', { cause: new Error('b', { cause: new Error('c') }) });
    expect(eventFromUnknown(err, {}, { linkedErrorsLimit: 1 }).exception?.values).toHaveLength(2);
  });
});

describe('eventFromUnknown: non-Errors', () => {
  // The SDK's public function: its frame and everything above it are stripped from the synthetic stack.
  function captureException(value: unknown, hint: EventHint = {}): Event {
    hint.syntheticException ??= new Error('synthetic');
    return eventFromUnknown(value, hint, {});
  }
  function userCode(value: unknown, hint?: EventHint): Event {
    return captureException(value, hint);
  }

  it.each<[string, unknown, string]>([
    ['string', 'something broke', 'something broke'],
    ['number', 42, '42'],
    ['NaN', Number.NaN, 'NaN'],
    ['boolean', false, 'false'],
    ['null', null, 'null'],
    ['undefined', undefined, 'undefined'],
    ['Symbol', Symbol('s'), 'Symbol(s)'],
    ['BigInt', 10n, '10'],
    ['function', function named() {}, '[Function: named]'],
  ])('%s', (_name, input, value) => {
    const hint: EventHint = {};
    const event = userCode(input, hint);
    const top = event.exception?.values[0];
    expect(top).toMatchObject({
      type: 'Error',
      value,
      mechanism: { type: 'generic', handled: true, synthetic: true },
    });
    expect(top?.stacktrace?.frames.at(-1)?.function).toBe('userCode');
    expect(hint.exc_info?.[0]).toBeUndefined();
    expect(hint.exc_info?.[2]).toContain('synthetic');
    expectValidEvent(event);
  });

  it('describes plain objects by their sorted keys and serializes them into extra', () => {
    const event = userCode({ zeta: 1, alpha: { nested: true }, mid: [1n] });
    expect(event.exception?.values[0]?.value).toBe(
      'Object captured as exception with keys: alpha, mid, zeta',
    );
    expect(event.extra?.__serialized__).toEqual({ zeta: 1, alpha: { nested: true }, mid: ['1n'] });
    expectValidEvent(event);
  });

  it('bounds long key lists and names class instances, as @sentry/node words them', () => {
    const many = Object.fromEntries(
      Array.from({ length: 100 }, (_, i) => [`key${String(i).padStart(3, '0')}`, i]),
    );
    expect(userCode(many).exception?.values[0]?.value).toBe(
      `Object captured as exception with keys: ${Object.keys(many).slice(0, 50).join(', ')}, ...`,
    );
    class Payload {
      id = 1;
    }
    expect(userCode(new Payload()).exception?.values[0]?.value).toBe(
      "'Payload' captured as exception with keys: id",
    );
    expect(userCode({}).exception?.values[0]?.value).toBe(
      'Object captured as exception with keys: [object has no keys]',
    );
  });

  it('uses name and message fields when both are strings', () => {
    const event = userCode({ name: 'ValidationFailed', message: 'email missing', field: 'email' });
    expect(event.exception?.values[0]?.value).toBe(
      "'ValidationFailed' captured as exception with message 'email missing'",
    );
  });

  it('reports an Error-valued property instead of the wrapper', () => {
    const inner = new RangeError('wrapped');
    const hint: EventHint = {};
    const wrapper = { status: 500, error: inner };
    const event = userCode(wrapper, hint);
    expect(event.exception?.values[0]).toMatchObject({ type: 'RangeError', value: 'wrapped' });
    expect(event.exception?.values[0]?.mechanism?.synthetic).toBe(true);
    expect(event.extra?.__serialized__).toMatchObject({ status: 500 });
    expect(hint.exc_info).toEqual([Object, wrapper, inner.stack]);
  });

  it('attaches a stack of its own when asked and none was handed over', () => {
    const event = eventFromUnknown('no synthetic', {}, { attachStacktrace: true });
    const frames = event.exception?.values[0]?.stacktrace?.frames ?? [];
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.some((f) => f.function === 'eventFromUnknown' || f.function === 'buildEvent')).toBe(false);
    expect(eventFromUnknown('no synthetic', {}, {}).exception?.values[0]?.stacktrace).toBeUndefined();
  });

  it.each<[string, () => unknown]>([
    ['Proxy with throwing traps', () => hostileProxy()],
    ['Proxy around an Error', () => hostileProxy(new Error('x'))],
    ['revoked Proxy', () => revokedProxy()],
    ['object with throwing name/message/stack', () => withThrowingGetters({}, ['name', 'message', 'stack'])],
    [
      'Error with throwing name/message/stack',
      () => withThrowingGetters(new Error('x'), ['stack', 'name', 'message']),
    ],
    [
      'object with throwing toString',
      () => ({
        toString: () => {
          throw new Error('no');
        },
      }),
    ],
    ['10 MB string', () => 'x'.repeat(10_000_000)],
    [
      'circular object',
      () => {
        const o: Record<string, unknown> = { a: 1 };
        o.self = o;
        return o;
      },
    ],
  ])('builds a valid event for %s', (_name, make) => {
    const hint: EventHint = { syntheticException: new Error('synthetic') };
    const event = eventFromUnknown(make(), hint, { attachStacktrace: true });
    expect(event.exception?.values.length).toBeGreaterThan(0);
    expectValidEvent(event);
  });

  it('never throws on a hostile or frozen hint', () => {
    const frozen = Object.freeze({ mechanism: { type: 'x' } }) as EventHint;
    expect(eventFromUnknown('v', frozen, {}).exception?.values[0]?.mechanism?.type).toBe('x');
    const proxyHint = hostileProxy() as EventHint;
    expect(() => eventFromUnknown(new Error('e'), proxyHint, {})).not.toThrow();
    expect(eventFromUnknown('v', { mechanism: hostileProxy() as never }, {}).exception).toBeDefined();
  });
});

describe('eventFromMessage', () => {
  it('sets message and level, as @sentry/node', () => {
    const event = eventFromMessage('hello', 'warning', {}, {});
    expect(event).toEqual({ level: 'warning', message: 'hello' });
    expectValidEvent(event);
    expect(eventFromMessage('hi', 'log', {}, {})).toEqual({ level: 'log', message: 'hi' });
    expectValidEvent(eventFromMessage('hi', 'log', {}, {}));
  });

  it('gives a parameterized message its template and params, as @sentry/node', () => {
    const id = 7;
    const event = eventFromMessage(parameterize`User ${id} failed ${'x'} at 100%`, 'info', {}, {});
    expect(event).toEqual({
      level: 'info',
      logentry: { message: 'User %s failed %s at 100%%', params: [7, 'x'] },
    });
    expectValidEvent(event);
  });

  it('stringifies non-strings safely', () => {
    expect(eventFromMessage(42, 'info', {}, {}).message).toBe('42');
    expect(eventFromMessage(Symbol('s'), 'info', {}, {}).message).toBe('Symbol(s)');
    const bad = {
      toString: () => {
        throw new Error('no');
      },
    };
    expect(eventFromMessage(bad, 'info', {}, {}).message).toBe('[unstringifiable]');
    expect(eventFromMessage(revokedProxy(), 'info', {}, {}).message).toBe('[unstringifiable]');
  });

  it('attaches the synthetic stack without the SDK frames when asked', () => {
    function captureMessage(message: string): Event {
      return eventFromMessage(
        message,
        'info',
        { syntheticException: new Error(message) },
        { attachStacktrace: true },
      );
    }
    function reportStatus(): Event {
      return captureMessage('status');
    }
    const event = reportStatus();
    const value = event.exception?.values[0];
    expect(value).toMatchObject({
      value: 'status',
      mechanism: { type: 'generic', handled: true, synthetic: true },
    });
    expect(value?.stacktrace?.frames.at(-1)?.function).toBe('reportStatus');
    expectValidEvent(event);
    expect(eventFromMessage('m', 'info', {}, {}).exception).toBeUndefined();
  });
});
