// An event's JSON, serialized once: the text that is size-checked is the text that is sent.
// Only an event over the limit (or one a processor made unserializable) pays for a second pass.
import type { Event } from '../protocol/types.js';
import { fitEventToSize } from './truncate.js';

/** Relay's per-event limit. */
export const MAX_EVENT_BYTES = 1_000_000;

export interface SerializedEvent {
  event: Event;
  json: string;
}

/** `event` and its JSON, fitted under `maxBytes` UTF-8 bytes. Never throws. */
export function serializeEvent(event: Event, maxBytes = MAX_EVENT_BYTES): SerializedEvent {
  const json = stringify(event);
  // A UTF-16 unit is at most 3 UTF-8 bytes: most events fit without counting bytes.
  if (json !== undefined && (json.length * 3 <= maxBytes || Buffer.byteLength(json) <= maxBytes)) {
    return { event, json };
  }
  const fitted = fitEventToSize(event, maxBytes);
  return { event: fitted, json: stringify(fitted) ?? '{}' };
}

function stringify(event: Event): string | undefined {
  try {
    return JSON.stringify(event);
  } catch {
    return undefined; // a cycle or BigInt a processor added: fitEventToSize normalizes it
  }
}
