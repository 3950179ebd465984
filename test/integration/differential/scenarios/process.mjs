// Process integrations: unhandled rejections (modes), uncaught exceptions, exit codes and stderr.
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

export default {
  'unhandled-rejection-error': {
    stderr: true,
    run: async () => {
      // biome-ignore lint/nursery/noFloatingPromises: the rejection is left unhandled on purpose
      Promise.reject(new Error('rejected'));
      await settle();
    },
  },
  'unhandled-rejection-string': {
    stderr: true,
    run: async () => {
      // biome-ignore lint/nursery/noFloatingPromises: the rejection is left unhandled on purpose
      Promise.reject('rejected string');
      await settle();
    },
  },
  'unhandled-rejection-object': {
    stderr: true,
    run: async () => {
      // biome-ignore lint/nursery/noFloatingPromises: the rejection is left unhandled on purpose
      Promise.reject({ code: 'E_OBJ' });
      await settle();
    },
  },
  'unhandled-rejection-strict': {
    stderr: true,
    keepAlive: true,
    init: (S) => ({ integrations: [S.onUnhandledRejectionIntegration({ mode: 'strict' })] }),
    run: async () => {
      // biome-ignore lint/nursery/noFloatingPromises: the rejection is left unhandled on purpose
      Promise.reject(new Error('strict rejection'));
    },
  },
  'unhandled-rejection-none': {
    stderr: true,
    init: (S) => ({ integrations: [S.onUnhandledRejectionIntegration({ mode: 'none' })] }),
    run: async () => {
      // biome-ignore lint/nursery/noFloatingPromises: the rejection is left unhandled on purpose
      Promise.reject(new Error('quiet rejection'));
      await settle();
    },
  },
  'uncaught-exception': {
    stderr: true,
    keepAlive: true,
    run: () => {
      setTimeout(() => {
        throw new Error('uncaught boom');
      }, 1);
    },
  },
  'uncaught-exception-localvars': {
    keepAlive: true,
    init: { includeLocalVariables: true },
    run: () => {
      setTimeout(function crash() {
        const reason = 'local reason';
        throw new Error(`uncaught with ${reason}`);
      }, 1);
    },
  },
};
