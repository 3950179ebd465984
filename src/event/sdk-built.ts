// Objects the SDK itself built from host facts (runtime, os, device… contexts): plain, bounded
// and free of user data, so normalization and scrubbing need not walk them for every event.
// A processor that replaces one gets the full walk; one that edits it in place still serializes
// safely (an unserializable event is normalized as a whole before it is sent).
const built = new WeakSet<object>();

export function markSdkBuilt<T extends object>(value: T): T {
  built.add(value);
  return value;
}

export function isSdkBuilt(value: unknown): boolean {
  return typeof value === 'object' && value !== null && built.has(value);
}
