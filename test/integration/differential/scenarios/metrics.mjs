// Metrics: count, gauge, distribution with units and attributes.
export default {
  'metrics-count': { run: (S) => S.metrics.count('jobs.done', 2, { attributes: { queue: 'q1' } }) },
  'metrics-gauge': { run: (S) => S.metrics.gauge('queue.depth', 17, { unit: 'none' }) },
  'metrics-distribution': {
    run: (S) =>
      S.metrics.distribution('response.time', 123.4, { unit: 'millisecond', attributes: { route: '/a' } }),
  },
  'metrics-in-span': {
    init: { tracesSampleRate: 1 },
    run: (S) => S.startSpan({ name: 'metric span' }, () => S.metrics.count('in.span')),
  },
};
