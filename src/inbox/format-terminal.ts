// Terminal output for what the inbox receives: an error event as a short block (what broke, where,
// what led to it), a transaction, client report or rejection as one line. Pure: no I/O, no clock,
// no TTY detection, so it is table-tested line by line.
import type {
  Breadcrumb,
  ClientReport,
  Envelope,
  Event,
  ExceptionValue,
  StackFrame,
} from '../protocol/types.js';
import {
  breadcrumbList,
  durationMs,
  eventLevel,
  eventTitle,
  exceptionTitle,
  exceptionValues,
  formatMs,
  frames,
  list,
  num,
  obj,
  str,
  tags,
  traceId,
} from './event-fields.js';

export interface TerminalOptions {
  /** ANSI colours; the caller decides (TTY, NO_COLOR). */
  color: boolean;
  /** File paths under this directory are shown relative to it. */
  cwd?: string;
  /** The inbox page: each event's line then links to its detail view. */
  pageUrl?: string;
}

const MAX_FRAMES = 5;
const FALLBACK_FRAMES = 3;
const MAX_BREADCRUMBS = 10;
const MAX_TEXT = 300;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

const STYLES = {
  bold: '1',
  dim: '2',
  red: '31',
  green: '32',
  yellow: '33',
  magenta: '35',
  cyan: '36',
} as const;
type Style = keyof typeof STYLES;
type Paint = (style: Style, text: string) => string;

const LEVEL_STYLES: Record<string, Style> = {
  fatal: 'magenta',
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
};

function painter(color: boolean): Paint {
  return (style, text) => (color ? `\x1b[${STYLES[style]}m${text}\x1b[0m` : text);
}

/** Every item of an envelope: events as blocks, the rest one line each. */
export function formatEnvelope(envelope: Envelope, options: TerminalOptions): string[] {
  const paint = painter(options.color);
  return envelope[1].flatMap(([headers, payload]): string[] => {
    switch (headers.type) {
      case 'event':
        return formatEvent(payload as Event, options);
      case 'transaction':
        return [formatTransaction(payload as Event, options)];
      case 'client_report':
        return [formatClientReport(payload as ClientReport, options)];
      case 'attachment': {
        const size = Buffer.isBuffer(payload) ? ` (${payload.length} bytes)` : '';
        return [`${paint('dim', '[attachment]')} ${clean(str(headers.filename) ?? '<unnamed>')}${size}`];
      }
      default:
        return [paint('dim', `[${clean(String(headers.type))}]`)];
    }
  });
}

export function formatEvent(event: Event, options: TerminalOptions): string[] {
  const paint = painter(options.color);
  const level = eventLevel(event);
  const lines = [
    `${paint(LEVEL_STYLES[level] ?? 'dim', `[${clean(level)}]`)} ${paint('bold', clean(eventTitle(event)))}`,
  ];
  // Sentry sends the captured exception last and its causes before it; print it first, like Node.
  [...exceptionValues(event)].reverse().forEach((value, index) => {
    if (index > 0)
      lines.push(`  ${paint('dim', causeLabel(value))} ${paint('bold', clean(exceptionTitle(value)))}`);
    lines.push(...formatFrames(frames(value), options, paint));
  });
  lines.push(...formatBreadcrumbs(event, paint));
  const pairs = tags(event);
  if (pairs.length > 0) lines.push(`  tags: ${pairs.map(([k, v]) => clean(`${k}=${v}`)).join(', ')}`);
  const id = str(event.event_id);
  const meta = [
    id && (options.pageUrl ? `${options.pageUrl}/#/event/${clean(id)}` : `event ${clean(id)}`),
    labelled('trace', traceId(event)),
    labelled('release', str(event.release)),
    labelled('environment', str(event.environment)),
  ].filter(Boolean);
  if (meta.length > 0) lines.push(`  ${paint('dim', meta.join(' · '))}`);
  return lines;
}

/** One line: name, duration, span count, status. */
export function formatTransaction(event: Event, options: TerminalOptions): string {
  const paint = painter(options.color);
  const ms = durationMs(event);
  const spans = Array.isArray(event.spans) ? event.spans.length : undefined;
  const status = str(obj(obj(event.contexts)?.trace)?.status);
  const parts = [
    ms === undefined ? undefined : paint('bold', `${formatMs(ms)} ms`),
    spans === undefined ? undefined : `${spans} span${spans === 1 ? '' : 's'}`,
    status && clean(status),
  ].filter(Boolean);
  const name = clean(str(event.transaction) ?? '<unnamed transaction>');
  return `${paint('green', '[transaction]')} ${name}${parts.length > 0 ? ` ${parts.join(' · ')}` : ''}`;
}

