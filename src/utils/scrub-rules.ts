// The one set of scrubbing rules: which keys hold secrets (object keys, header names, query keys
// alike), credentials in URLs, and the user's `denyKeys` / `allowKeys`. Request data, HTTP
// breadcrumbs and the final event walk all ask these functions, so a key is secret everywhere or
// nowhere. Secrets never leave the process unless the app opted in with `sendDefaultPii`:
// Sentry's server-side scrubbing is a second line of defence, not the first.

export const FILTERED = '[Filtered]';

/**
 * Keys whose values are secrets: `password`, `api_key`, `apiKey`, `x-auth-token`, `sessionId`,
 * `set-cookie`, `Authorization`, `X-Amz-Signature`, `x-functions-key`, … but not `author`,
 * `keyword`, `passenger`, `cache_key` or an OTel attribute such as `messaging.kafka.message.key`.
 * Case-insensitive, so keys are never lower-cased (no allocation).
 */
const SECRET_KEY =
  /passw|^pass$|pwd|secret|token|api[-_. ]?key|authoriz|auth(?!or)|credential|session|sessid|cookie|csrf|xsrf|signature|jwt|bearer|private[-_. ]?key|access[-_. ]?key|(^|-)key$|^(sid|sig)$/i;

/** Query strings also carry one-time codes (OAuth's `code`); elsewhere `code` is an error code. */
const SECRET_QUERY_ONLY = /^(code|private)$/i;

const IP_HEADERS = new Set([
  'forwarded',
  'x-forwarded-for',
  'x-original-forwarded-for',
  'via',
  'x-envoy-external-address',
  'remote-addr',
  'x-remote-addr',
]);

/** Distinct keys remembered per client; bounded so keys built from data cannot grow it. */
const KEY_CACHE_SIZE = 2000;
const MAX_CACHED_KEY = 64;

export type KeyPatterns = ReadonlyArray<string | RegExp>;

/** What the scrubbing of one client does; built once per client from its options. */
export interface ScrubRules {
  /** False with `sendDefaultPii`: only `denyKeys` and the DSN's key are then filtered. */
  readonly defaults: boolean;
  /** Whether any key can be secret: the defaults are on, or `denyKeys` were given. */
  readonly keysMatter: boolean;
  /** Whether the value under this key (object key, header name, query key) is replaced. */
  isSecretKey(key: string): boolean;
  /** The DSN's public key, replaced wherever it appears in a string. */
  readonly dsnKey: string | undefined;
}

export interface ScrubRuleOptions {
  sendDefaultPii?: boolean;
  denyKeys?: KeyPatterns;
  allowKeys?: KeyPatterns;
  dsnKey?: string | undefined;
}

/**
 * `denyKeys` extends the rules (also with `sendDefaultPii`) and wins over `allowKeys`, which
 * exempts keys from the default rules. Strings match as case-insensitive substrings, as in
 * `ignoreErrors`; RegExps are tested as given.
 */
export function createScrubRules(o: ScrubRuleOptions = {}): ScrubRules {
  const defaults = o.sendDefaultPii !== true;
  const deny = compilePatterns(o.denyKeys);
  const allow = compilePatterns(o.allowKeys);
  const cache = new Map<string, boolean>();
  return {
    defaults,
    keysMatter: defaults || deny !== undefined,
    // Only a key-like DSN key (Sentry's are 32 hex characters) is searched for in event text: a
    // short word as a key (`public`, in test setups) would filter every place the word appears.
    dsnKey: o.dsnKey && o.dsnKey.length >= 16 ? o.dsnKey : undefined,
    isSecretKey(key: string): boolean {
      // Events repeat the same few keys (type, value, url, …): a lookup beats the patterns.
      let secret = cache.get(key);
      if (secret === undefined) {
        secret = deny?.(key) ? true : allow?.(key) ? false : defaults && SECRET_KEY.test(key);
        if (key.length <= MAX_CACHED_KEY) {
          if (cache.size >= KEY_CACHE_SIZE) cache.clear();
          cache.set(key, secret);
        }
      }
      return secret;
    },
  };
}

