import type { Dsn } from '../protocol/dsn.js';
import type { DataCategory, Envelope, Outcome } from '../protocol/types.js';

/** What a transport is given by the client that creates it. */
export interface TransportOptions {
  /** The DSN events are sent for; absent for a Spotlight-only or custom-transport client. */
  dsn: Dsn | undefined;
  /** Where envelopes go: the DSN's envelope endpoint. */
  url: string;
  /** Headers for every request (`X-Sentry-Auth`, `User-Agent`, content type). */
  headers: Record<string, string>;
  /** Counts an item the transport had to drop, for client reports. */
  recordDroppedEvent: (reason: Outcome, category: DataCategory, quantity?: number) => void;
  /** The user's `transportOptions`, passed through. */
  transportOptions: TransportUserOptions;
}

export interface OfflineOptions {
  /** Directory for envelopes that could not be sent because of a network error. */
  dir: string;
  /** Upper bound of the directory's size; the oldest files go first. Default 10 MiB. */
  maxBytes?: number;
  /** First delay before re-sending stored envelopes after a network error, doubling each time. Default 5 000 ms. */
  retryDelayMs?: number;
  /** Longest delay between re-send attempts. Default 3 600 000 ms (1 h). */
  maxRetryDelayMs?: number;
}

/** `init({ transportOptions })`: every field optional, defaults documented in the README. */
export interface TransportUserOptions {
  /** Envelopes queued or in flight at most (default 10 000: a burst of thousands must fit). */
  queueSize?: number;
  /** Bytes queued or in flight at most. Default: 16 MiB once Sentry accepted an envelope, 2 MiB before that and while the network fails. */
  queueBytes?: number;
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  /** Request timeout in ms (default 30 000). */
  timeout?: number;
  /** Proxy URL; defaults to HTTPS_PROXY / HTTP_PROXY, honouring NO_PROXY. */
  proxy?: string;
  /** Extra CA certificates for https DSNs. */
  caCerts?: string | Buffer | Array<string | Buffer>;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** Persist envelopes that fail on a network error and resend them later. */
  offline?: OfflineOptions;
}

export interface Transport {
  /**
   * Enqueues an envelope. Never throws, never waits on the network. `payloadJson[i]`, when given,
   * is item i's payload as the client already serialized it (a transport may ignore it).
   */
  send(envelope: Envelope, payloadJson?: ReadonlyArray<string | undefined>): unknown;
  /** Resolves true once everything queued has been handled, false on timeout. Never rejects. */
  flush(timeoutMs?: number): PromiseLike<boolean>;
  /** Whether envelopes are queued or in flight (lets the exit flush skip an idle transport). */
  pending?(): boolean;
  /** Flushes, then releases sockets and timers. */
  close?(timeoutMs?: number): PromiseLike<boolean>;
}

export type TransportFactory = (options: TransportOptions) => Transport;
