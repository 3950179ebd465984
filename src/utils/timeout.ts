/**
 * Resolves with the promise's value, or false once `deadline` (ms since the epoch) passes; a
 * rejection also gives false. The timer never keeps the process alive.
 */
export function withTimeout(promise: Promise<boolean>, deadline: number | undefined): Promise<boolean> {
  const guarded = promise.catch(() => false);
  if (deadline === undefined) return guarded;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    timer.unref();
    void guarded.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
