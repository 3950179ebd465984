// The inbox reads events in every form Relay accepts: @sentry/node's (breadcrumbs and exception as
// arrays, `message`, a parameterized `logentry`) and the schema's (`{ values }`, `logentry.formatted`).
import { describe, expect, it } from 'vitest';
import {
  breadcrumbList,
  eventMessage,
  eventTitle,
  exceptionValues,
  fillTemplate,
} from '../../../../src/inbox/event-fields.js';
import type { Event } from '../../../../src/protocol/types.js';

const loose = (event: Record<string, unknown>) => event as unknown as Event;

describe('inbox event fields', () => {
  it('breadcrumbs and exceptions as arrays or as { values }', () => {
    const crumbs = [{ message: 'a' }, null, 'junk', { message: 'b' }];
    expect(breadcrumbList(loose({ breadcrumbs: crumbs }))).toEqual([{ message: 'a' }, { message: 'b' }]);
    expect(breadcrumbList(loose({ breadcrumbs: { values: crumbs } }))).toEqual([
      { message: 'a' },
      { message: 'b' },
    ]);
    expect(breadcrumbList(loose({ breadcrumbs: 'nonsense' }))).toEqual([]);
    const exception = [{ type: 'TypeError', value: 'x' }];
    expect(exceptionValues(loose({ exception }))).toEqual(exception);
    expect(eventTitle(loose({ exception: { values: exception } }))).toBe('TypeError: x');
  });

  it('the message from `message`, `logentry.formatted`, or a template filled with its params', () => {
    expect(eventMessage(loose({ message: 'plain' }))).toBe('plain');
    expect(eventMessage(loose({ logentry: { formatted: 'done' } }))).toBe('done');
    expect(eventMessage(loose({ message: { formatted: 'legacy object' } }))).toBe('legacy object');
    expect(
      eventMessage(loose({ logentry: { message: 'user %s failed %s times (100%%)', params: ['ann', 3] } })),
    ).toBe('user ann failed 3 times (100%)');
    expect(eventTitle(loose({ logentry: { message: 'no params %s' } }))).toBe('no params %s');
    expect(eventMessage(loose({}))).toBeUndefined();
  });

  it('fillTemplate: objects as JSON, missing params left as placeholders', () => {
    expect(fillTemplate('%s and %s and %s', [{ a: 1 }, null])).toBe('{"a":1} and null and %s');
    expect(fillTemplate('%%s stays', [1])).toBe('%s stays');
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(fillTemplate('%s %s', [cycle, 10n])).toBe('[unprintable] [unprintable]');
  });
});
