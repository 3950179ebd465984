// Counts discarded items by reason and category; the client turns the counts into
// `client_report` envelope items periodically, on flush and on close.
import type { ClientReport, DataCategory, Outcome } from './protocol/types.js';
import { nowSeconds } from './utils/time.js';

export class ClientReportRecorder {
  private _counts = new Map<string, number>();

  record(reason: Outcome, category: DataCategory, quantity = 1): void {
    if (category === 'internal' || quantity <= 0) return; // client reports are never reported
    const key = `${reason}:${category}`;
    this._counts.set(key, (this._counts.get(key) ?? 0) + quantity);
  }

  /** Returns the report and resets the counts, or undefined when nothing was dropped. */
  take(): ClientReport | undefined {
    if (this._counts.size === 0) return undefined;
    const discarded_events: ClientReport['discarded_events'] = [];
    for (const [key, quantity] of this._counts) {
      const [reason, category] = key.split(':') as [Outcome, DataCategory];
      discarded_events.push({ reason, category, quantity });
    }
    this._counts.clear();
    return { timestamp: nowSeconds(), discarded_events };
  }
}
