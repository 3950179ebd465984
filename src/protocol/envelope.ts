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
  // Text items (the common case) become one string, encoded once into one buffer.
  let text = `${JSON.stringify(headers)}\n`;
  let parts: Buffer[] | undefined;
  for (let i = 0; i < items.length; i++) {
    const [itemHeaders, payload] = items[i] as EnvelopeItem;
    if (payload instanceof Uint8Array) {
      parts ??= [];
      parts.push(
        Buffer.from(text),
        // Object.assign: on Node 20 a `{ ...a, b }` object survives the next scavenge (one per event).
        Buffer.from(`${JSON.stringify(Object.assign({}, itemHeaders, { length: payload.length }))}\n`),
      );
      parts.push(Buffer.from(payload), Buffer.from('\n'));
      text = '';
      continue;
    }
    const body = payloadJson?.[i] ?? (typeof payload === 'string' ? payload : JSON.stringify(payload));
    text += `${JSON.stringify(Object.assign({}, itemHeaders, { length: Buffer.byteLength(body) }))}\n${body}\n`;
  }
  if (!parts) return Buffer.from(text);
  parts.push(Buffer.from(text));
  return Buffer.concat(parts);
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
