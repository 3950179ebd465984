// DSN parsing: {protocol}://{public_key}[:{secret}]@{host}[:{port}][/{path}]/{project_id}
// Everything a request needs (endpoint URL, auth header) is computed once, here.
import { SDK_NAME, SDK_VERSION } from '../version.js';

export interface Dsn {
  protocol: 'http' | 'https';
  publicKey: string;
  secretKey?: string;
  host: string;
  port: string;
  path: string;
  projectId: string;
  /** `${protocol}://${host}[:port][/path]/api/${projectId}/envelope/` */
  envelopeUrl: string;
  /** The value of the `X-Sentry-Auth` header. */
  authHeader: string;
}

export type DsnResult = { ok: true; dsn: Dsn } | { ok: false; reason: string };

/** Parses a DSN; never throws. The reason names what is wrong, for the user's warning. */
export function parseDsn(input: unknown): DsnResult {
  if (typeof input !== 'string') return { ok: false, reason: `expected a string, got ${typeof input}` };
  const text = input.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'it is not a URL' };
  }
  const protocol = url.protocol.slice(0, -1);
  if (protocol !== 'http' && protocol !== 'https') {
    return { ok: false, reason: `protocol must be http or https, not "${protocol}"` };
  }
  if (!url.username) return { ok: false, reason: 'the public key (the part before "@") is missing' };
  if (!url.hostname) return { ok: false, reason: 'the host is missing' };
  const segments = url.pathname.split('/').filter(Boolean);
  const projectId = segments.pop();
  if (!projectId) return { ok: false, reason: 'the project id (the last path segment) is missing' };
  if (!/^\d+$/.test(projectId)) return { ok: false, reason: `the project id "${projectId}" is not a number` };
  if (url.search || url.hash) return { ok: false, reason: 'a DSN has no query string or fragment' };

  const publicKey = decodeURIComponent(url.username);
  const secretKey = url.password ? decodeURIComponent(url.password) : undefined;
  const path = segments.join('/');
  const base = `${protocol}://${url.host}${path ? `/${path}` : ''}`;
  const auth = [`sentry_version=7`, `sentry_client=${SDK_NAME}/${SDK_VERSION}`, `sentry_key=${publicKey}`];
  if (secretKey) auth.push(`sentry_secret=${secretKey}`);
  return {
    ok: true,
    dsn: {
      protocol,
      publicKey,
      ...(secretKey ? { secretKey } : {}),
      host: url.hostname,
      port: url.port,
      path,
      projectId,
      envelopeUrl: `${base}/api/${projectId}/envelope/`,
      authHeader: `Sentry ${auth.join(', ')}`,
    },
  };
}

/** The DSN with its secret removed, fit for logs and envelope headers. */
export function dsnToString(dsn: Dsn): string {
  const port = dsn.port ? `:${dsn.port}` : '';
  const path = dsn.path ? `/${dsn.path}` : '';
  return `${dsn.protocol}://${dsn.publicKey}@${dsn.host}${port}${path}/${dsn.projectId}`;
}
