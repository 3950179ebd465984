// `Sentry.metrics`: counters, gauges and distributions sent as trace-connected `trace_metric`
// items (@sentry/node 10's API and wire form). No call ever throws into the app.
import { safe } from '../utils/safe.js';
import { captureMetric } from './capture.js';
import type { MetricOptions } from './types.js';

export type { BeforeSendMetric, Metric, MetricOptions, MetricType } from './types.js';

/** Adds `value` (default 1) to a counter. */
function count(name: string, value: number = 1, options?: MetricOptions): void {
  safe('metrics.count', () => captureMetric('counter', name, value, options), undefined);
}

/** Records the current value of something that goes up and down. */
function gauge(name: string, value: number, options?: MetricOptions): void {
  safe('metrics.gauge', () => captureMetric('gauge', name, value, options), undefined);
}

/** Records one sample of a distribution (durations, sizes): Sentry computes percentiles. */
function distribution(name: string, value: number, options?: MetricOptions): void {
  safe('metrics.distribution', () => captureMetric('distribution', name, value, options), undefined);
}

export const metrics = { count, gauge, distribution };
