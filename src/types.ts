// Public types that are not wire types: hints, callbacks and the integration contract.
import type { Breadcrumb, ErrorEvent, Event, TransactionEvent } from './protocol/types.js';
import type { CaptureContext, CaptureContextInput, EventHint, EventProcessor } from './scope.js';

// Declared with the Scope they refer to (a hint may carry a scope, a scope holds processors that
// take hints); listed here too, with the other public callback types.
export type { CaptureContext, CaptureContextInput, EventHint, EventProcessor };

/** What `beforeBreadcrumb` receives beside the breadcrumb; keys depend on the source. */
// biome-ignore lint/suspicious/noExplicitAny: as @sentry/node's BreadcrumbHint, so user code reads it untyped
export type BreadcrumbHint = Record<string, any>;

/** Typed as @sentry/node's (an `ErrorEvent` in); returning any `Event` is accepted too. */
export type BeforeSend = (event: ErrorEvent, hint: EventHint) => Event | null | PromiseLike<Event | null>;
export type BeforeBreadcrumb = (breadcrumb: Breadcrumb, hint: BreadcrumbHint) => Breadcrumb | null;

export type BeforeSendTransaction = (
  event: TransactionEvent,
  hint: EventHint,
) => Event | null | PromiseLike<Event | null>;

/** A span left out of transactions: its name (substring or RegExp), or its name and/or op. */
export type IgnoreSpanPattern = string | RegExp | { name?: string | RegExp; op?: string | RegExp };
