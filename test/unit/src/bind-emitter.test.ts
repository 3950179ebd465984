// Real EventEmitters with both context managers: contrib's (what NodeSDK registers) and ours.
import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager as ContribManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bindEmitterToContext } from '../../../src/bind-emitter.js';
import { AsyncLocalStorageContextManager as SdkManager } from '../../../src/context-manager.js';

const KEY = createContextKey('test key');
const ctxWith = (value: string) => ROOT_CONTEXT.setValue(KEY, value);
const seen = () => context.active().getValue(KEY);

describe.each([
  ['contrib context manager', () => new ContribManager().enable()],
  ['SDK context manager', () => new SdkManager().enable()],
])('bindEmitterToContext, %s', (_name, manager) => {
  beforeAll(() => {
    context.setGlobalContextManager(manager());
  });
  afterAll(() => {
    context.disable();
  });

  test('listeners added later run in the context, whatever context emits', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('request'));
    const calls: unknown[] = [];
    ee.on('a', () => calls.push(['on', seen()]));
    ee.addListener('a', () => calls.push(['addListener', seen()]));
    ee.prependListener('a', () => calls.push(['prepend', seen()]));
    ee.once('a', () => calls.push(['once', seen()]));
    ee.prependOnceListener('a', () => calls.push(['prependOnce', seen()]));
    context.with(ctxWith('other'), () => ee.emit('a'));
    context.with(ctxWith('other'), () => ee.emit('a'));
    expect(calls).toEqual([
      ['prependOnce', 'request'],
      ['prepend', 'request'],
      ['on', 'request'],
      ['addListener', 'request'],
      ['once', 'request'],
      ['prepend', 'request'],
      ['on', 'request'],
      ['addListener', 'request'],
    ]);
  });

  test('a second bind changes nothing unless it replaces', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('first'));
    bindEmitterToContext(ee, ctxWith('second'));
    const calls: unknown[] = [];
    ee.on('a', () => calls.push(seen()));
    ee.emit('a');
    expect(calls).toEqual(['first']);
  });

  test('replaces an earlier bind by the context manager (first-bind-wins there)', () => {
    const ee = new EventEmitter();
    context.bind(ctxWith('otel'), ee);
    context.bind(ctxWith('ignored'), ee);
    bindEmitterToContext(ee, ctxWith('ours'), true);
    const calls: unknown[] = [];
    ee.on('a', () => calls.push(seen()));
    ee.once('a', () => calls.push(seen()));
    ee.emit('a');
    expect(calls).toEqual(['ours', 'ours']);
    const removed = () => calls.push('removed');
    ee.on('b', removed);
    ee.once('b', removed);
    ee.removeListener('b', removed);
    ee.removeListener('b', removed);
    ee.emit('b');
    expect(ee.listenerCount('b')).toBe(0);
    expect(calls).toEqual(['ours', 'ours']);
  });

  test('removeListener, off and listeners() work with the original functions', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('request'));
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    const c = () => calls.push('c');
    ee.on('x', a);
    ee.on('x', b);
    ee.once('x', c);
    expect(ee.listeners('x')).toEqual([a, b, c]);
    ee.removeListener('x', a);
    ee.off('x', c);
    ee.emit('x');
    expect(calls).toEqual(['b']);
    expect(ee.listenerCount('x')).toBe(1);
  });

  test('one listener on several events, or twice on one: removal takes the latest, per event', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('request'));
    const calls: string[] = [];
    const l = (name: string) => calls.push(name);
    ee.on('a', () => l('a'));
    ee.on('x', l);
    ee.on('y', l);
    ee.once('x', l);
    ee.on('x', l);
    ee.removeListener('x', l); // the latest: the second on()
    ee.emit('x', 'x1');
    ee.emit('x', 'x2');
    ee.emit('y', 'y');
    expect(calls).toEqual(['x1', 'x1', 'x2', 'y']);
    ee.off('x', l);
    ee.emit('x', 'x3');
    expect(calls).toEqual(['x1', 'x1', 'x2', 'y']);
    expect(ee.listenerCount('y')).toBe(1);
  });

  test('binding twice is a no-op; non-function listeners reach EventEmitter unchanged', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('first'));
    bindEmitterToContext(ee, ctxWith('second'));
    let value: unknown;
    ee.on('a', () => {
      value = seen();
    });
    ee.emit('a');
    expect(value).toBe('first');
    expect(() => ee.on('a', 'nope' as never)).toThrow(TypeError);
  });

  test('a method borrowed onto another emitter acts as plain EventEmitter there', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('request'));
    const other = new EventEmitter();
    const calls: unknown[] = [];
    const listener = () => calls.push(seen());
    ee.on.call(other, 'a', listener);
    context.with(ctxWith('other'), () => other.emit('a'));
    ee.removeListener.call(other, 'a', listener);
    expect([calls, other.listenerCount('a')]).toEqual([['other'], 0]);
  });

  test('listeners keep `this` and arguments', () => {
    const ee = new EventEmitter();
    bindEmitterToContext(ee, ctxWith('request'));
    let got: unknown[] = [];
    ee.on('a', function (this: unknown, ...args: unknown[]) {
      got = [this, ...args];
    });
    ee.emit('a', 1, 2);
    expect(got).toEqual([ee, 1, 2]);
  });
});
