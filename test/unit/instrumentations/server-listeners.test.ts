import { EventEmitter } from 'node:events';
import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { wrapRequestListeners } from '../../../instrumentations/http-server/server-listeners.js';

const KEY = createContextKey('test key');
const contextFor = (req: unknown) => (req === 'known' ? ROOT_CONTEXT.setValue(KEY, 'request') : undefined);
const seen = () => context.active().getValue(KEY);

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
});

describe('wrapRequestListeners', () => {
  test('runs each listener in its request context, keeping order, this and arguments', () => {
    const server = new EventEmitter();
    const calls: unknown[] = [];
    server.on('request', function (this: unknown, req: unknown, res: unknown) {
      calls.push(['first', this === server, req, res, seen()]);
    });
    server.on('request', (req: unknown) => calls.push(['second', req, seen()]));
    server.on('close', () => calls.push(['close', seen()]));
    wrapRequestListeners(server, contextFor);
    server.emit('request', 'known', 'res');
    server.emit('request', 'unknown', 'res');
    server.emit('close');
    expect(calls).toEqual([
      ['first', true, 'known', 'res', 'request'],
      ['second', 'known', 'request'],
      ['first', true, 'unknown', 'res', undefined],
      ['second', 'unknown', undefined],
      ['close', undefined],
    ]);
  });

  test('idempotent; listeners added later get wrapped on the next call', () => {
    const server = new EventEmitter();
    const calls: unknown[] = [];
    server.on('request', () => calls.push(['a', seen()]));
    wrapRequestListeners(server, contextFor);
    const raw = server.rawListeners('request');
    wrapRequestListeners(server, contextFor);
    expect(server.rawListeners('request')).toEqual(raw);
    server.on('request', () => calls.push(['b', seen()]));
    wrapRequestListeners(server, contextFor);
    server.emit('request', 'known');
    expect(calls).toEqual([
      ['a', 'request'],
      ['b', 'request'],
    ]);
  });

  test('listeners() and removeListener() see the original functions; once() stays once', () => {
    const server = new EventEmitter();
    const calls: string[] = [];
    const a = () => calls.push('a');
    const b = () => calls.push('b');
    server.on('request', a);
    server.once('request', b);
    wrapRequestListeners(server, contextFor);
    expect(server.listeners('request')).toEqual([a, b]);
    server.emit('request', 'known');
    server.emit('request', 'known');
    expect(calls).toEqual(['a', 'b', 'a']);
    server.removeListener('request', a);
    expect(server.listenerCount('request')).toBe(0);
  });

  test('a throwing contextFor still runs the listener, once', () => {
    const server = new EventEmitter();
    let runs = 0;
    server.on('request', () => runs++);
    wrapRequestListeners(server, () => {
      throw new Error('sdk bug');
    });
    server.emit('request', 'known');
    expect(runs).toBe(1);
  });
});
