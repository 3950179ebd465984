// Builds the exception part of an event from whatever was captured: Errors with their linked
// causes, and non-Error values (strings, objects, primitives) that users throw or capture anyway.
import type { Event, ExceptionValue, Mechanism, SeverityLevel, StackFrame } from '../protocol/types.js';
import type { EventHint } from '../types.js';
import { isError, safeGet } from '../utils/is.js';
import { safe } from '../utils/safe.js';
import { normalizeToSize, truncateString } from './normalize.js';
import { templateOf } from './parameterize.js';
import { parseStackFrames } from './stack-parser.js';

export const DEFAULT_LINKED_ERRORS_LIMIT = 5;
/** The SDK's own capture functions, as they appear at the top of a synthetic stack. */
const SDK_FRAME = /(?:^|\.)capture(?:Exception|Message|Event)$/;
/** How many of the newest frames may belong to the SDK; deeper frames are the user's, whatever their name. */
const SDK_FRAME_WINDOW = 10;
/** Keys named in "captured as exception with keys: …" (@sentry/node names all; a huge object must not). */
const MAX_KEYS_LISTED = 50;
const MAX_KEY_LENGTH = 100;
/** Object keys examined when looking for an Error-valued property. */
const MAX_KEYS_SCANNED = 1000;

type Pending = { value: unknown; parentId: number; source: string };

/**
 * Exception values for `error` and its linked errors (`cause`, `errors[i]`), oldest first and the
 * captured error last. At most `limit` linked errors are added; cycles are followed once.
 */
export function exceptionFromError(error: unknown, options: { limit?: number } = {}): ExceptionValue[] {
  return safe('exceptionFromError', () => linkedValues(error, options.limit), [{ type: 'Error', value: '' }]);
}

/** The event for `captureException(value)`; fills `hint.exc_info` and `hint.originalException`. Never throws. */
export function eventFromUnknown(
  value: unknown,
  hint: EventHint,
  options: { attachStacktrace?: boolean; linkedErrorsLimit?: number } = {},
): Event {
  return safe('eventFromUnknown', () => buildEvent(value, hint, options), unreadableEvent());
}

/**
 * The event for `captureMessage(message, level)`, shaped as @sentry/node shapes it: the text as
 * `message`, or for a `parameterize`d one `logentry: { message: template, params }`. Never throws.
 */
export function eventFromMessage(
  message: unknown,
  level: SeverityLevel,
  hint: EventHint,
  options: { attachStacktrace?: boolean } = {},
): Event {
  return safe(
    'eventFromMessage',
    () => {
      const text = safeString(message);
      const event: Event = { level };
      if (options.attachStacktrace) {
        const { frames } = syntheticStack(hint, true, eventFromMessage);
        if (frames.length > 0) {
          const mechanism: Mechanism = { type: 'generic', handled: true, synthetic: true };
          event.exception = { values: [{ value: text, stacktrace: { frames }, mechanism }] };
        }
      }
      const template = templateOf(message);
      if (template) event.logentry = template;
      else event.message = text;
      return event;
    },
    { level, message: '' },
  );
}

function buildEvent(
  value: unknown,
  hint: EventHint,
  options: { attachStacktrace?: boolean; linkedErrorsLimit?: number },
): Event {
  const event: Event = {};
  const synthetic = !isError(value);
  const isObject = value !== null && typeof value === 'object';
  let source = value;
  if (synthetic && isObjectLike(value)) {
    event.extra = { __serialized__: normalizeToSize(value, 3) };
    // `{ error: err, … }` is a common wrapper: report the Error it carries.
    source = findErrorProperty(value) ?? value;
  }
  let values: ExceptionValue[];
  let stack: unknown;
  if (isError(source)) {
    values = linkedValues(source, options.linkedErrorsLimit);
    stack = safeGet(source, 'stack');
  } else {
    const synth = syntheticStack(hint, options.attachStacktrace === true, eventFromUnknown);
    stack = synth.stack;
    values = [{ type: 'Error', value: describeNonError(value) }];
    if (synth.frames.length > 0) values[0] = { ...values[0], stacktrace: { frames: synth.frames } };
  }

  const top = values[values.length - 1] as ExceptionValue;
  // The hint (set by integrations) decides type and handled; the linked-error ids must survive it.
  const { exception_id, is_exception_group } = top.mechanism ?? {};
  const mechanism: Mechanism = {
    type: 'generic',
    handled: true,
    ...readMechanism(safeGet(hint, 'mechanism')),
  };
  if (exception_id !== undefined) mechanism.exception_id = exception_id;
  if (is_exception_group) mechanism.is_exception_group = true;
  if (synthetic) mechanism.synthetic = true;
  top.mechanism = mechanism;
  event.exception = { values };

  try {
    const ctor = isObject ? safeGet(value, 'constructor') : undefined;
    hint.exc_info = [ctor, value, typeof stack === 'string' ? stack : undefined];
    if (!('originalException' in hint)) hint.originalException = value;
  } catch {
    // A frozen hint keeps what it has.
  }
  return event;
}

