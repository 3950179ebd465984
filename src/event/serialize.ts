// An event's JSON, serialized once: the text that is size-checked is the text that is sent.
// Only an event over the limit (or one a processor made unserializable) pays for a second pass.
// Stack frames, modules and the SDK's description, most of the text, come from a cache of fragments (json-fragments.ts):
// the event is serialized with a placeholder in their place, which their JSON then replaces.
import { randomUUID } from 'node:crypto';
import type { Event } from '../protocol/types.js';
import { FragmentCache } from './json-fragments.js';
import { fitEventToSize } from './truncate.js';

/** Relay's per-event limit. */
export const MAX_EVENT_BYTES = 1_000_000;

export interface SerializedEvent {
  event: Event;
  json: string;
}

/** `event` and its JSON, fitted under `maxBytes` UTF-8 bytes. Never throws. */
export function serializeEvent(event: Event, maxBytes = MAX_EVENT_BYTES): SerializedEvent {
  const json = stringifyWithFragments(event);
  // A UTF-16 unit is at most 3 UTF-8 bytes: most events fit without counting bytes.
  if (json !== undefined && (json.length * 3 <= maxBytes || Buffer.byteLength(json) <= maxBytes)) {
    return { event, json };
  }
  const fitted = fitEventToSize(event, maxBytes);
  return { event: fitted, json: stringify(fitted) ?? '{}' };
}

function stringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined; // a cycle or BigInt a processor added: fitEventToSize normalizes it
  }
}

const framesCache = new FragmentCache();
const wholeCache = new FragmentCache();
// No user value can hold this by chance: a NUL and a per-process random id.
const MARK = `\u0000otel-sentry-fragment:${randomUUID()}:`;
const quotedMarks: string[] = [];

/** A field of the event set aside while the rest is serialized. */
interface Hole {
  owner: Record<string, unknown>;
  key: string;
  value: unknown;
  json: string;
}

function stringifyWithFragments(event: Event): string | undefined {
  const holes: Hole[] = [];
  try {
    for (const value of event.exception?.values ?? []) {
      const frames = value?.stacktrace?.frames;
      if (!Array.isArray(frames) || frames.length === 0) continue;
      const last = frames[frames.length - 1];
      const key = `${frames.length}\u0000${last?.filename}\u0000${last?.lineno}\u0000${last?.colno}`;
      setAside(
        holes,
        value.stacktrace as unknown as Record<string, unknown>,
        'frames',
        framesCache.json(key, frames),
      );
    }
    // The modules list and the SDK's description are the same from event to event.
    const owner = event as Record<string, unknown>;
    for (const key of ['modules', 'sdk'] as const) {
      const value = event[key];
      if (value !== null && typeof value === 'object')
        setAside(holes, owner, key, wholeCache.json(key, value));
    }
    if (holes.length === 0) return stringify(event);
    let text = JSON.stringify(event);
    for (let i = 0; i < holes.length; i++) {
      const quoted = quotedMark(i);
      const at = text.indexOf(quoted);
      if (at === -1 || text.indexOf(quoted, at + quoted.length) !== -1)
        return restoreAndStringify(event, holes);
      text = text.slice(0, at) + (holes[i] as Hole).json + text.slice(at + quoted.length);
    }
    return text;
  } catch {
    return restoreAndStringify(event, holes);
  } finally {
    restore(holes);
  }
}

function setAside(
  holes: Hole[],
  owner: Record<string, unknown>,
  key: string,
  json: string | undefined,
): void {
  if (json === undefined) return;
  const value = owner[key];
  owner[key] = `${MARK}${holes.length}`; // throws on a frozen owner: the caller serializes in full
  holes.push({ owner, key, value, json });
}

function restore(holes: Hole[]): void {
  for (let i = holes.length - 1; i >= 0; i--) {
    const hole = holes[i] as Hole;
    try {
      hole.owner[hole.key] = hole.value;
    } catch {
      // set, so it can be set back
    }
  }
  holes.length = 0;
}

function restoreAndStringify(event: Event, holes: Hole[]): string | undefined {
  restore(holes);
  return stringify(event);
}

function quotedMark(i: number): string {
  quotedMarks[i] ??= JSON.stringify(`${MARK}${i}`);
  return quotedMarks[i] as string;
}
