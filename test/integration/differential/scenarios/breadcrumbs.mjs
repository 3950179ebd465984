// Breadcrumbs: order, defaults, limit, beforeBreadcrumb.
export default {
  'breadcrumbs-order': {
    run: (S) => {
      S.addBreadcrumb({ message: 'first', category: 'step' });
      S.addBreadcrumb({ message: 'second', category: 'step', level: 'warning', data: { n: 2 } });
      S.addBreadcrumb({ type: 'http', category: 'fetch', data: { url: '/a', status_code: 200 } });
      S.captureMessage('with crumbs');
    },
  },
  'breadcrumbs-limit': {
    init: { maxBreadcrumbs: 3 },
    run: (S) => {
      for (let i = 0; i < 6; i++) S.addBreadcrumb({ message: `crumb ${i}` });
      S.captureMessage('limited');
    },
  },
  'breadcrumbs-before-drop': {
    init: { beforeBreadcrumb: (crumb) => (crumb.category === 'secret' ? null : crumb) },
    run: (S) => {
      S.addBreadcrumb({ message: 'keep', category: 'public' });
      S.addBreadcrumb({ message: 'drop', category: 'secret' });
      S.captureMessage('filtered crumbs');
    },
  },
  'breadcrumbs-before-modify': {
    init: { beforeBreadcrumb: (crumb, hint) => ({ ...crumb, data: { ...crumb.data, hinted: !!hint?.why } }) },
    run: (S) => {
      S.addBreadcrumb({ message: 'changed' }, { why: 'test' });
      S.captureMessage('modified crumbs');
    },
  },
  'breadcrumbs-with-scope': {
    run: (S) => {
      S.addBreadcrumb({ message: 'outside' });
      S.withScope((scope) => {
        scope.addBreadcrumb({ message: 'inside' });
        S.captureMessage('crumbs in scope');
      });
      S.captureMessage('crumbs after scope');
    },
  },
};
