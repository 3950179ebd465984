// One error, one event. The same Error object reaches the SDK several ways (captureException,
// each span that recorded it, a framework handler, the uncaught-exception handler); and an app
// may capture the very same failure twice in a row. Both give a single event.
import { capturedEventId } from '../captured-errors.js';
import type { Integration } from '../integration.js';
import type { Event } from '../protocol/types.js';

export function dedupeIntegration(): Integration {
  let previous: Event | undefined;
  return {
    name: 'Dedupe',
    processEvent(event, hint) {
      if (event.type === 'transaction') return event;
      // The client remembers each captured object with the id of its first event.
      const firstId = capturedEventId(hint.originalException);
      if (firstId && firstId !== event.event_id) return null;
      if (previous && isSameEvent(previous, event)) return null;
      previous = event;
      return event;
    },
  };
}

/** @internal exported for tests */
export function isSameEvent(a: Event, b: Event): boolean {
  if (a.fingerprint?.join() !== b.fingerprint?.join()) return false;
  if (a.logentry || b.logentry)
    return a.logentry?.formatted === b.logentry?.formatted && !a.exception && !b.exception;
  const ea = a.exception?.values.at(-1);
  const eb = b.exception?.values.at(-1);
  if (!ea || !eb || ea.type !== eb.type || ea.value !== eb.value) return false;
  // Mechanism data tells occurrences apart (a queue job's attempt 1 and its retry).
  if (JSON.stringify(ea.mechanism?.data) !== JSON.stringify(eb.mechanism?.data)) return false;
  const fa = ea.stacktrace?.frames ?? [];
  const fb = eb.stacktrace?.frames ?? [];
  if (fa.length !== fb.length || fa.length === 0) return false;
  return fa.every((f, i) => {
    const g = fb[i];
    return (
      g &&
      f.filename === g.filename &&
      f.lineno === g.lineno &&
      f.colno === g.colno &&
      f.function === g.function
    );
  });
}
