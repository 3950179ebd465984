// Scrubbing of request headers, and the client IP. The key rules themselves live in
// src/utils/scrub-rules.ts, shared with the event walk, so a key is secret everywhere or nowhere.
import { FILTERED, isIpHeader, type Privacy, toRules } from '../../src/utils/scrub-rules.js';

export {
  FILTERED,
  isIpHeader,
  isSecretHeader,
  isSecretQueryKey,
  type Privacy,
  scrubQueryString,
} from '../../src/utils/scrub-rules.js';

export type RawHeaders = Record<string, string | string[] | number | undefined>;

/**
 * Headers as strings (repeated ones joined by ', '), secret values replaced per the rules
 * (`denyKeys` / `allowKeys` included), and IP headers too unless PII is on.
 */
export function scrubHeaders(headers: RawHeaders, privacy: Privacy): Record<string, string> {
  const rules = toRules(privacy);
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const secret = rules.isSecretKey(name) || (rules.defaults && isIpHeader(name));
    out[name] = secret ? FILTERED : text;
  }
  return out;
}

/** The client IP for `user.ip_address` (PII only): first X-Forwarded-For entry, X-Real-IP, the socket. */
export function clientIp(headers: RawHeaders, remoteAddress: string | undefined): string | undefined {
  const forwarded = headers['x-forwarded-for'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.toString().split(',')[0]?.trim();
  if (first) return first;
  const real = headers['x-real-ip'];
  const realIp = (Array.isArray(real) ? real[0] : real)?.toString().trim();
  return realIp || remoteAddress || undefined;
}
