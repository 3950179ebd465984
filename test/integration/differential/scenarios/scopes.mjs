// Scopes: global, isolation and current scopes, withScope, withIsolationScope, tags, users,
// contexts, extras, fingerprints, levels.
export default {
  'tags-strings': {
    run: (S) => {
      S.setTag('region', 'eu');
      S.setTags({ tier: 'gold', shard: 'a' });
      S.captureMessage('tags');
    },
  },
  'tags-typed': {
    run: (S) => {
      S.setTag('attempt', 2);
      S.setTag('cached', false);
      S.setTags({ ratio: 0.5 });
      S.captureMessage('typed tags');
    },
  },
  'user-custom-keys': {
    run: (S) => {
      S.setUser({ id: '7', plan: 'pro', seats: 5 });
      S.captureMessage('user custom keys');
    },
  },
  'user-cleared': {
    run: (S) => {
      S.setUser({ id: '1' });
      S.setUser(null);
      S.captureMessage('user cleared');
    },
  },
  'contexts-custom': {
    run: (S) => {
      S.setContext('order', { id: 'o-9', total: 12.5, items: ['a', 'b'] });
      S.captureMessage('contexts');
    },
  },
  extras: {
    run: (S) => {
      S.setExtra('payload', { deep: { list: [1, 2, 3] } });
      S.setExtras({ a: 1, b: 'two' });
      S.captureMessage('extras');
    },
  },
  'fingerprint-scope': {
    run: (S) => {
      S.getCurrentScope().setFingerprint(['{{ default }}', 'checkout']);
      S.captureException(new Error('fingerprinted'));
    },
  },
  'level-scope': {
    run: (S) => {
      S.getCurrentScope().setLevel('warning');
      S.captureException(new Error('scope level'));
    },
  },
  'with-scope': {
    run: (S) => {
      S.setTag('outer', 'yes');
      S.withScope((scope) => {
        scope.setTag('inner', 'yes');
        scope.setExtra('inside', true);
        S.captureMessage('inside withScope');
      });
      S.captureMessage('after withScope');
    },
  },
  'with-isolation-scope': {
    run: (S) => {
      S.getIsolationScope().setTag('request', 'outer');
      S.withIsolationScope((iso) => {
        iso.setTag('request', 'inner');
        iso.setUser({ id: 'iso-user' });
        S.captureMessage('isolated');
      });
      S.captureMessage('not isolated');
    },
  },
  'scope-precedence': {
    run: (S) => {
      S.getGlobalScope().setTag('who', 'global');
      S.getIsolationScope().setTag('who', 'isolation');
      S.withScope((scope) => {
        scope.setTag('who', 'current');
        S.captureMessage('current wins');
      });
    },
  },
  'scope-capture-on-scope': {
    run: (S) => {
      const scope = S.getCurrentScope().clone();
      scope.setTag('cloned', 'yes');
      S.captureMessage('with a scope', scope);
    },
  },
  'scope-callback-context': {
    run: (S) =>
      S.captureMessage('callback context', (scope) => {
        scope.setTag('from', 'callback');
        return scope;
      }),
  },
  'init-initial-scope': {
    init: { initialScope: { tags: { initial: 'scope' }, user: { id: 'init-user' } } },
    run: (S) => S.captureMessage('initial scope'),
  },
};
