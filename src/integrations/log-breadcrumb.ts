// A breadcrumb from a log record, made on the logger's hot path. When the record is already a
// JSON line (pino), its fields are parsed only when an event reads `data`: one small object per
// record instead of a parse and a copy. `toJSON` gives the plain breadcrumb.
import type { Breadcrumb, SeverityLevel } from '../protocol/types.js';

export class LogBreadcrumb implements Breadcrumb {
  readonly #line: string | undefined;
  readonly #omit: ReadonlySet<string> | undefined;
  #data: Record<string, unknown> | undefined | null = null;

  constructor(
    readonly timestamp: number,
    readonly type: string,
    readonly category: string,
    readonly level: SeverityLevel,
    readonly message: string,
    line: string | undefined,
    omit: ReadonlySet<string> | undefined,
  ) {
    this.#line = line;
    this.#omit = omit;
  }

  get data(): Record<string, unknown> | undefined {
    if (this.#data === null) {
      this.#data = this.#line === undefined ? undefined : fieldsFromLine(this.#line, this.#omit);
    }
    return this.#data;
  }

  setData(data: Record<string, unknown> | undefined): void {
    this.#data = data;
  }

  toJSON(): Breadcrumb {
    const { timestamp, type, category, level, message, data } = this;
    return data
      ? { timestamp, type, category, level, message, data }
      : { timestamp, type, category, level, message };
  }
}

// Reading the clock is a good part of a breadcrumb's cost. Records logged in a burst (one
// synchronous run of code) share a reading: it is taken again after 16 records or when the run
// ends (a microtask), so a breadcrumb's time is never older than its run.
const SHARED_READS = 16;
let clock = 0;
let reads = SHARED_READS;
let queued = false;
const expire = (): void => {
  queued = false;
  reads = SHARED_READS;
};

/** Now, in seconds, for log breadcrumbs. */
export function logTimestamp(): number {
  if (++reads < SHARED_READS) return clock;
  clock = Date.now() / 1000;
  reads = 0;
  if (!queued) {
    queued = true;
    queueMicrotask(expire);
  }
  return clock;
}

/** A printed JSON record as an object; undefined for a line that is not one (custom formatters). */
export function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

// Breadcrumb data is kept short, as for the other loggers (log-capture.ts `briefFields`): values
// from JSON are already detached, only long strings and big objects are cut.
const MAX_FIELDS = 20;
const MAX_FIELD = 1000;

function fieldsFromLine(
  line: string,
  omit: ReadonlySet<string> | undefined,
): Record<string, unknown> | undefined {
  const record = parseLine(line);
  if (!record) return undefined;
  const out: Record<string, unknown> = {};
  let count = 0;
  for (const key of Object.keys(record)) {
    if (omit?.has(key)) continue;
    if (count++ >= MAX_FIELDS) break;
    const value = record[key];
    if (typeof value === 'string' && value.length > MAX_FIELD) out[key] = `${value.slice(0, MAX_FIELD - 1)}…`;
    else if (typeof value === 'object' && value !== null && JSON.stringify(value).length > MAX_FIELD)
      out[key] = `${JSON.stringify(value).slice(0, MAX_FIELD - 1)}…`;
    else out[key] = value;
  }
  return count > 0 ? out : undefined;
}
