// Cron monitors: `withMonitor` and `captureCheckIn`, sent as `check_in` items (@sentry/node's API).
import { safe } from '../utils/safe.js';
import { sendCheckIn } from './check-in.js';
import type { CheckIn, MonitorConfig } from './types.js';

export type { CheckIn, CheckInStatus, MonitorConfig, MonitorSchedule } from './types.js';
export { withMonitor } from './with-monitor.js';

/** Sends a check-in and returns its id; pass the id back with `ok`/`error` to close it. */
export function captureCheckIn(checkIn: CheckIn, monitorConfig?: MonitorConfig): string {
  return safe('captureCheckIn', () => sendCheckIn(checkIn, monitorConfig), '');
}
