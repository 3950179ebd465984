// Property tests of the envelope writer against the strict parser: what we write parses back to
// what we meant, and writing the parsed envelope again gives the same bytes, for any JSON
// (multi-byte text, lone surrogates, newlines in strings) and any binary attachment.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseEnvelope, serializeEnvelope } from '../../../../src/protocol/envelope.js';
import type { Envelope, EnvelopeItem } from '../../../../src/protocol/types.js';

const text = fc.string({ unit: 'binary', maxLength: 60 }); // any UTF-16, astral and lone surrogates too
const json = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' });
const jsonObject = fc.dictionary(text, json, { maxKeys: 5 });
const jsonItem: fc.Arbitrary<EnvelopeItem> = fc
  .tuple(fc.constantFrom('event', 'transaction', 'client_report', 'session', 'log'), jsonObject)
  .map(([type, payload]) => [{ type }, payload] as EnvelopeItem);
const attachment: fc.Arbitrary<EnvelopeItem> = fc
  .tuple(text, fc.uint8Array({ maxLength: 300 }))
  .map(([filename, bytes]) => [{ type: 'attachment', filename }, bytes] as EnvelopeItem);
/** A text attachment: written as UTF-8, read back as its bytes. */
const textAttachment: fc.Arbitrary<EnvelopeItem> = fc
  .string({ unit: 'grapheme', maxLength: 80 })
  .map((body) => [{ type: 'attachment', content_type: 'text/plain' }, body] as EnvelopeItem);
const envelope: fc.Arbitrary<Envelope> = fc
  .tuple(jsonObject, fc.array(fc.oneof(jsonItem, attachment, textAttachment), { maxLength: 6 }))
  .map(([headers, items]) => [headers, items] as Envelope);

describe('envelope properties', () => {
  test('parse(write(e)) is e, and writing it again gives the same bytes', () => {
    fc.assert(
      fc.property(envelope, (input) => {
        const bytes = serializeEnvelope(input);
        const parsed = parseEnvelope(bytes);
        if (!parsed.ok) throw new Error(parsed.reason);
        const [headers, items] = parsed.envelope;
        expect(headers).toEqual(JSON.parse(JSON.stringify(input[0])));
        expect(items).toHaveLength(input[1].length);
        items.forEach(([itemHeaders, payload], i) => {
          const [wantHeaders, wantPayload] = input[1][i] as EnvelopeItem;
          expect(itemHeaders.type).toBe(wantHeaders.type);
          if (typeof wantPayload === 'string') {
            expect(Buffer.from(payload as Uint8Array).equals(Buffer.from(wantPayload, 'utf8'))).toBe(true);
          } else if (wantPayload instanceof Uint8Array) {
            expect(Buffer.from(payload as Uint8Array).equals(Buffer.from(wantPayload))).toBe(true);
          } else {
            expect(payload).toEqual(JSON.parse(JSON.stringify(wantPayload)));
          }
          // `length` counts bytes, not UTF-16 units.
          const raw =
            typeof wantPayload === 'string' || wantPayload instanceof Uint8Array
              ? wantPayload
              : JSON.stringify(wantPayload);
          expect(itemHeaders.length).toBe(Buffer.byteLength(raw as string));
        });
        expect(serializeEnvelope(parsed.envelope).equals(bytes)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test('any bytes: the parser answers ok or a reason, never throws', () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 400 }),
      envelope.chain((e) => {
        const good = serializeEnvelope(e);
        return fc.integer({ min: 0, max: Math.max(0, good.length - 1) }).map((cut) => good.subarray(0, cut));
      }),
    );
    fc.assert(
      fc.property(bytes, (data) => {
        const result = parseEnvelope(data);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) expect(typeof result.reason).toBe('string');
      }),
      { numRuns: 400 },
    );
  });
});
