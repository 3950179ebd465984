// The cron monitor API's public types, as @sentry/node names them.

export type CheckInStatus = 'in_progress' | 'ok' | 'error';

export type CheckIn =
  | { monitorSlug: string; status: 'in_progress'; checkInId?: string }
  | { monitorSlug: string; status: 'ok' | 'error'; checkInId?: string /** Seconds. */; duration?: number };

export type MonitorSchedule =
  | { type: 'crontab'; value: string }
  | { type: 'interval'; value: number; unit: 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' };

export interface MonitorConfig {
  schedule: MonitorSchedule;
  /** Minutes a check-in may be late before it counts as missed. */
  checkinMargin?: number;
  /** Minutes a check-in may stay in progress before it counts as failed. */
  maxRuntime?: number;
  /** tz database name, e.g. `Europe/Vienna`. */
  timezone?: string;
  /** Consecutive failed check-ins before an issue is opened. */
  failureIssueThreshold?: number;
  /** Consecutive successful check-ins before the issue is resolved. */
  recoveryThreshold?: number;
  /** `withMonitor` only: run the callback in a trace of its own. */
  isolateTrace?: boolean;
}
