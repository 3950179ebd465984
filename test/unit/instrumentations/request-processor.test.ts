import { describe, expect, test } from 'vitest';
import {
  type RequestState,
  requestEventProcessor,
} from '../../../instrumentations/http-server/request-processor.js';
import type { Event } from '../../../src/protocol/types.js';

function state(over: Partial<RequestState> = {}): RequestState {
  return {
    request: () => ({ method: 'GET', url: 'http://a/users/1', headers: { host: 'a' } }),
    method: 'GET',
    defaultName: 'GET /users/1',
    body: undefined,
    rpcMetadata: undefined,
    span: undefined,
    ip: undefined,
    ...over,
  };
}

const run = (s: RequestState, event: Event) => requestEventProcessor(s)(event, {}) as Event;

describe('requestEventProcessor', () => {
  test("turns the request's data into event.request; the event own fields win", () => {
    const event = run(state(), { transaction: 'GET /users/1', request: { url: 'custom' } });
    expect(event.request).toEqual({ method: 'GET', url: 'custom', headers: { host: 'a' } });
    expect(event.transaction).toBe('GET /users/1');
    expect(event.transaction_info).toEqual({ source: 'url' });
  });

  test('a route matched later names the event', () => {
    const rpcMetadata: { route?: string } = {};
    const s = state({ rpcMetadata });
    rpcMetadata.route = '/users/:id';
    const event = run(s, { transaction: 'GET /users/1' });
    expect(event.transaction).toBe('GET /users/:id');
    expect(event.transaction_info).toEqual({ source: 'route' });
  });

  test("the span's http.route works too; a name the app chose is kept", () => {
    const span = { attributes: { 'http.route': '/users/:uid' } };
    expect(run(state({ span }), { transaction: 'GET /users/1' }).transaction).toBe('GET /users/:uid');
    expect(run(state({ span }), { transaction: 'mine' }).transaction).toBe('mine');
    expect(run(state({ span }), { type: 'transaction', transaction: 'GET /users/1' }).transaction).toBe(
      'GET /users/1',
    );
  });

  test('body and IP are added when present', () => {
    const event = run(state({ body: { text: () => '{"a":1}' }, ip: '1.2.3.4' }), { user: { id: 7 } });
    expect(event.request?.data).toBe('{"a":1}');
    expect(event.user).toEqual({ id: 7, ip_address: '1.2.3.4' });
  });

  test('never throws: a broken state leaves the event as it was', () => {
    const broken = state();
    broken.request = () => {
      throw new Error('boom');
    };
    const event = { message: 'x' } as Event;
    expect(run(broken, event)).toBe(event);
  });
});
