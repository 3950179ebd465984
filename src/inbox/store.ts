// The inbox's memory: the last `max` envelopes (the oldest go first), the last `max` rejections,
// and an optional JSONL log that keeps everything, for grep and jq after the inbox is gone.
import { appendFileSync, closeSync, openSync } from 'node:fs';
import type { SerializedLog } from '../logs/types.js';
import type {
  ClientReport,
  Envelope,
  Event,
  SerializedCheckIn,
  SerializedMetric,
} from '../protocol/types.js';
import { durationMs, eventLevel, eventTitle, num, str, tags } from './event-fields.js';
import { logsOf } from './log-items.js';

export interface Received {
  envelope: Envelope;
  /** The request path it came in on (`/api/0/envelope/`, `/stream`). */
  path: string;
  /** Milliseconds since the epoch. */
  receivedAt: number;
}

/** One line of the page's event list (also `GET /api/events`). */
export interface EventSummary {
  id: string;
  kind: 'error' | 'transaction';
  level: string;
  title: string;
  /** Milliseconds since the epoch: the event's own timestamp, else its arrival. */
  time: number;
  tags: [string, string][];
  release?: string;
  environment?: string;
  durationMs?: number;
}

export class InboxStore {
  /** Parsed envelopes in arrival order; the same array for the inbox's lifetime. */
  readonly envelopes: Envelope[] = [];
  readonly problems: string[] = [];
  private readonly received: Received[] = [];
  private fd: number | undefined;

  constructor(
    private readonly max: number,
    jsonl?: string,
  ) {
    // Opened now so a bad path fails at start, not on the first envelope.
    if (jsonl) this.fd = openSync(jsonl, 'a');
  }

  add(envelope: Envelope, path: string): Received {
    const entry: Received = { envelope, path, receivedAt: Date.now() };
    this.received.push(entry);
    this.envelopes.push(envelope);
    const excess = this.received.length - this.max;
    if (excess > 0) {
      this.received.splice(0, excess);
      this.envelopes.splice(0, excess);
    }
    this.log(envelopeRecord(entry));
    return entry;
  }

  addProblem(problem: string): void {
    this.problems.push(problem);
    if (this.problems.length > this.max) this.problems.splice(0, this.problems.length - this.max);
    this.log({ received: new Date().toISOString(), problem });
  }

  /** Payloads of the items of one type, in arrival order. */
  items(type: string): unknown[] {
    return this.received.flatMap(({ envelope }) =>
      envelope[1].filter(([h]) => h.type === type).map(([, p]) => p),
    );
  }

  events(): Event[] {
    return this.items('event') as Event[];
  }

  transactions(): Event[] {
    return this.items('transaction') as Event[];
  }

  clientReports(): ClientReport[] {
    return this.items('client_report') as ClientReport[];
  }

  /** Every metric of every `trace_metric` item, in arrival order. */
  metrics(): SerializedMetric[] {
    return this.items('trace_metric').flatMap((p) => (p as { items: SerializedMetric[] }).items);
  }

  checkIns(): SerializedCheckIn[] {
    return this.items('check_in') as SerializedCheckIn[];
  }

  /** Sentry Logs, from every `log` item. */
  logs(): SerializedLog[] {
    return logsOf(this.items('log'));
  }

  /** An error event or transaction by id, the newest if an SDK sent the same id twice. */
  find(id: string): Event | undefined {
    for (let i = this.received.length - 1; i >= 0; i--) {
      for (const [, event] of eventItems(this.received[i] as Received))
        if (event.event_id === id) return event;
    }
    return undefined;
  }

  /** Error events and transactions, newest first. */
  summaries(): EventSummary[] {
    return this.received.flatMap((entry) => summariesOf(entry)).reverse();
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private log(record: object): void {
    if (this.fd !== undefined) appendFileSync(this.fd, `${JSON.stringify(record)}\n`);
  }
}

export function summariesOf(entry: Received): EventSummary[] {
  return eventItems(entry).map(([kind, event]) => summarize(kind, event, entry.receivedAt));
}

function eventItems(entry: Received): ['error' | 'transaction', Event][] {
  const out: ['error' | 'transaction', Event][] = [];
  for (const [headers, payload] of entry.envelope[1]) {
    if (headers.type === 'event') out.push(['error', payload as Event]);
    else if (headers.type === 'transaction') out.push(['transaction', payload as Event]);
  }
  return out;
}

function summarize(kind: 'error' | 'transaction', event: Event, receivedAt: number): EventSummary {
  const timestamp = num(event.timestamp);
  const summary: EventSummary = {
    id: str(event.event_id) ?? '',
    kind,
    level: kind === 'transaction' ? 'transaction' : eventLevel(event),
    title: eventTitle(kind === 'transaction' ? { ...event, type: 'transaction' } : event),
    time: timestamp === undefined ? receivedAt : timestamp * 1000,
    tags: tags(event),
  };
  const release = str(event.release);
  const environment = str(event.environment);
  const duration = kind === 'transaction' ? durationMs(event) : undefined;
  if (release) summary.release = release;
  if (environment) summary.environment = environment;
  if (duration !== undefined) summary.durationMs = duration;
  return summary;
}

/** A JSONL line: raw (attachment) payloads as base64, everything else as received. */
function envelopeRecord({ envelope, path, receivedAt }: Received): object {
  const [headers, items] = envelope;
  return {
    received: new Date(receivedAt).toISOString(),
    path,
    headers,
    items: items.map(([itemHeaders, payload]) => ({
      headers: itemHeaders,
      payload: Buffer.isBuffer(payload) ? { base64: payload.toString('base64') } : payload,
    })),
  };
}
