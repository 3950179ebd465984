// One error, one event. The same Error object reaches the SDK several ways (captureException,
// each span that recorded it, a framework handler, the uncaught-exception handler); and an app
// may capture the very same failure twice in a row. Both give a single event.
import { capturedEventId } from '../captured-errors.js';
import { messageOf } from '../event/fields.js';
import type { Integration } from '../integration.js';
import type { Event } from '../protocol/types.js';

export function dedupeIntegration(): Integration {
  // A key, not the previous event: a long-lived closure holding each new event made every minor
  // GC promote that event (and the error and stack it points to) to the old space, which grew
  // by ~30 MB over a burst of 20 000 captures.
  let previous: string | undefined;
  return {
    name: 'Dedupe',
    processEvent(event, hint) {
      if (event.type === 'transaction') return event;
      // The client remembers each captured object with the id of its first event.
      const firstId = capturedEventId(hint.originalException);
      if (firstId && firstId !== event.event_id) return null;
      const key = dedupeKey(event);
      if (key !== undefined && key === previous) return null;
      previous = key;
      return event;
    },
  };
}

/** @internal exported for tests */
export function isSameEvent(a: Event, b: Event): boolean {
  const key = dedupeKey(a);
  return key !== undefined && key === dedupeKey(b);
}

/**
 * What makes two events the same failure: fingerprint, then the message (events without an
 * exception) or the innermost exception's type, value and frames. Undefined: never a duplicate.
 */
function dedupeKey(event: Event): string | undefined {
  const fingerprint = event.fingerprint ? `[${event.fingerprint.join()}]` : '-';
  const message = messageOf(event);
  if (message !== undefined) return event.exception ? undefined : `L${fingerprint}\0${message}`;
  const last = event.exception?.values.at(-1);
  const frames = last?.stacktrace?.frames;
  if (!last || !frames || frames.length === 0) return undefined;
  // Mechanism data tells occurrences apart (a queue job's attempt 1 and its retry).
  const data = last.mechanism?.data ? JSON.stringify(last.mechanism.data) : '';
  let key = `E${fingerprint}\0${last.type}\0${last.value}\0${data}`;
  for (const f of frames) key += `\0${f.filename}:${f.lineno}:${f.colno}:${f.function}`;
  return key;
}