export function formatClientReport(report: ClientReport, options: TerminalOptions): string {
  const paint = painter(options.color);
  const discarded = list(obj(report)?.discarded_events).map((entry) => {
    const e = obj(entry) ?? {};
    return clean(`${num(e.quantity) ?? '?'} ${str(e.category) ?? '?'} (${str(e.reason) ?? '?'})`);
  });
  return `${paint('dim', '[client report]')} ${discarded.length > 0 ? `discarded ${discarded.join(', ')}` : 'nothing discarded'}`;
}

export function formatProblem(problem: string, options: TerminalOptions): string {
  return `${painter(options.color)('red', '[rejected]')} ${clean(problem)}`;
}

function causeLabel(value: ExceptionValue): string {
  const source = str(obj(value.mechanism)?.source);
  return !source || source === 'cause' ? 'caused by' : `${clean(source)}:`;
}

function formatFrames(all: StackFrame[], options: TerminalOptions, paint: Paint): string[] {
  const newestFirst = [...all].reverse();
  const inApp = newestFirst.filter((f) => f.in_app === true);
  // Without in-app frames (an error thrown inside a library), the top frames still say where.
  const shown = inApp.length > 0 ? inApp.slice(0, MAX_FRAMES) : newestFirst.slice(0, FALLBACK_FRAMES);
  return shown.flatMap((frame) => {
    const file = relative(
      str(frame.filename) ?? str(frame.abs_path) ?? str(frame.module) ?? '<unknown>',
      options.cwd,
    );
    const line = num(frame.lineno);
    const where = `${file}${line === undefined ? '' : `:${line}`}`;
    const out = [`    at ${clean(str(frame.function) ?? '<anonymous>')} (${paint('dim', clean(where))})`];
    const source = str(frame.context_line)?.trim();
    if (source) out.push(`      ${paint('dim', '>')} ${paint('cyan', clean(source))}`);
    return out;
  });
}

function formatBreadcrumbs(event: Event, paint: Paint): string[] {
  const crumbs = breadcrumbList(event) as Breadcrumb[];
  if (crumbs.length === 0) return [];
  const shown = crumbs.slice(-MAX_BREADCRUMBS);
  const more = crumbs.length > shown.length ? ` (last ${shown.length} of ${crumbs.length})` : '';
  const eventTime = num(event.timestamp);
  return [
    `  breadcrumbs${more}:`,
    ...shown.map((crumb) => {
      const time = num(crumb.timestamp);
      const offset = time === undefined || eventTime === undefined ? '' : `${signed(time - eventTime)} `;
      const category = str(crumb.category);
      const level = str(crumb.level);
      const flag = level === 'warning' || level === 'error' || level === 'fatal' ? ` (${level})` : '';
      return `    ${offset && paint('dim', offset)}${category ? `${clean(category)}: ` : ''}${clean(crumbText(crumb))}${flag}`;
    }),
  ];
}

function crumbText(crumb: Breadcrumb): string {
  const message = str(crumb.message);
  if (message) return message;
  const data = obj(crumb.data);
  if (!data) return '';
  const method = str(data.method);
  const url = str(data.url);
  if (url)
    return [method, url, data.status_code === undefined ? '' : `[${String(data.status_code)}]`]
      .filter(Boolean)
      .join(' ');
  return JSON.stringify(data);
}

/** Seconds relative to the event, `-1.250s`: what happened how long before the error. */
function signed(seconds: number): string {
  return `${seconds < 0 ? '-' : '+'}${Math.abs(seconds).toFixed(3)}s`;
}

function labelled(label: string, value: string | undefined): string | undefined {
  return value ? `${label} ${clean(value)}` : undefined;
}

function relative(file: string, cwd: string | undefined): string {
  if (!cwd) return file;
  for (const sep of ['/', '\\']) if (file.startsWith(cwd + sep)) return file.slice(cwd.length + 1);
  return file;
}

/**
 * One line of untrusted text made safe for a terminal: newlines folded, control characters
 * (escape sequences could rewrite the screen or the title) shown as `\xNN`, long text cut.
 */
export function clean(text: string): string {
  const folded = text.replace(/\r?\n/g, ' ↵ ');
  const safe = folded.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe.length > MAX_TEXT ? `${safe.slice(0, MAX_TEXT - 1)}…` : safe;
}
