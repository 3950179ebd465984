// Sentry Logs: logger levels, fmt templates, attributes, beforeSendLog.
const logs = { enableLogs: true };

export default {
  'logs-levels': {
    init: logs,
    run: (S) => {
      S.logger.trace('t');
      S.logger.debug('d');
      S.logger.info('i');
      S.logger.warn('w');
      S.logger.error('e');
      S.logger.fatal('f');
    },
  },
  'logs-attributes': {
    init: logs,
    run: (S) => S.logger.info('order placed', { orderId: 'o-1', total: 9.5, paid: true }),
  },
  'logs-fmt': {
    init: logs,
    run: (S) => {
      const user = 'ada';
      S.logger.warn(S.logger.fmt`user ${user} retried ${2} times`);
    },
  },
  'logs-before-send-log': {
    init: {
      ...logs,
      beforeSendLog: (log) => (log.level === 'debug' ? null : { ...log, message: `[x] ${log.message}` }),
    },
    run: (S) => {
      S.logger.debug('dropped');
      S.logger.info('kept');
    },
  },
  // Sent without enableLogs: @sentry/node 10 sends logger calls unless enableLogs is false.
  'logs-default-on': { run: (S) => S.logger.info('sent without enableLogs') },
  'logs-disabled': {
    init: { enableLogs: false },
    nothing: true,
    run: (S) => S.logger.info('not sent with enableLogs: false'),
  },
  'logs-scope-user': {
    init: logs,
    run: (S) => {
      S.setUser({ id: 'log-user', email: 'l@example.com' });
      S.logger.info('with user');
    },
  },
  'logs-in-span': {
    init: { ...logs, tracesSampleRate: 1 },
    run: (S) => S.startSpan({ name: 'logging span' }, () => S.logger.info('inside a span')),
  },
};
