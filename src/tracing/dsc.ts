// The dynamic sampling context (DSC): what the head of a trace decided and knows, carried to every
// service of the trace in the `sentry-*` entries of the W3C `baggage` header and sent as the `trace`
// header of every envelope, so Sentry samples and links the whole trace consistently. Pure string
// work; other vendors' baggage entries are kept exactly as they came.

/** Sentry's DSC keys (baggage `sentry-<key>`), all string values. */
export type DynamicSamplingContext = Partial<
  Record<
    | 'trace_id'
    | 'public_key'
    | 'release'
    | 'environment'
    | 'transaction'
    | 'sample_rate'
    | 'sampled'
    | 'sample_rand'
    | 'org_id',
    string
  >
> &
  Record<string, string>;

const PREFIX = 'sentry-';
/** W3C baggage limits: 180 list members and 8 192 bytes; a longer header is cut at a member. */
const MAX_MEMBERS = 180;
const MAX_BAGGAGE_BYTES = 8192;

export interface ParsedBaggage {
  /** The `sentry-*` entries, decoded; undefined when there were none. */
  dsc: DynamicSamplingContext | undefined;
  /** The other members, verbatim (properties included), in their order. */
  others: string[];
}

/** Splits a `baggage` header (or several) into Sentry's DSC and everybody else's members. */
export function parseBaggage(header: string | string[] | undefined): ParsedBaggage {
  const others: string[] = [];
  let dsc: DynamicSamplingContext | undefined;
  const text = Array.isArray(header) ? header.join(',') : header;
  if (typeof text !== 'string' || text === '') return { dsc, others };
  const members = text.slice(0, MAX_BAGGAGE_BYTES * 2).split(',', MAX_MEMBERS * 2);
  for (const raw of members) {
    const member = raw.trim();
    if (!member) continue;
    const eq = member.indexOf('=');
    if (eq <= 0) continue;
    const key = member.slice(0, eq).trim();
    if (!key.startsWith(PREFIX)) {
      if (others.length < MAX_MEMBERS) others.push(member);
      continue;
    }
    const value = decode(
      member
        .slice(eq + 1)
        .split(';', 1)[0]
        ?.trim() ?? '',
    );
    if (value === undefined || key.length === PREFIX.length) continue;
    dsc ??= {};
    dsc[key.slice(PREFIX.length)] = value;
  }
  return { dsc, others };
}

/** A `baggage` header: the DSC's entries after the other members, within the W3C limits. */
export function serializeBaggage(dsc: DynamicSamplingContext | undefined, others: string[] = []): string {
  const members = [...others];
  for (const [key, value] of Object.entries(dsc ?? {})) {
    if (typeof value === 'string' && value !== '')
      members.push(`${PREFIX}${key}=${encodeURIComponent(value)}`);
  }
  let out = '';
  let count = 0;
  for (const member of members) {
    const next = out ? `${out},${member}` : member;
    if (next.length > MAX_BAGGAGE_BYTES || count >= MAX_MEMBERS) break;
    out = next;
    count++;
  }
  return out;
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** A number in [0, 1) from a DSC's `sample_rand`, or undefined when it is not one. */
export function parseSampleRand(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 && n < 1 ? n : undefined;
}

/**
 * The trace's random number in [0, 1) when no caller sent one: derived from the trace id's last
 * 8 hex digits (random in W3C ids), so every service that derives it the same way agrees.
 */
export function sampleRandFromTraceId(traceId: string): number {
  const n = Number.parseInt(traceId.slice(-8), 16);
  return roundRand(Number.isFinite(n) ? n / 0x1_0000_0000 : Math.random());
}

/** Six decimals, as sent in `sentry-sample_rand`, so the sender and the receiver compare the same number. */
export function roundRand(n: number): number {
  return Math.min(Math.floor(n * 1e6) / 1e6, 0.999999);
}

export function formatRand(n: number): string {
  return roundRand(n).toFixed(6);
}
