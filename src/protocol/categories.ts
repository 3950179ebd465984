import type { DataCategory, Envelope } from './types.js';

/** The rate-limit / client-report category of an envelope item type. */
export function itemTypeToCategory(type: string): DataCategory {
  switch (type) {
    case 'event':
      return 'error';
    case 'transaction':
      return 'transaction';
    case 'attachment':
      return 'attachment';
    case 'session':
    case 'sessions':
      return 'session';
    case 'log':
      return 'log_item';
    case 'client_report':
      return 'internal';
    case 'trace_metric':
      return 'trace_metric';
    case 'check_in':
      return 'monitor';
    default:
      return 'default';
  }
}

/** Categories of every item of an envelope, for counting what a drop loses. */
export function envelopeCategories(envelope: Envelope): DataCategory[] {
  return envelope[1].map(([headers]) => itemTypeToCategory(headers.type));
}
