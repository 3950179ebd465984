// The local inbox: a Sentry-compatible receiver with a terminal printout and a web page, so that
// otel-sentry can be seen working with no Sentry account and no network. Used by the CLI
// (`otel-sentry inbox`), by tests and by the demo.
import type { AddressInfo } from 'node:net';
import type { SerializedLog } from '../logs/types.js';
import type {
  ClientReport,
  Envelope,
  Event,
  SerializedCheckIn,
  SerializedMetric,
} from '../protocol/types.js';
import { SDK_VERSION } from '../version.js';
import { formatEnvelope, formatProblem, type TerminalOptions } from './format-terminal.js';
import { createInboxServer } from './server.js';
import { InboxStore } from './store.js';

export type { EventSummary } from './store.js';

export interface InboxOptions {
  /** Default 8969 (Spotlight's port); 0 picks a free one. */
  port?: number;
  /** Default 127.0.0.1: events carry stack traces, request data and users; keep them local. */
  host?: string;
  /** How many envelopes (and rejections) to keep in memory; default 500. */
  max?: number;
  /** Also append every envelope and rejection to this JSON Lines file. */
  jsonl?: string;
  /** Print what arrives: true for stdout (coloured on a TTY unless NO_COLOR), or a line sink. */
  print?: boolean | ((line: string) => void);
}

export interface Inbox {
  /** `http://127.0.0.1:<port>`: the page; envelopes go to `/api/<id>/envelope/` or `/stream`. */
  url: string;
  /** A DSN pointing here; any public key is accepted. */
  dsn: string;
  port: number;
  /** Parsed envelopes in arrival order (the last `max`). */
  envelopes: Envelope[];
  /** What was rejected and why, oldest first: `POST /api/0/envelope/: 400 malformed envelope: …`. */
  problems: string[];
  events(): Event[];
  transactions(): Event[];
  clientReports(): ClientReport[];
  /** Metrics of the `trace_metric` items, one entry per metric. */
  metrics(): SerializedMetric[];
  checkIns(): SerializedCheckIn[];
  /** Sentry Logs received, from every `log` item. */
  logs(): SerializedLog[];
  /** Called after each accepted envelope is stored; returns the unsubscribe function. */
  onEnvelope(listener: (envelope: Envelope) => void): () => void;
  close(): Promise<void>;
}

export const DEFAULT_INBOX_PORT = 8969;
/** Printed in the DSN; the inbox takes any key. */
export const INBOX_PUBLIC_KEY = '0123456789abcdef0123456789abcdef';
const DEFAULT_MAX = 500;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export async function startInbox(options: InboxOptions = {}): Promise<Inbox> {
  const host = options.host ?? '127.0.0.1';
  const max =
    Number.isInteger(options.max) && (options.max as number) > 0 ? (options.max as number) : DEFAULT_MAX;
  const store = new InboxStore(max, options.jsonl);
  const listeners = new Set<(envelope: Envelope) => void>();
  const printer = makePrinter(options.print);
  const terminal: TerminalOptions = { color: printer?.color ?? false, cwd: process.cwd() };
  let dsn = '';

  const { server, close } = createInboxServer({
    store,
    // Bound to loopback, the page answers to loopback names only: a web page elsewhere cannot read
    // events through a DNS name rebound to 127.0.0.1.
    ...(LOOPBACK.has(host) ? { allowedHosts: LOOPBACK } : {}),
    info: () => ({ dsn, version: SDK_VERSION }),
    onAccepted(entry) {
      if (printer) {
        const lines = safeLines(() => formatEnvelope(entry.envelope, terminal));
        // A blank line before each error event keeps the blocks apart; one-liners stay together.
        if (entry.envelope[1].some(([h]) => h.type === 'event')) printer.write('');
        for (const line of lines) printer.write(line);
      }
      for (const listener of listeners) {
        try {
          listener(entry.envelope);
        } catch (err) {
          // A listener's bug must not take the inbox (or the request it answered) down.
          printer?.write(
            `[inbox] an onEnvelope listener threw: ${err instanceof Error ? err.message : String(err)}`,
          );
        }
      }
    },
    onProblem(problem) {
      printer?.write(formatProblem(problem, terminal));
    },
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? DEFAULT_INBOX_PORT, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    store.close();
    await close();
    throw err;
  }

  const { port } = server.address() as AddressInfo;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  dsn = `http://${INBOX_PUBLIC_KEY}@${urlHost}:${port}/0`;
  terminal.pageUrl = url;

  let closing: Promise<void> | undefined;
  return {
    url,
    dsn,
    port,
    envelopes: store.envelopes,
    problems: store.problems,
    events: () => store.events(),
    transactions: () => store.transactions(),
    clientReports: () => store.clientReports(),
    metrics: () => store.metrics(),
    checkIns: () => store.checkIns(),
    logs: () => store.logs(),
    onEnvelope(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closing ??= close().then(() => store.close());
      return closing;
    },
  };
}

function makePrinter(
  print: InboxOptions['print'],
): { write(line: string): void; color: boolean } | undefined {
  if (typeof print === 'function') return { write: print, color: false };
  if (print !== true) return undefined;
  const noColor = (process.env.NO_COLOR ?? '') !== ''; // https://no-color.org: set and not empty
  return {
    write: (line) => process.stdout.write(`${line}\n`),
    color: process.stdout.isTTY === true && !noColor,
  };
}

/** Printing must never take the inbox down, whatever an SDK sent. */
function safeLines(format: () => string[]): string[] {
  try {
    return format();
  } catch (err) {
    return [`[inbox] could not print an envelope: ${err instanceof Error ? err.message : String(err)}`];
  }
}