function linkedValues(error: unknown, limitOption: number | undefined): ExceptionValue[] {
  const limit =
    typeof limitOption === 'number' && limitOption >= 0
      ? Math.floor(limitOption)
      : DEFAULT_LINKED_ERRORS_LIMIT;
  // Depth-first, `cause` before `errors[i]`, with an explicit stack so long chains cannot overflow.
  // Ids follow visit order (root 0); reversing at the end puts the root last and the deepest causes first.
  const root = exceptionValue(error, 'Error');
  const visited: ExceptionValue[] = [root];
  const seen = new Set<unknown>([error]);
  const pending: Pending[] = [];
  queueChildren(error, 0, limit, pending, root);

  while (pending.length > 0 && visited.length <= limit) {
    const next = pending.pop() as Pending;
    if (typeof next.value === 'object' && next.value !== null) {
      if (seen.has(next.value)) continue;
      seen.add(next.value);
    }
    const id = visited.length;
    const value = exceptionValue(next.value, kindName(next.value));
    const mechanism: Mechanism = { type: 'chained', source: next.source, exception_id: id };
    value.mechanism = { ...mechanism, parent_id: next.parentId, handled: true };
    visited.push(value);
    queueChildren(next.value, id, limit, pending, value);
  }
  if (visited.length > 1 || root.mechanism) {
    root.mechanism = { type: 'generic', handled: true, ...root.mechanism, exception_id: 0 };
  }
  return visited.reverse();
}

/** Queues the linked errors of `error` so that `cause` pops first, then `errors[0]`, `errors[1]`… */
function queueChildren(
  error: unknown,
  id: number,
  limit: number,
  pending: Pending[],
  value: ExceptionValue,
): void {
  if (!isError(error) || limit === 0) return;
  const children: Pending[] = [];
  const cause = safeGet(error, 'cause');
  // VError (restify-errors) has a `cause()` method, not a cause.
  if (cause !== undefined && cause !== null && typeof cause !== 'function')
    children.push({ value: cause, parentId: id, source: 'cause' });
  const errors = safeGet(error, 'errors');
  if (Array.isArray(errors)) {
    const isAggregate = safe('instanceof', () => error instanceof AggregateError, false);
    let isGroup = isAggregate;
    // Only `limit` children can ever be added, so never look further into a huge array.
    const count = Math.min(Number(safeGet(errors, 'length')) || 0, limit);
    for (let i = 0; i < count; i++) {
      const child = safeGet(errors, i);
      // Any member of an AggregateError is linked; other `errors` arrays only for their Error members.
      if (isError(child) || (isAggregate && child !== undefined && child !== null)) {
        isGroup = true;
        children.push({ value: child, parentId: id, source: `errors[${i}]` });
      }
    }
    if (isGroup)
      value.mechanism = { type: 'generic', handled: true, ...value.mechanism, is_exception_group: true };
  }
  for (let i = children.length - 1; i >= 0; i--) pending.push(children[i] as Pending);
}

/** One exception value. Errors give their name, message and frames; other values a description. */
function exceptionValue(input: unknown, nonErrorType: string): ExceptionValue {
  if (!isError(input)) return { type: nonErrorType, value: describeNonError(input) };
  const name = safeGet(input, 'name');
  const message = safeGet(input, 'message');
  const value: ExceptionValue = {
    type: typeof name === 'string' && name !== '' ? name : constructorName(input) || 'Error',
    value: message === undefined || message === null ? '' : safeString(message),
  };
  const frames = parseStackFrames(safeGet(input, 'stack'));
  if (frames.length > 0) value.stacktrace = { frames };
  return value;
}

