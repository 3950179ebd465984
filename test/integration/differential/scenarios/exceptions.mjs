// Exceptions: Error, subclasses, causes, non-Error values, capture contexts.
class PaymentError extends Error {
  constructor(message) {
    super(message);
    this.name = 'PaymentError';
  }
}

export default {
  'exception-error': { run: (S) => S.captureException(new Error('plain failure')) },
  'exception-subclass': { run: (S) => S.captureException(new PaymentError('card declined')) },
  'exception-cause': {
    run: (S) => S.captureException(new Error('outer', { cause: new RangeError('inner') })),
  },
  'exception-cause-chain': {
    run: (S) => S.captureException(new Error('a', { cause: new Error('b', { cause: new Error('c') }) })),
  },
  'exception-string': { run: (S) => S.captureException('a thrown string') },
  'exception-object': { run: (S) => S.captureException({ code: 42, reason: 'object thrown' }) },
  'exception-capture-context': {
    run: (S) =>
      S.captureException(new Error('with context'), {
        level: 'warning',
        tags: { layer: 'db' },
        extra: { query: 'select 1' },
        fingerprint: ['db-failure'],
        user: { id: 'u-1' },
      }),
  },
};
