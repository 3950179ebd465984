import { randomBytes, randomUUID } from 'node:crypto';

/** A Sentry event id: 32 lowercase hex characters, no dashes. */
export function uuid4(): string {
  return randomUUID().replace(/-/g, '');
}

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

export function spanId(): string {
  return randomBytes(8).toString('hex');
}
