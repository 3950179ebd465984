// Local variables on caught exceptions (uncaught ones are in process.mjs).
function failWith(input) {
  const doubled = input * 2;
  const label = `value-${doubled}`;
  throw new Error(`failed on ${label}`);
}

export default {
  'localvars-caught': {
    init: { includeLocalVariables: true },
    run: async (S) => {
      try {
        failWith(21);
      } catch (error) {
        S.captureException(error);
      }
      // The inspector pause that reads the locals is asynchronous in both SDKs.
      await new Promise((resolve) => setTimeout(resolve, 100));
    },
  },
  'localvars-off': {
    run: (S) => {
      try {
        failWith(1);
      } catch (error) {
        S.captureException(error);
      }
    },
  },
};
