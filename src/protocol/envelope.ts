// Envelope serialization (what goes on the wire) and a strict parser (for tests, the offline
// buffer and receivers). Format: header line, then per item a header line and a payload whose
// byte length is declared in the item header.
import type { Envelope, EnvelopeHeaders, EnvelopeItem, EnvelopeItemHeaders } from './types.js';

const NEWLINE = 0x0a;

/**
 * Serializes an envelope. JSON payloads must already be normalized (no cycles, no BigInt).
 * `payloadJson[i]`, when given, is item i's payload already serialized by the caller (the client
 * serializes an event once, to check its size): it is used as is instead of a second stringify.
 */
export function serializeEnvelope(
  envelope: Envelope,
  payloadJson?: ReadonlyArray<string | undefined>,
): Buffer {
  const [headers, items] = envelope;
  // Each part is written once into one buffer of the exact size: no concatenated string to
  // flatten, no pooled intermediate to copy. The buffer owns its memory, so a queue holding it
  // pins nothing else.
  const parts: Array<string | Uint8Array> = [];
  const sizes: number[] = [];
  let total = 0;
  const add = (part: string | Uint8Array, size: number): void => {
    parts.push(part);
    sizes.push(size);
    total += size;
  };
  const text = (part: string): void => add(part, Buffer.byteLength(part));
  text(`${JSON.stringify(headers)}\n`);
  for (let i = 0; i < items.length; i++) {
    const [itemHeaders, payload] = items[i] as EnvelopeItem;
    const body =
      payload instanceof Uint8Array
        ? payload
        : (payloadJson?.[i] ?? (typeof payload === 'string' ? payload : JSON.stringify(payload)));
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    // Object.assign, not `{ ...a, length }` (see copyRecord in utils/is.ts).
    text(`${JSON.stringify(Object.assign({}, itemHeaders, { length }))}\n`);
    add(body, length);
    add('\n', 1);
  }
  const out = Buffer.allocUnsafeSlow(total);
  let offset = 0;
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string | Uint8Array;
    if (typeof part === 'string') out.write(part, offset);
    else out.set(part, offset);
    offset += sizes[i] as number;
  }
  return out;
}

export type ParseResult = { ok: true; envelope: Envelope } | { ok: false; reason: string };

/**
 * Parses an envelope as strictly as Relay: single-line JSON headers, an exact `length` when given
 * and a newline (or EOF) after each payload. JSON payloads are parsed for `application/json`-like
 * item types; others stay raw `Buffer`s.
 */
export function parseEnvelope(data: Uint8Array): ParseResult {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let pos = 0;
  const readLine = (): string | undefined => {
    if (pos >= buf.length) return undefined;
    let end = buf.indexOf(NEWLINE, pos);
    if (end === -1) end = buf.length;
    const line = buf.toString('utf8', pos, end);
    pos = end + 1;
    return line;
  };
  const headerLine = readLine();
  if (headerLine === undefined) return { ok: false, reason: 'empty envelope' };
  const headers = parseJsonObject(headerLine);
  if (!headers) return { ok: false, reason: 'envelope header is not a JSON object' };
  const items: EnvelopeItem[] = [];
  while (pos < buf.length) {
    const line = readLine();
    if (line === undefined || line === '') {
      if (pos >= buf.length) break;
      return { ok: false, reason: `empty line where an item header was expected at byte ${pos}` };
    }
    const itemHeaders = parseJsonObject(line) as EnvelopeItemHeaders | undefined;
    if (!itemHeaders || typeof itemHeaders.type !== 'string') {
      return { ok: false, reason: `item header is not a JSON object with a type: ${line.slice(0, 100)}` };
    }
    let payload: Buffer;
    if (itemHeaders.length !== undefined) {
      if (!Number.isInteger(itemHeaders.length) || itemHeaders.length < 0) {
        return { ok: false, reason: `invalid item length ${String(itemHeaders.length)}` };
      }
      const end = pos + itemHeaders.length;
      if (end > buf.length) return { ok: false, reason: 'payload shorter than its declared length' };
      payload = buf.subarray(pos, end);
      pos = end;
      if (pos < buf.length) {
        if (buf[pos] !== NEWLINE) return { ok: false, reason: 'payload not followed by a newline' };
        pos += 1;
      }
    } else {
      let end = buf.indexOf(NEWLINE, pos);
      if (end === -1) end = buf.length;
      payload = buf.subarray(pos, end);
      pos = end + 1;
    }
    if (isJsonItem(itemHeaders.type)) {
      try {
        items.push([itemHeaders, JSON.parse(payload.toString('utf8'))]);
      } catch {
        return { ok: false, reason: `item of type ${itemHeaders.type} is not valid JSON` };
      }
    } else {
      items.push([itemHeaders, Buffer.from(payload)]);
    }
  }
  return { ok: true, envelope: [headers as EnvelopeHeaders, items] };
}

function isJsonItem(type: string): boolean {
  return type !== 'attachment' && type !== 'replay_recording';
}

function parseJsonObject(line: string): Record<string, unknown> | undefined {
  if (line !== line.trim()) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
