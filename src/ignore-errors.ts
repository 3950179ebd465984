// `ignoreErrors` and `ignoreTransactions`: events whose message, exception or transaction name
// matches a pattern are never sent.
import { messageOf } from './event/fields.js';
import type { Event } from './protocol/types.js';
import { safe } from './utils/safe.js';

/** A string matches as a substring, a RegExp as a test, against each value and `type: value`. */
export function matchesIgnoreErrors(event: Event, patterns: ReadonlyArray<string | RegExp>): boolean {
  if (!patterns.length) return false;
  const messages: string[] = [];
  const message = messageOf(event);
  if (message) messages.push(message);
  for (const ex of event.exception?.values ?? []) {
    if (ex.value) messages.push(ex.value);
    if (ex.type) messages.push(ex.value ? `${ex.type}: ${ex.value}` : ex.type);
  }
  return messages.some((m) => matchesPattern(m, patterns));
}

/** Whether a transaction's name matches one of `ignoreTransactions`. */
export function matchesIgnoreTransactions(event: Event, patterns: ReadonlyArray<string | RegExp>): boolean {
  return (
    patterns.length > 0 &&
    typeof event.transaction === 'string' &&
    matchesPattern(event.transaction, patterns)
  );
}

/** A string pattern matches as a substring, a RegExp by `test`. */
export function matchesPattern(value: string, patterns: ReadonlyArray<string | RegExp>): boolean {
  return patterns.some((p) =>
    typeof p === 'string' ? value.includes(p) : safe('pattern', () => p.test(value), false),
  );
}
