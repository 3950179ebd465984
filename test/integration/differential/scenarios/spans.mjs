// The span API: transactions and child spans from startSpan, startSpanManual, startInactiveSpan.
const traced = { tracesSampleRate: 1 };

export default {
  'span-basic': { init: traced, run: (S) => S.startSpan({ name: 'basic work' }, () => 1) },
  'span-child': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'parent', op: 'function' }, () => {
        S.startSpan({ name: 'child', op: 'db.query' }, () => {});
      }),
  },
  'span-async': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'async parent' }, async () => {
        await S.startSpan({ name: 'async child', op: 'http.client' }, async () => {
          await new Promise((resolve) => setImmediate(resolve));
        });
      }),
  },
  'span-attributes': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'attrs', attributes: { 'app.step': 'parse', 'app.count': 3 } }, (span) => {
        span.setAttribute('app.late', true);
      }),
  },
  'span-error-status': {
    init: traced,
    run: (S) => {
      try {
        S.startSpan({ name: 'fails' }, () => {
          throw new Error('inside span');
        });
      } catch {}
    },
  },
  'span-manual': {
    init: traced,
    run: (S) =>
      S.startSpanManual({ name: 'manual', op: 'queue.process' }, (span) => {
        span.end();
      }),
  },
  'span-inactive': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'root' }, () => {
        const a = S.startInactiveSpan({ name: 'inactive a', op: 'cache.get' });
        const b = S.startInactiveSpan({ name: 'inactive b' });
        b.end();
        a.end();
      }),
  },
  'span-update-name': {
    init: traced,
    run: (S) => S.startSpan({ name: 'before' }, (span) => S.updateSpanName(span, 'after')),
  },
  'span-measurement': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'measured' }, () => {
        S.setMeasurement('items', 12, 'none');
        S.setMeasurement('ttfb', 34.5, 'millisecond');
      }),
  },
  'span-source-attribute': {
    init: traced,
    run: (S) =>
      S.startSpan(
        { name: 'GET /users/:id', attributes: { [S.SEMANTIC_ATTRIBUTE_SENTRY_SOURCE]: 'route' } },
        () => {},
      ),
  },
  'span-with-error-event': {
    init: traced,
    run: (S) => S.startSpan({ name: 'has error' }, () => S.captureException(new Error('in span'))),
  },
  'span-to-json': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'json me', op: 'serialize' }, (span) => {
        const json = S.spanToJSON(span);
        S.setExtra('json', { description: json.description, op: json.op, origin: json.origin });
        S.captureMessage('span json');
      }),
  },
  'span-active': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'active' }, (span) => {
        S.setTag('same', S.getActiveSpan() === span);
        S.captureMessage('active span');
      }),
  },
  'span-with-active-span': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'outer' }, () => {
        const other = S.startInactiveSpan({ name: 'made active' });
        S.withActiveSpan(other, () => S.startSpan({ name: 'under made active' }, () => {}));
        other.end();
      }),
  },
  'span-suppress-tracing': {
    nothing: true,
    init: traced,
    run: (S) => S.suppressTracing(() => S.startSpan({ name: 'suppressed' }, () => {})),
  },
  'span-not-sampled': {
    init: { tracesSampleRate: 0 },
    run: (S) => S.startSpan({ name: 'unsampled' }, () => S.captureMessage('unsampled trace')),
  },
  'span-force-transaction': {
    init: traced,
    run: (S) =>
      S.startSpan({ name: 'outer tx' }, () => {
        S.startSpan({ name: 'forced tx', forceTransaction: true }, () => {});
      }),
  },
  'span-traces-sampler': {
    init: { tracesSampler: ({ name }) => (name === 'sampled-in' ? 1 : 0) },
    run: (S) => {
      S.startSpan({ name: 'sampled-in' }, () => {});
      S.startSpan({ name: 'sampled-out' }, () => {});
    },
  },
};
