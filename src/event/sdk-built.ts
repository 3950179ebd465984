// Objects the SDK itself built from host facts (runtime, os, device… contexts): plain, bounded
// and free of user data, so normalization and scrubbing need not walk them for every event.
// They are marked by a prototype of their own rather than a WeakSet: a weak collection keyed by
// short-lived objects makes every minor GC do extra work. A copy a processor makes (`{ ...ctx }`)
// is a plain object again and gets the full walk; one edited in place still serializes safely
// (an unserializable event is normalized as a whole before it is sent).
class SdkBuilt {}

/** A marked copy of `fields`, with `extra`'s fields added. */
export function sdkBuilt<T extends object, E extends object = object>(fields: T, extra?: E): T & E {
  return Object.assign(new SdkBuilt(), fields, extra) as T & E;
}

export function isSdkBuilt(value: unknown): boolean {
  return value instanceof SdkBuilt;
}
