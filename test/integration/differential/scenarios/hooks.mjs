// beforeSend and event processors: dropping, modifying, hints, ordering.
export default {
  'before-send-drop': {
    init: { beforeSend: (event) => (event.message === 'drop me' ? null : event) },
    run: (S) => {
      S.captureMessage('drop me');
      S.captureMessage('keep me');
    },
  },
  'before-send-modify': {
    init: {
      beforeSend: (event) => {
        event.tags = { ...event.tags, touched: 'yes' };
        event.fingerprint = ['custom'];
        return event;
      },
    },
    run: (S) => S.captureException(new Error('modified')),
  },
  'before-send-hint': {
    init: {
      beforeSend: (event, hint) => {
        event.extra = {
          ...event.extra,
          original: String(hint.originalException),
          hasSynthetic: !!hint.syntheticException,
        };
        return event;
      },
    },
    run: (S) => S.captureException(new Error('hinted')),
  },
  'before-send-sees-message': {
    init: {
      beforeSend: (event) => {
        event.extra = { sawMessage: event.message ?? null, crumbsIsArray: Array.isArray(event.breadcrumbs) };
        return event;
      },
    },
    run: (S) => {
      S.addBreadcrumb({ message: 'crumb' });
      S.captureMessage('visible message');
    },
  },
  'before-send-transaction-drop': {
    init: {
      tracesSampleRate: 1,
      beforeSendTransaction: (event) => (event.transaction === 'drop-tx' ? null : event),
    },
    run: (S) => {
      S.startSpan({ name: 'drop-tx' }, () => {});
      S.startSpan({ name: 'keep-tx' }, () => {});
    },
  },
  'ignore-errors': {
    init: { ignoreErrors: ['ignored failure'] },
    run: (S) => {
      S.captureException(new Error('ignored failure here'));
      S.captureException(new Error('reported failure'));
    },
  },
  'event-processor-global': {
    run: (S) => {
      S.addEventProcessor((event) => ({ ...event, tags: { ...event.tags, processed: 'global' } }));
      S.captureMessage('processed');
    },
  },
  'event-processor-drop': {
    run: (S) => {
      S.addEventProcessor((event) => (event.message === 'dropped by processor' ? null : event));
      S.captureMessage('dropped by processor');
      S.captureMessage('passed processor');
    },
  },
  'event-processor-scope': {
    run: (S) => {
      S.withScope((scope) => {
        scope.addEventProcessor((event) => ({ ...event, extra: { scoped: true } }));
        S.captureMessage('scoped processor');
      });
      S.captureMessage('outside scoped processor');
    },
  },
};
