// The metric API's public types, as @sentry/node 10 names them.

export type MetricType = 'counter' | 'gauge' | 'distribution';

/** What `beforeSendMetric` sees: the metric with its raw (not yet typed) attributes. */
export interface Metric {
  type: MetricType;
  name: string;
  value: number;
  unit?: string;
  attributes?: Record<string, unknown>;
}

export interface MetricOptions {
  /** e.g. `millisecond`, `byte`, `percent`, or your own. */
  unit?: string;
  attributes?: Record<string, unknown>;
}

/** Change a metric, or drop it by returning `null`. */
export type BeforeSendMetric = (metric: Metric) => Metric | null;
