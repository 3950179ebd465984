/** Seconds since the epoch, with millisecond precision: Sentry's timestamp unit. */
export function nowSeconds(): number {
  return Date.now() / 1000;
}

/** An OTel HrTime `[seconds, nanoseconds]` as float seconds. */
export function hrTimeToSeconds(time: readonly [number, number]): number {
  return time[0] + time[1] / 1e9;
}

let isoSecond = Number.NaN;
let isoPrefix = '';

/**
 * `new Date().toISOString()` at a fraction of its cost (V8 formats a date in ~0.5 µs): the part
 * up to the second is formatted once per second.
 */
export function isoNow(): string {
  const ms = Date.now();
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    isoSecond = second;
    isoPrefix = new Date(second * 1000).toISOString().slice(0, -4); // up to the `.` before the ms
  }
  const fraction = ms - second * 1000;
  return `${isoPrefix}${fraction < 10 ? '00' : fraction < 100 ? '0' : ''}${fraction}Z`;
}