/** The message Sentry shows for a captured non-Error value (the same text as @sentry/node's). */
function describeNonError(value: unknown): string {
  if (typeof value === 'string') return value;
  if (isObjectLike(value)) {
    const name = safeGet(value, 'name');
    const message = safeGet(value, 'message');
    if (typeof name === 'string') {
      const withMessage = typeof message === 'string' ? ` with message '${message}'` : '';
      return `'${name}' captured as exception${withMessage}`;
    }
    if (typeof message === 'string') return message;
    const ctor = constructorName(value);
    const label = ctor && ctor !== 'Object' ? `'${ctor}'` : 'Object';
    return `${label} captured as exception with keys: ${keysSummary(value)}`;
  }
  // `${value}`, as @sentry/node; a function is named, not printed as its source.
  return typeof value === 'bigint' ? String(value) : safeString(value);
}

/** Objects @sentry/node describes by their keys: `[object Object]` ones, class instances included. */
function isObjectLike(value: unknown): value is object {
  return safe('toString', () => Object.prototype.toString.call(value) === '[object Object]', false);
}

/** The sorted keys (as @sentry/node), at most MAX_KEYS_LISTED of them. Linear in the number of keys. */
function keysSummary(obj: object): string {
  let keys: string[];
  try {
    keys = Object.keys(obj);
  } catch {
    return '[keys could not be read]';
  }
  if (keys.length === 0) return '[object has no keys]';
  // Keep only the smallest keys instead of sorting them all: an object may have millions.
  const smallest: string[] = [];
  for (const key of keys) {
    if (smallest.length === MAX_KEYS_LISTED && key >= (smallest[MAX_KEYS_LISTED - 1] as string)) continue;
    const at = smallest.findIndex((k) => k > key);
    smallest.splice(at < 0 ? smallest.length : at, 0, key);
    smallest.length = Math.min(smallest.length, MAX_KEYS_LISTED);
  }
  const text = smallest.map((k) => truncateString(k, MAX_KEY_LENGTH)).join(', ');
  return keys.length > smallest.length ? `${text}, ...` : text;
}

function findErrorProperty(obj: object): Error | undefined {
  try {
    const keys = Object.keys(obj);
    for (let i = 0; i < keys.length && i < MAX_KEYS_SCANNED; i++) {
      const candidate = safeGet(obj, keys[i] as string);
      if (isError(candidate)) return candidate;
    }
  } catch {
    // Unreadable keys: describe the object instead.
  }
  return undefined;
}

/** Frames of the stack recorded at the capture call, without the SDK's own frames on top. */
function syntheticStack(
  hint: EventHint,
  attachStacktrace: boolean,
  entryPoint: (...args: never[]) => unknown,
): { frames: StackFrame[]; stack: unknown } {
  let stack = safeGet(safeGet(hint, 'syntheticException'), 'stack');
  if (typeof stack !== 'string' && attachStacktrace) {
    // No capture-site Error was handed over: record one here, starting below our own frames.
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, entryPoint);
    stack = holder.stack;
  }
  const frames = parseStackFrames(stack);
  let cut = -1;
  for (let i = frames.length - 1; i >= 0 && i >= frames.length - SDK_FRAME_WINDOW; i--) {
    if (SDK_FRAME.test(frames[i]?.function ?? '')) cut = i;
  }
  return { frames: cut >= 0 ? frames.slice(0, cut) : frames, stack };
}

function readMechanism(input: unknown): Partial<Mechanism> {
  if (input === null || typeof input !== 'object') return {};
  const copy = safe<Partial<Mechanism>>('hint.mechanism', () => ({ ...input }), {});
  if (typeof copy.type !== 'string') delete copy.type;
  return copy;
}

/** `String`, `Number`, `BigInt`, … or the class name: the type of a linked non-Error value. */
function kindName(value: unknown): string {
  if (typeof value === 'bigint') return 'BigInt';
  if (typeof value === 'object') return (value !== null && constructorName(value)) || 'Object';
  return (typeof value).charAt(0).toUpperCase() + (typeof value).slice(1);
}

function constructorName(value: unknown): string | undefined {
  const name = safeGet(safeGet(value, 'constructor'), 'name');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

function safeString(value: unknown): string {
  try {
    if (typeof value === 'bigint') return `${value}n`;
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'function') return `[Function: ${safeGet(value, 'name') || '<anonymous>'}]`;
    return String(value);
  } catch {
    return '[unstringifiable]';
  }
}

function unreadableEvent(): Event {
  const mechanism: Mechanism = { type: 'generic', handled: true, synthetic: true };
  return { exception: { values: [{ type: 'Error', value: '[unreadable value]', mechanism }] } };
}
