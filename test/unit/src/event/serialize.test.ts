import { describe, expect, it } from 'vitest';
import { getContextsSync } from '../../../../src/event/contexts.js';
import { finalizeEvent } from '../../../../src/event/finalize.js';
import { scrubEvent } from '../../../../src/event/scrub.js';
import { isSdkBuilt } from '../../../../src/event/sdk-built.js';
import { serializeEvent } from '../../../../src/event/serialize.js';
import { parseEnvelope, serializeEnvelope } from '../../../../src/protocol/envelope.js';
import type { Event } from '../../../../src/protocol/types.js';
import { createScrubRules } from '../../../../src/utils/scrub-rules.js';

const options = { normalizeDepth: 3, normalizeMaxBreadth: 1000, maxValueLength: 250 };

describe('serializeEvent', () => {
  it('returns the event itself and its JSON when it fits', () => {
    const event: Event = { event_id: 'a'.repeat(32), transaction: 'hi', extra: { n: 1 } };
    const out = serializeEvent(event);
    expect(out.event).toBe(event);
    expect(JSON.parse(out.json)).toEqual(event);
  });

  it('fits an event over the limit, and the JSON is that of the fitted event', () => {
    const event: Event = { event_id: 'a'.repeat(32), extra: { big: 'x'.repeat(5000), small: 1 } };
    const out = serializeEvent(event, 2000);
    expect(Buffer.byteLength(out.json)).toBeLessThanOrEqual(2000);
    expect(JSON.parse(out.json)).toEqual(out.event);
    expect(out.event.event_id).toBe(event.event_id);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const event: Event = { event_id: 'a'.repeat(32), extra: { text: 'é'.repeat(900) } };
    // 900 characters but 1 800 bytes: over a 1 500-byte limit.
    expect(Buffer.byteLength(serializeEvent(event, 1500).json)).toBeLessThanOrEqual(1500);
  });

  it('still serializes an event a processor made unserializable', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    const event = { event_id: 'a'.repeat(32), custom: cyclic, count: 10n } as unknown as Event;
    const out = serializeEvent(event);
    expect(() => JSON.parse(out.json)).not.toThrow();
    expect(JSON.parse(out.json).event_id).toBe(event.event_id);
  });
});

describe('serializeEnvelope with pre-serialized payloads', () => {
  it('sends the given JSON text with its byte length', () => {
    const event: Event = { event_id: 'b'.repeat(32), transaction: 'ünïcode' };
    const json = JSON.stringify(event);
    const bytes = serializeEnvelope([{ event_id: event.event_id }, [[{ type: 'event' }, event]]], [json]);
    const parsed = parseEnvelope(bytes);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.envelope[1][0]?.[1]).toEqual(event);
    expect(bytes.toString()).toContain(`"length":${Buffer.byteLength(json)}}\n${json}\n`);
  });

  it('mixes text and binary items', () => {
    const bytes = serializeEnvelope([
      {},
      [
        [{ type: 'event' }, { message: 'a' }],
        [{ type: 'attachment', filename: 'x.bin' }, new Uint8Array([1, 2, 3])],
        [{ type: 'client_report' }, { discarded_events: [] }],
      ],
    ]);
    const parsed = parseEnvelope(bytes);
    expect(parsed.ok && parsed.envelope[1].length).toBe(3);
    if (parsed.ok) expect([...((parsed.envelope[1][1]?.[1] as Buffer | undefined) ?? [])]).toEqual([1, 2, 3]);
  });
});

describe("the SDK's host contexts", () => {
  it('are marked, passed through normalize and scrub as they are, and copied per event', () => {
    const first = getContextsSync();
    const second = getContextsSync();
    expect(isSdkBuilt(first.runtime)).toBe(true);
    expect(first.runtime).not.toBe(second.runtime);
    const event: Event = {
      contexts: { ...first, user_ctx: { password: 'hunter2', deep: { a: { b: { c: 1 } } } } },
    };
    const rules = createScrubRules({ sendDefaultPii: false, denyKeys: [], allowKeys: [], dsnKey: undefined });
    const out = scrubEvent(finalizeEvent(event, options), rules);
    expect(out.contexts?.runtime).toBe(first.runtime);
    // A context the user set is still normalized and scrubbed.
    expect(out.contexts?.user_ctx).toEqual({ password: '[Filtered]', deep: { a: { b: '[Object]' } } });
  });
});
