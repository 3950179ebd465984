// Shared pieces of the transport integration tests: a transport wired like the client wires
// it, drop counters, envelopes, and watchers for the host's health.
import { parseDsn } from '../../../src/protocol/dsn.js';
import type { DataCategory, Envelope, Outcome } from '../../../src/protocol/types.js';
import { createHttpTransport } from '../../../src/transport/http-transport.js';
import type { Transport, TransportUserOptions } from '../../../src/transport/types.js';

export interface Harness {
  transport: Transport;
  /** `reason:category` → quantity, as the client's recorder would aggregate them. */
  drops: Record<string, number>;
}

export function makeTransport(dsnText: string, transportOptions: TransportUserOptions = {}): Harness {
  const parsed = parseDsn(dsnText);
  if (!parsed.ok) throw new Error(parsed.reason);
  const drops: Record<string, number> = {};
  const transport = createHttpTransport({
    dsn: parsed.dsn,
    url: parsed.dsn.envelopeUrl,
    headers: {
      'Content-Type': 'application/x-sentry-envelope',
      'User-Agent': 'otel-sentry/test',
      'X-Sentry-Auth': parsed.dsn.authHeader,
    },
    recordDroppedEvent: (reason: Outcome, category: DataCategory, quantity = 1) => {
      const key = `${reason}:${category}`;
      drops[key] = (drops[key] ?? 0) + quantity;
    },
    transportOptions,
  });
  return { transport, drops };
}

let seq = 0;

/** An error-event envelope; `padding` bytes of message make it as large as needed. */
export function errorEnvelope(padding = 0): Envelope {
  seq += 1;
  const eventId = seq.toString(16).padStart(32, '0');
  return [
    { event_id: eventId, sdk: { name: 'otel-sentry', version: '0.0.0' } },
    [
      [
        { type: 'event' },
        { event_id: eventId, level: 'error', message: `boom ${seq} ${'x'.repeat(padding)}` },
      ],
    ],
  ];
}

export function sessionEnvelope(): Envelope {
  return [{}, [[{ type: 'session' }, { sid: String(++seq), status: 'ok' }]]];
}

export function clientReportEnvelope(): Envelope {
  return [
    {},
    [
      [
        { type: 'client_report' },
        { timestamp: 1, discarded_events: [{ reason: 'queue_overflow', category: 'error', quantity: 1 }] },
      ],
    ],
  ];
}

/** Watches the host: the largest gap between 5 ms ticks, and unhandled rejections. */
export function watchHost(): { stop(): { maxLagMs: number; ticks: number; unhandled: number } } {
  let unhandled = 0;
  const onUnhandled = (): void => {
    unhandled += 1;
  };
  process.on('unhandledRejection', onUnhandled);
  let last = performance.now();
  let maxLagMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - 5);
    last = now;
    ticks += 1;
  }, 5);
  return {
    stop() {
      clearInterval(timer);
      maxLagMs = Math.max(maxLagMs, performance.now() - last - 5); // a loop blocked until now counts too
      process.removeListener('unhandledRejection', onUnhandled);
      return { maxLagMs, ticks, unhandled };
    },
  };
}
