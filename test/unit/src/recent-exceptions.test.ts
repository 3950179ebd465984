// The string-identity store of recent exceptions: the whole identity (stack included) decides,
// sightings expire after the window, and the store stays bounded.
import { expect, it } from 'vitest';
import { DEDUPE_WINDOW_MS, exceptionKey, RecentExceptions } from '../../../src/recent-exceptions.js';

const attrs = (stack: string, message = 'boom') => ({
  'exception.type': 'Error',
  'exception.message': message,
  'exception.stacktrace': stack,
});

it('recognises the same exception, and tells apart one thrown elsewhere', () => {
  const store = new RecentExceptions();
  expect(store.seen(exceptionKey('t', attrs('at a')), 0)).toBe(false);
  expect(store.seen(exceptionKey('t', attrs('at a')), 10)).toBe(true);
  expect(store.seen(exceptionKey('t', attrs('at b')), 20)).toBe(false); // same message, other stack
  expect(store.seen(exceptionKey('t', attrs('at b')), 30)).toBe(true);
  expect(store.seen(exceptionKey('t', attrs('at a', 'other')), 40)).toBe(false);
  expect(store.seen(exceptionKey('u', attrs('at a')), 50)).toBe(false); // another trace
  expect(store.seen('t\u0001plain', 60)).toBe(false);
  expect(store.seen('t\u0001plain', 70)).toBe(true);
});

it('forgets a sighting after the window', () => {
  const store = new RecentExceptions();
  expect(store.seen(exceptionKey('t', attrs('at a')), 0)).toBe(false);
  expect(store.seen(exceptionKey('t', attrs('at a')), DEDUPE_WINDOW_MS + 1)).toBe(false);
  expect(store.seen(exceptionKey('t', attrs('at a')), DEDUPE_WINDOW_MS + 2)).toBe(true);
});

it('stays bounded, keeping the most recent sightings', () => {
  const store = new RecentExceptions();
  const key = (i: number) => exceptionKey('t', attrs(`at ${i}`, `m${i % 7}`));
  // 5 000 sightings within one window: only the bound makes the store forget the oldest.
  for (let i = 0; i < 5_000; i++) store.seen(key(i), i / 10);
  expect(store.seen(key(4_999), 500)).toBe(true);
  expect(store.seen(key(0), 500)).toBe(false);
});
