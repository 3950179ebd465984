// Pure scrubbing of request headers and query strings. Secrets and client IPs never leave the
// process unless the app opted in with `sendDefaultPii`: Sentry's server-side scrubbing is a
// second line of defence, not the first.

export const FILTERED = '[Filtered]';

const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);
/** Header names that carry credentials in practice: `x-api-key`, `x-auth-token`, `x-session-id`, … */
const SECRET_HEADER_PATTERN =
  /auth|token|secret|passw|pwd|api[-_]?key|apikey|session|cookie|csrf|xsrf|signature|credential|jwt|(^|-)key$/;

const IP_HEADERS = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-original-forwarded-for',
  'via',
  'x-envoy-external-address',
  'remote-addr',
  'x-remote-addr',
]);

/** Query keys whose values are secrets: `password`, `access_token`, `api_key`, `sig`, `sessionid`, … */
const SECRET_QUERY_PATTERN =
  /passw|^pass$|pwd|token|secret|api[-_ ]?key|auth(?!ors?$)|session|sessid|signature|credential|jwt|private|access[-_]?key|^(sid|sig|key|code)$/;

export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_HEADERS.has(lower) || SECRET_HEADER_PATTERN.test(lower);
}

/** Headers that carry the client's (or a proxy's) IP address. */
export function isIpHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return IP_HEADERS.has(lower) || lower.endsWith('-ip') || lower.endsWith('-ip-address');
}

export function isSecretQueryKey(key: string): boolean {
  return SECRET_QUERY_PATTERN.test(key.toLowerCase());
}

export type RawHeaders = Record<string, string | string[] | number | undefined>;

/** Headers as strings (repeated ones joined by ', '), secret and IP values replaced unless `pii`. */
export function scrubHeaders(headers: RawHeaders, pii: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    out[name] = !pii && (isSecretHeader(name) || isIpHeader(name)) ? FILTERED : text;
  }
  return out;
}

/**
 * A query string (with or without its leading '?', which is kept) with secret values replaced
 * unless `pii`. Pairs stay in order and keep their original encoding.
 */
export function scrubQueryString(query: string, pii: boolean): string {
  if (pii || query === '') return query;
  const prefix = query.startsWith('?') ? '?' : '';
  const body = prefix ? query.slice(1) : query;
  return (
    prefix +
    body
      .split('&')
      .map((pair) => {
        const eq = pair.indexOf('=');
        const key = eq === -1 ? pair : pair.slice(0, eq);
        return isSecretQueryKey(decodeKey(key)) ? `${key}=${FILTERED}` : pair;
      })
      .join('&')
  );
}

function decodeKey(key: string): string {
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
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
