import { describe, expect, it } from 'vitest';
import { parseEnvelope, serializeEnvelope } from '../../../../src/protocol/envelope.js';
import type { Envelope } from '../../../../src/protocol/types.js';

describe('envelopes', () => {
  it('round-trips headers, JSON items with newlines and raw bytes', () => {
    const envelope: Envelope = [
      { event_id: 'a'.repeat(32), sdk: { name: 'x', version: '1' } },
      [
        [{ type: 'event' }, { message: 'line1\nline2 ✓', n: 1 }],
        [{ type: 'attachment', filename: 'a.bin' }, Buffer.from([0, 10, 255])],
      ],
    ];
    const wire = serializeEnvelope(envelope);
    const lines = wire.toString('utf8').split('\n');
    expect(JSON.parse(lines[0] as string)).toEqual(envelope[0]);
    expect(JSON.parse(lines[1] as string)).toEqual({
      type: 'event',
      length: Buffer.byteLength('{"message":"line1\\nline2 ✓","n":1}'),
    });
    const parsed = parseEnvelope(wire);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.envelope[1][0]?.[1]).toEqual({ message: 'line1\nline2 ✓', n: 1 });
    expect(Buffer.compare(parsed.envelope[1][1]?.[1] as Buffer, Buffer.from([0, 10, 255]))).toBe(0);
  });

  it.each([
    ['', 'empty'],
    ['not json\n', 'header'],
    ['{}\n{"type":"event","length":10}\n{}', 'shorter'],
    ['{}\n{"type":"event","length":2}\n{}X', 'newline'],
    ['{}\n{"length":2}\n{}\n', 'type'],
    ['{}\n{"type":"event","length":3}\n{x}\n', 'JSON'],
  ])('rejects malformed input %j', (text, reason) => {
    const r = parseEnvelope(Buffer.from(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(reason);
  });

  it('accepts items without length up to the next newline', () => {
    const r = parseEnvelope(Buffer.from('{}\n{"type":"client_report"}\n{"discarded_events":[]}\n'));
    expect(r.ok && r.envelope[1][0]?.[1]).toEqual({ discarded_events: [] });
  });
});
