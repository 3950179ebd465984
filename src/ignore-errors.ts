// `ignoreErrors`: events whose message or exception matches a pattern are never sent.
import type { Event } from './protocol/types.js';
import { safe } from './utils/safe.js';

/** A string matches as a substring, a RegExp as a test, against each value and `type: value`. */
export function matchesIgnoreErrors(event: Event, patterns: ReadonlyArray<string | RegExp>): boolean {
  if (!patterns.length) return false;
  const messages: string[] = [];
  if (event.logentry?.formatted) messages.push(event.logentry.formatted);
  for (const ex of event.exception?.values ?? []) {
    if (ex.value) messages.push(ex.value);
    if (ex.type) messages.push(ex.value ? `${ex.type}: ${ex.value}` : ex.type);
  }
  return messages.some((m) =>
    patterns.some((p) =>
      typeof p === 'string' ? m.includes(p) : safe('ignoreErrors', () => p.test(m), false),
    ),
  );
}
