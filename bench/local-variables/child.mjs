// One contender of bench/local-variables.mjs: COUNT caught exceptions, each captured, CPU time of
// the whole process (the local-variables worker thread included) per captured exception.
// SDK: ours | sentry10; LV: none (integration removed) | off (default) | on (includeLocalVariables).
import { setTimeout as sleep } from 'node:timers/promises';

const { SDK = 'ours', LV = 'off', COUNT = '1000' } = process.env;
const count = Number(COUNT);
const Sentry = await import(SDK === 'sentry10' ? 'sentry-node-10' : 'otel-sentry');
const dsn = 'http://0123456789abcdef0123456789abcdef@127.0.0.1:9/1';
// Events go nowhere: the figure is the SDK's own work, not the network's.
const transport =
  SDK === 'sentry10'
    ? () => ({ send: async () => ({}), flush: async () => true })
    : () => ({ send() {}, flush: () => Promise.resolve(true) });
// A budget no run reaches: the figure is the cost of each capture with variables, not the budget's.
const budget = { maxExceptionsPerSecond: 1e9 };
Sentry.init({
  dsn,
  transport,
  includeLocalVariables: LV === 'on',
  integrations: (defaults) => [
    ...defaults.filter((i) => !(LV === 'none' && i.name.startsWith('LocalVariables'))),
    ...(LV === 'on' ? [Sentry.localVariablesIntegration(budget)] : []),
  ],
});

const KEYS = [Symbol.for('otel-sentry.local-variables'), '__SENTRY_ERROR_LOCAL_VARIABLES__'];
const hasVars = (e) => KEYS.some((k) => Object.hasOwn(e, k));

class Cart {
  constructor(items) {
    this.items = items;
  }
  total(discount) {
    const sum = this.items.reduce((a, b) => a + b.price, 0);
    const meta = { currency: 'EUR', discount, count: this.items.length };
    if (sum > 0) throw new Error(`cannot total ${sum} ${meta.currency}`);
    return sum;
  }
}
function checkout(user, items) {
  const cart = new Cart(items);
  const attempt = { user, at: 1 };
  return cart.total(attempt.at / 10);
}
function work(i) {
  try {
    checkout({ id: i, name: 'user' }, [{ price: 3 }, { price: 4 }]);
  } catch (err) {
    return err;
  }
}

// With variables on, wait (bounded) until the worker pauses on exceptions.
if (LV === 'on') {
  for (let i = 0; i < 500 && !hasVars(work(0)); i++) await sleep(10);
  if (!hasVars(work(0))) throw new Error('local variables never became ready');
}
for (let i = 0; i < 100; i++) Sentry.captureException(work(i));
await Sentry.flush(2000);

const before = process.cpuUsage();
let withVars = 0;
for (let i = 0; i < count; i++) {
  const err = work(i);
  if (hasVars(err)) withVars++;
  Sentry.captureException(err);
  if (i % 100 === 99) await new Promise((r) => setImmediate(r));
}
await Sentry.flush(5000);
const cpu = process.cpuUsage(before);
console.log(JSON.stringify({ cpuMicros: cpu.user + cpu.system, count, withVars }));
process.exit(0);
