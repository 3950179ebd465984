// Messages: captureMessage with levels and capture contexts, parameterize.
export default {
  'message-plain': { run: (S) => S.captureMessage('hello from a message') },
  'message-level-warning': { run: (S) => S.captureMessage('a warning', 'warning') },
  'message-level-error': { run: (S) => S.captureMessage('an error message', 'error') },
  'message-level-log': { run: (S) => S.captureMessage('a log message', 'log') },
  'message-capture-context': {
    run: (S) =>
      S.captureMessage('with context', { level: 'warning', tags: { area: 'billing' }, extra: { n: 1 } }),
  },
  'message-parameterize': {
    run: (S) => {
      const user = 'ada';
      const count = 3;
      S.captureMessage(S.parameterize`user ${user} has ${count} items`);
    },
  },
  'capture-event-raw': {
    run: (S) => S.captureEvent({ message: 'raw event', level: 'info', tags: { raw: 'yes' } }),
  },
};
