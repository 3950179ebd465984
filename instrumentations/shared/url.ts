// Pure URL helpers for breadcrumbs and request data. String operations rather than `new URL()`:
// they never throw, and keep the URL as the app wrote it (no re-encoding, no lower-casing).

export interface UrlParts {
  /** The URL without credentials, query and fragment. */
  url: string;
  /** The query with its leading '?', when there is one. */
  query?: string;
  /** The fragment with its leading '#', when there is one. */
  fragment?: string;
}

const CREDENTIALS = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/** Splits a URL into a shareable URL (no `user:pass@`, no query, no fragment), query and fragment. */
export function splitUrl(raw: string): UrlParts {
  let rest = raw;
  let fragment: string | undefined;
  let query: string | undefined;
  const hash = rest.indexOf('#');
  if (hash !== -1) {
    fragment = rest.slice(hash);
    rest = rest.slice(0, hash);
  }
  const question = rest.indexOf('?');
  if (question !== -1) {
    query = rest.slice(question);
    rest = rest.slice(0, question);
  }
  const parts: UrlParts = { url: rest.replace(CREDENTIALS, '$1') };
  if (query && query.length > 1) parts.query = query;
  if (fragment && fragment.length > 1) parts.fragment = fragment;
  return parts;
}

/** Joins a path (as sent on the wire) to its origin; an absolute-form path (proxies) stands alone. */
export function joinUrl(origin: string, path: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path;
  return `${origin.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`;
}

const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** `host:port` of an absolute URL, lower-cased and with the scheme's default port filled in. */
export function hostAndPort(raw: string): string | undefined {
  try {
    const url = new URL(raw);
    const port = url.port || DEFAULT_PORTS[url.protocol] || '';
    return `${url.hostname.toLowerCase()}:${port}`;
  } catch {
    return undefined;
  }
}
