// The receiver integration tests send to: the project's own inbox (src/inbox), which parses
// envelopes as strictly as Relay and records what it rejects, plus validation of every error event
// against Sentry's event schema. Anything wrong lands in `problems`, which tests assert is empty.
import { startInbox } from '../../src/inbox/index.js';
import type { SerializedLog } from '../../src/logs/types.js';
import type {
  ClientReport,
  Envelope,
  Event,
  SerializedCheckIn,
  SerializedMetric,
} from '../../src/protocol/types.js';
import { schemaErrors } from './schema.js';

export const PUBLIC_KEY = '0123456789abcdef0123456789abcdef';

export interface ReceivedRequest {
  envelope: Envelope;
}

export interface Receiver {
  url: string;
  dsn: string;
  requests: ReceivedRequest[];
  problems: string[];
  events(): Event[];
  transactions(): Event[];
  clientReports(): ClientReport[];
  /** Metrics of the `trace_metric` items, one entry per metric, in arrival order. */
  metrics(): SerializedMetric[];
  checkIns(): SerializedCheckIn[];
  /** Sentry Logs received, from every `log` item. */
  logs(): SerializedLog[];
  waitForEvents(count: number, timeoutMs?: number): Promise<Event[]>;
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** `port`: a given one (a DSN that was refused until now), else any free one. */
export async function startReceiver(options: { port?: number } = {}): Promise<Receiver> {
  const inbox = await startInbox({ port: options.port ?? 0, max: 1_000_000 });
  const requests: ReceivedRequest[] = [];
  const schemaProblems: string[] = [];
  const waiters = new Set<() => void>();

  inbox.onEnvelope((envelope) => {
    const [headers, items] = envelope;
    for (const [itemHeaders, payload] of items) {
      if (itemHeaders.type !== 'event') continue;
      const errors = schemaErrors(payload);
      if (errors) schemaProblems.push(`schema: ${errors}`);
      if ((payload as Event).event_id !== headers.event_id)
        schemaProblems.push('event_id differs from the header');
    }
    if (items.some(([h]) => h.type === 'event' || h.type === 'transaction')) {
      if (!headers.sent_at || !headers.sdk?.name || !headers.event_id)
        schemaProblems.push('envelope header incomplete');
    }
    requests.push({ envelope });
    for (const w of waiters) w();
  });

  const waitFor = (predicate: () => boolean, timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      if (predicate()) return resolve();
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`receiver: condition not met in ${timeoutMs} ms (${requests.length} envelopes)`));
      }, timeoutMs);
      waiters.add(check);
    });

  const receiver: Receiver = {
    url: inbox.url,
    dsn: inbox.dsn.replace(/\/\/[^@]+@/, `//${PUBLIC_KEY}@`).replace(/\/0$/, '/1'),
    requests,
    get problems() {
      return [...inbox.problems, ...schemaProblems];
    },
    events: () => inbox.events(),
    transactions: () => inbox.transactions(),
    clientReports: () => inbox.clientReports(),
    metrics: () => inbox.metrics(),
    checkIns: () => inbox.checkIns(),
    logs: () => inbox.logs(),
    waitFor,
    async waitForEvents(count, timeoutMs) {
      await waitFor(() => inbox.events().length >= count, timeoutMs);
      return inbox.events();
    },
    close: () => inbox.close(),
  };
  return receiver;
}
