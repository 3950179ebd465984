import { describe, expect, it } from 'vitest';
import type { Event } from '../../../src/protocol/types.js';
import { Scope } from '../../../src/scope.js';
import { applyScopeDataToEvent, mergeScopeData } from '../../../src/scope-data.js';

describe('Scope', () => {
  it('forks copy-on-write', () => {
    const parent = new Scope().setTag('a', '1').setUser({ id: 'u1' }).setContext('c', { x: 1 });
    parent.addBreadcrumb({ message: 'p' });
    const child = parent.clone().setTag('b', '2').setUser({ id: 'u2' }).setContext('c', null);
    child.addBreadcrumb({ message: 'c' });
    expect(parent.getScopeData()).toMatchObject({
      tags: { a: '1' },
      user: { id: 'u1' },
      contexts: { c: { x: 1 } },
    });
    expect(parent.getScopeData().breadcrumbs).toHaveLength(1);
    expect(child.getScopeData()).toMatchObject({
      tags: { a: '1', b: '2' },
      user: { id: 'u2' },
      contexts: {},
    });
    expect(child.getScopeData().breadcrumbs).toHaveLength(2);
  });

  it('shares nothing a later write on either side could change', () => {
    const parent = new Scope().setTag('a', '1');
    parent.addBreadcrumb({ message: 'p' });
    const first = () => null;
    parent.addEventProcessor(first);
    const child = parent.clone();
    parent.addBreadcrumb({ message: 'parent later' });
    parent.addEventProcessor(() => null);
    parent.setTag('a', 'changed').setExtra('e', 1);
    child.addBreadcrumb({ message: 'child later' });
    expect(child.getScopeData().breadcrumbs.map((b) => b.message)).toEqual(['p', 'child later']);
    expect(child.getScopeData().eventProcessors).toEqual([first]);
    expect(child.getScopeData()).toMatchObject({ tags: { a: '1' }, extra: {} });
    expect(parent.getScopeData().breadcrumbs.map((b) => b.message)).toEqual(['p', 'parent later']);
    expect(parent.getScopeData().eventProcessors).toHaveLength(2);
    child.clear();
    child.addEventProcessor(() => null);
    expect(parent.getScopeData().eventProcessors).toHaveLength(2);
  });

  it('keeps the newest maxBreadcrumbs breadcrumbs', () => {
    const s = new Scope();
    for (let i = 0; i < 10; i++) s.addBreadcrumb({ message: String(i) }, 3);
    expect(s.getScopeData().breadcrumbs.map((b) => b.message)).toEqual(['7', '8', '9']);
    s.addBreadcrumb({ message: 'x' }, 0);
    expect(s.getScopeData().breadcrumbs).toHaveLength(3);
  });

  it('keeps number and boolean tag values as set (as @sentry/node), stringifies others, clears data but not processors', () => {
    const p = (e: Event) => e;
    const s = new Scope()
      .setTags({ n: 1, b: true, o: null, big: 2n, long: 'x'.repeat(300) })
      .addEventProcessor(p);
    expect(s.getScopeData().tags).toEqual({ n: 1, b: true, o: 'null', big: '2', long: 'x'.repeat(200) });
    s.clear();
    expect(s.getScopeData().tags).toEqual({});
    expect(s.getScopeData().eventProcessors).toEqual([p]);
  });

  it('merges global → isolation → current, the most specific winning', () => {
    const global = new Scope().setTag('who', 'global').setTag('g', '1').setLevel('info');
    const isolation = new Scope().setTag('who', 'isolation').setUser({ id: 'iso' });
    const current = new Scope().setTag('who', 'current').setLevel('warning');
    global.addBreadcrumb({ message: 'g', timestamp: 1 });
    isolation.addBreadcrumb({ message: 'i', timestamp: 3 });
    current.addBreadcrumb({ message: 'c', timestamp: 2 });
    const data = mergeScopeData(
      [global, isolation, current].map((s) => s.getScopeData()),
      2,
    );
    expect(data.tags).toEqual({ who: 'current', g: '1' });
    expect(data.level).toBe('warning');
    expect(data.breadcrumbs.map((b) => b.message)).toEqual(['c', 'i']);

    const event: Event = { tags: { who: 'event' }, user: { email: 'e@x' } };
    applyScopeDataToEvent(event, data);
    expect(event.tags).toEqual({ who: 'event', g: '1' });
    expect(event.user).toEqual({ id: 'iso', email: 'e@x' });
    expect(event.level).toBe('warning');
  });
});
