// Public types that are not wire types: hints, callbacks and the integration contract.
import type {
  Breadcrumb,
  ErrorEvent,
  Event,
  Mechanism,
  SeverityLevel,
  TransactionEvent,
  User,
} from './protocol/types.js';
import type { Scope } from './scope.js';

/**
 * What `beforeSend`, event processors and integrations receive beside the event.
 * For exceptions `exc_info` mirrors Python's `sys.exc_info()`: `[constructor, thrown value, stack]`.
 * Integrations add their own keys (`httplib_request`, `httplib_response`, `log_record`, …).
 */
export interface EventHint {
  event_id?: string;
  /** The value passed to `captureException` (or thrown), untouched. */
  originalException?: unknown;
  /** An Error made at the capture call, whose stack stands in when the captured value has none. */
  syntheticException?: Error | null;
  exc_info?: [type: unknown, value: unknown, stack: string | undefined];
  /** Overrides for the top exception's mechanism (integrations set `type` and `handled`). */
  mechanism?: Partial<Mechanism>;
  /** Scope data applied to this event only, e.g. `{ tags: { a: 'b' } }`, a Scope or a callback. */
  captureContext?: CaptureContextInput;
  /** Free-form data, as in @sentry/node's hint. */
  // biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's EventHint
  data?: any;
  [key: string]: unknown;
}

/** What `beforeBreadcrumb` receives beside the breadcrumb; keys depend on the source. */
// biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's BreadcrumbHint, so user code reads it untyped
export type BreadcrumbHint = Record<string, any>;

export type EventProcessor = (event: Event, hint: EventHint) => Event | null | PromiseLike<Event | null>;

export interface CaptureContext {
  tags?: Record<string, unknown>;
  extra?: Record<string, unknown>;
  contexts?: Record<string, Record<string, unknown> | null>;
  user?: User | null;
  level?: SeverityLevel;
  fingerprint?: string[];
}

/**
 * A capture context in every form @sentry/node takes: scope data, a Scope whose data applies, or a
 * callback given a clone of the current scope (it returns the scope or data to apply).
 */
export type CaptureContextInput =
  | CaptureContext
  | Scope
  | ((scope: Scope) => Scope | CaptureContext | undefined);

/** Typed as @sentry/node's (an `ErrorEvent` in); returning any `Event` is accepted too. */
export type BeforeSend = (event: ErrorEvent, hint: EventHint) => Event | null | PromiseLike<Event | null>;
export type BeforeBreadcrumb = (breadcrumb: Breadcrumb, hint: BreadcrumbHint) => Breadcrumb | null;

export type BeforeSendTransaction = (
  event: TransactionEvent,
  hint: EventHint,
) => Event | null | PromiseLike<Event | null>;

/** A span left out of transactions: its name (substring or RegExp), or its name and/or op. */
export type IgnoreSpanPattern = string | RegExp | { name?: string | RegExp; op?: string | RegExp };
