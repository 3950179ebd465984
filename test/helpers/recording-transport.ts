// An in-memory transport for unit tests of the pipeline (integration tests use the receiver).
import { parseEnvelope, serializeEnvelope } from '../../src/protocol/envelope.js';
import type { ClientReport, Envelope, Event } from '../../src/protocol/types.js';
import type { Transport, TransportFactory } from '../../src/transport/types.js';

export interface RecordingTransport extends Transport {
  envelopes: Envelope[];
  events(): Event[];
  clientReports(): ClientReport[];
}

export function createRecordingTransport(): { factory: TransportFactory; transport: RecordingTransport } {
  const envelopes: Envelope[] = [];
  const transport: RecordingTransport = {
    envelopes,
    send(envelope) {
      // Round-trip through the wire format, as a real transport would.
      const parsed = parseEnvelope(serializeEnvelope(envelope));
      if (!parsed.ok) throw new Error(parsed.reason);
      envelopes.push(parsed.envelope);
    },
    flush: () => Promise.resolve(true),
    events: () =>
      envelopes.flatMap((e) => e[1].filter(([h]) => h.type === 'event').map(([, p]) => p as Event)),
    clientReports: () =>
      envelopes.flatMap((e) =>
        e[1].filter(([h]) => h.type === 'client_report').map(([, p]) => p as ClientReport),
      ),
  };
  return { factory: () => transport, transport };
}
