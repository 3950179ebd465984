// A small decoder of OTLP protobuf requests (traces and logs), for the fields tests check. Output
// has the shape of OTLP/JSON (hex ids, `{ key, value: { stringValue | intValue | … } }`), so one
// reader serves both encodings.

type Json = Record<string, unknown>;
type Field = { no: number; wire: number; value: bigint | Uint8Array };

function* fields(buf: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = buf[pos++];
      if (byte === undefined) throw new Error('truncated varint');
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  const fixed = (bytes: number): bigint => {
    let result = 0n;
    for (let i = bytes - 1; i >= 0; i--) result = (result << 8n) | BigInt(buf[pos + i] ?? 0);
    pos += bytes;
    return result;
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const no = key >>> 3;
    const wire = key & 7;
    if (wire === 0) yield { no, wire, value: varint() };
    else if (wire === 1) yield { no, wire, value: fixed(8) };
    else if (wire === 5) yield { no, wire, value: fixed(4) };
    else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error('truncated field');
      yield { no, wire, value: buf.subarray(pos, pos + len) };
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
}

const bytes = (f: Field) => f.value as Uint8Array;
const text = (f: Field) => Buffer.from(bytes(f)).toString('utf8');
const hex = (f: Field) => Buffer.from(bytes(f)).toString('hex');
const num = (f: Field) => Number(f.value as bigint);

function anyValue(buf: Uint8Array): Json {
  for (const f of fields(buf)) {
    if (f.no === 1) return { stringValue: text(f) };
    if (f.no === 2) return { boolValue: (f.value as bigint) !== 0n };
    if (f.no === 3) return { intValue: String(BigInt.asIntN(64, f.value as bigint)) };
    if (f.no === 4)
      return { doubleValue: Buffer.from(new BigUint64Array([f.value as bigint]).buffer).readDoubleLE(0) };
    if (f.no === 5) {
      const values = [...fields(bytes(f))].filter((g) => g.no === 1).map((g) => anyValue(bytes(g)));
      return { arrayValue: { values } };
    }
  }
  return {};
}

function keyValue(buf: Uint8Array): Json {
  const kv: Json = {};
  for (const f of fields(buf)) {
    if (f.no === 1) kv.key = text(f);
    else if (f.no === 2) kv.value = anyValue(bytes(f));
  }
  return kv;
}

function withAttributes(buf: Uint8Array, attributesNo: number, read: (f: Field, out: Json) => void): Json {
  const out: Json = { attributes: [] };
  for (const f of fields(buf)) {
    if (f.no === attributesNo && f.wire === 2) (out.attributes as Json[]).push(keyValue(bytes(f)));
    else read(f, out);
  }
  return out;
}

const resource = (buf: Uint8Array) => withAttributes(buf, 1, () => {});

function span(buf: Uint8Array): Json {
  const events: Json[] = [];
  const out = withAttributes(buf, 9, (f, o) => {
    if (f.no === 1) o.traceId = hex(f);
    else if (f.no === 2) o.spanId = hex(f);
    else if (f.no === 4 && bytes(f).length > 0) o.parentSpanId = hex(f);
    else if (f.no === 5) o.name = text(f);
    else if (f.no === 6) o.kind = num(f);
    else if (f.no === 11) events.push(withAttributes(bytes(f), 3, eventField));
  });
  out.events = events;
  return out;
}

function eventField(f: Field, out: Json): void {
  if (f.no === 2) out.name = text(f);
}

function logRecord(buf: Uint8Array): Json {
  return withAttributes(buf, 6, (f, o) => {
    if (f.no === 2) o.severityNumber = num(f);
    else if (f.no === 3) o.severityText = text(f);
    else if (f.no === 5) o.body = anyValue(bytes(f));
    else if (f.no === 9 && bytes(f).length > 0) o.traceId = hex(f);
    else if (f.no === 10 && bytes(f).length > 0) o.spanId = hex(f);
  });
}

/** Resource → scope → item, as `{ resourceSpans | resourceLogs: [{ resource, scopeSpans | scopeLogs }] }`. */
function request(buf: Uint8Array, names: [string, string, string], item: (b: Uint8Array) => Json): Json {
  const [resourceKey, scopeKey, itemKey] = names;
  const resources: Json[] = [];
  for (const r of fields(buf)) {
    if (r.no !== 1) continue;
    const entry: Json = { [scopeKey]: [] };
    for (const f of fields(bytes(r))) {
      if (f.no === 1) entry.resource = resource(bytes(f));
      else if (f.no === 2) {
        const items = [...fields(bytes(f))].filter((g) => g.no === 2).map((g) => item(bytes(g)));
        (entry[scopeKey] as Json[]).push({ [itemKey]: items });
      }
    }
    resources.push(entry);
  }
  return { [resourceKey]: resources };
}

export function decodeTraces(buf: Uint8Array): Json {
  return request(buf, ['resourceSpans', 'scopeSpans', 'spans'], span);
}

export function decodeLogs(buf: Uint8Array): Json {
  return request(buf, ['resourceLogs', 'scopeLogs', 'logRecords'], logRecord);
}