/** Rules with nothing configured: the defaults (`pii: false`) or nothing at all (`pii: true`). */
export const DEFAULT_RULES: ScrubRules = createScrubRules();
const PII_RULES: ScrubRules = createScrubRules({ sendDefaultPii: true });

/** Callers given a bare `sendDefaultPii` flag get the rules without user patterns. */
export type Privacy = boolean | ScrubRules;

export function toRules(privacy: Privacy): ScrubRules {
  if (typeof privacy === 'object' && privacy !== null) return privacy;
  return privacy === true ? PII_RULES : DEFAULT_RULES;
}

function compilePatterns(patterns: KeyPatterns | undefined): ((key: string) => boolean) | undefined {
  if (!Array.isArray(patterns) || patterns.length === 0) return undefined;
  const strings = patterns.filter((p): p is string => typeof p === 'string' && p !== '');
  const regexps = patterns.filter((p): p is RegExp => p instanceof RegExp);
  const joined = strings.length
    ? new RegExp(strings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'i')
    : undefined;
  return (key) => {
    if (joined?.test(key)) return true;
    for (const re of regexps) {
      re.lastIndex = 0; // a /g or /y pattern keeps state between tests
      try {
        if (re.test(key)) return true;
      } catch {
        // A pathological user RegExp must not break the event.
      }
    }
    return false;
  };
}

export function isSecretHeader(name: string, rules: ScrubRules = DEFAULT_RULES): boolean {
  return rules.isSecretKey(name);
}

/** Headers that carry the client's (or a proxy's) IP address. */
export function isIpHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return IP_HEADERS.has(lower) || lower.endsWith('-ip') || lower.endsWith('-ip-address');
}

export function isSecretQueryKey(key: string, rules: ScrubRules = DEFAULT_RULES): boolean {
  return rules.isSecretKey(key) || (rules.defaults && SECRET_QUERY_ONLY.test(key));
}

/**
 * A query string (with or without its leading '?', which is kept) with secret values replaced.
 * Pairs stay in order and keep their original encoding.
 */
export function scrubQueryString(query: string, privacy: Privacy): string {
  const rules = toRules(privacy);
  if (query === '' || !rules.keysMatter) return query;
  const prefix = query.startsWith('?') ? '?' : '';
  const body = prefix ? query.slice(1) : query;
  let changed = false;
  const pairs = body.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    if (key === '' || !isSecretQueryKey(decodeKey(key), rules)) return pair;
    changed = true;
    return `${key}=${FILTERED}`;
  });
  return changed ? prefix + pairs.join('&') : query;
}

function decodeKey(key: string): string {
  if (key.indexOf('%') === -1 && key.indexOf('+') === -1) return key;
  try {
    return decodeURIComponent(key.replace(/\+/g, ' '));
  } catch {
    return key;
  }
}

/** `scheme://user:pass@` (or `scheme://key@`) anywhere in a text. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi;
/** `?key=value` / `&key=value` pairs in a text. */
const QUERY_PAIR = /([?&;])([^=&#\s?;'"<>]+)=([^&#\s;'"<>]*)/g;

/**
 * A text with URL credentials, secret query values and the DSN's key replaced; the same string
 * when nothing matched (the common case costs a few `indexOf`s).
 */
export function scrubText(text: string, rules: ScrubRules): string {
  let out = text;
  const dsnKey = rules.dsnKey;
  if (dsnKey && out.indexOf(dsnKey) !== -1) out = out.split(dsnKey).join(FILTERED);
  if (!rules.keysMatter) return out;
  if (rules.defaults && out.indexOf('://') !== -1 && out.indexOf('@') !== -1) {
    out = out.replace(URL_CREDENTIALS, `$1${FILTERED}@`);
  }
  if (out.indexOf('=') !== -1 && (out.indexOf('?') !== -1 || out.indexOf('&') !== -1)) {
    out = out.replace(QUERY_PAIR, (pair: string, sep: string, key: string, value: string) =>
      value !== FILTERED && isSecretQueryKey(decodeKey(key), rules) ? `${sep}${key}=${FILTERED}` : pair,
    );
  }
  return out;
}
