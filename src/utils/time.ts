/** Seconds since the epoch, with millisecond precision: Sentry's timestamp unit. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** An OTel HrTime `[seconds, nanoseconds]` as float seconds. */
export function hrTimeToSeconds(time: readonly [number, number]): number {
  return time[0] + time[1] / 1e9;
}
