// relayRewrite: the forms Relay accepts beyond the schema are rewritten as Relay stores them, and
// nothing else is, so the schema still rejects what Relay would.
import { describe, expect, it } from 'vitest';
import { relayRewrite, schemaErrors } from '../../helpers/schema.js';

const BASE = { event_id: 'a'.repeat(32), timestamp: 1, platform: 'node', level: 'error' };

describe('relayRewrite', () => {
  it('wraps bare breadcrumbs, exception and threads arrays in { values }', () => {
    const crumbs = [{ message: 'm' }];
    const exception = [{ type: 'Error', value: 'x' }];
    const threads = [{ id: 1 }];
    expect(relayRewrite({ ...BASE, breadcrumbs: crumbs, exception, threads })).toMatchObject({
      breadcrumbs: { values: crumbs },
      exception: { values: exception },
      threads: { values: threads },
    });
    const wrapped = { ...BASE, breadcrumbs: { values: crumbs } };
    expect(relayRewrite(wrapped)).toEqual(wrapped);
  });

  it('turns a message string or object into logentry, level log into info', () => {
    expect(relayRewrite({ ...BASE, level: 'log', message: 'hi' })).toEqual({
      ...BASE,
      level: 'info',
      logentry: { formatted: 'hi' },
    });
    const entry = { message: 'a %s', params: [1] };
    expect(relayRewrite({ ...BASE, message: entry })).toEqual({ ...BASE, logentry: entry });
  });

  it('leaves a message beside a logentry for the schema to reject', () => {
    const event = { ...BASE, message: 'hi', logentry: { formatted: 'hi' } };
    expect(relayRewrite(event)).toEqual(event);
    expect(schemaErrors(event)).toContain('additionalProperty');
  });

  it('stringifies number and boolean tag values only', () => {
    expect(relayRewrite({ ...BASE, tags: { n: 1, b: false, s: 's', o: { x: 1 } } })).toMatchObject({
      tags: { n: '1', b: 'false', s: 's', o: { x: 1 } },
    });
    expect(schemaErrors({ ...BASE, tags: { n: 1, b: true } })).toBeUndefined();
    expect(schemaErrors({ ...BASE, tags: { o: { x: 1 } } })).toBeDefined();
  });

  it('moves custom user keys into user.data, keeping given data', () => {
    expect(
      relayRewrite({ ...BASE, user: { id: 1, email: 'a@b.c', plan: 'pro', data: { team: 't' } } }),
    ).toMatchObject({ user: { id: '1', email: 'a@b.c', data: { plan: 'pro', team: 't' } } });
    expect(schemaErrors({ ...BASE, user: { id: '1', plan: 'pro' } })).toBeUndefined();
  });

  it("validates @sentry/node's shapes and never changes its input", () => {
    const event = {
      ...BASE,
      level: 'log',
      message: 'text',
      breadcrumbs: [{ message: 'm', level: 'log', timestamp: 1 }],
      tags: { n: 42 },
      user: { id: 1, plan: 'pro' },
    };
    const copy = structuredClone(event);
    expect(schemaErrors(event)).toBeUndefined();
    expect(event).toEqual(copy);
    expect(relayRewrite(event)).toMatchObject({
      level: 'info',
      logentry: { formatted: 'text' },
      breadcrumbs: { values: [{ message: 'm', level: 'info', timestamp: 1 }] },
      tags: { n: '42' },
      user: { id: '1', data: { plan: 'pro' } },
    });
  });

  it('passes anything that is not an object through', () => {
    expect(relayRewrite(null)).toBeNull();
    expect(relayRewrite('x')).toBe('x');
    expect(schemaErrors([])).toBeDefined();
  });
});
