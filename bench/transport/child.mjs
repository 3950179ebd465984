// One SDK, one scenario, in a process of its own. argv: sdk (ours|sentry|bare) scenario dsn [count]
// Prints one JSON line with its measurements.
//   cpu   - warm up, then `count` captures in batches of 50, each batch flushed: CPU per event
//   burst - `count` unique captures in a tight loop, then flush and close
//   dead  - `count` captures against a dead DSN, then let the process end by itself
//   rate  - `count` captures per second for RATE_SECONDS, paced every few ms, then flush
const [sdkName, scenario, dsn, countText] = process.argv.slice(2);
const count = Number(countText);
const SHUTDOWN_TIMEOUT = 2000;

const sdk =
  sdkName === 'bare'
    ? await import('./bare-sdk.mjs')
    : sdkName === 'ours'
      ? await import('../../build/esm/src/index.js')
      : await import('@sentry/node');
sdk.init({ dsn, shutdownTimeout: SHUTDOWN_TIMEOUT });
// Growth is measured from here: what the captures cost, not what loading the SDK costs.
const rssStart = process.memoryUsage.rss();

const report = (data) => process.stdout.write(`${JSON.stringify({ sdk: sdkName, scenario, ...data })}\n`);
// Distinct messages defeat deduplication. The receiver counts events carrying MARK; it is built
// at run time so that context lines (which quote this source) never contain it.
const MARK = ['bench', 'measure'].join('-');
const capture = (tag, i) => sdk.captureException(new Error(`${tag} ${i}`));

if (scenario === 'cpu') {
  for (let i = 0; i < 200; i++) capture('warmup', i);
  await sdk.flush(10_000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let b = 0; b < count / 50; b++) {
    for (let i = 0; i < 50; i++) capture(MARK, b * 50 + i);
    await sdk.flush(10_000);
  }
  const cpu = process.cpuUsage(cpu0);
  report({ cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - t0 });
  await sdk.close(2000);
} else if (scenario === 'burst') {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < count; i++) capture(MARK, i);
  const loopMs = performance.now() - t0;
  const flushed = await sdk.flush(30_000);
  const cpu = process.cpuUsage(cpu0);
  await sdk.close(5000);
  report({ loopMs, flushed, cpuMicros: cpu.user + cpu.system, wallMs: performance.now() - t0 });
} else if (scenario === 'rate') {
  const seconds = Number(process.env.RATE_SECONDS ?? 5);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let captured = 0;
  // Catch up with the schedule every 5 ms: a sustained rate, not one burst.
  await new Promise((resolve) => {
    const tick = () => {
      const elapsed = (performance.now() - t0) / 1000;
      const due = Math.min(count * seconds, Math.floor(elapsed * count));
      while (captured < due) capture(MARK, captured++);
      if (captured >= count * seconds) resolve();
      else setTimeout(tick, 5);
    };
    tick();
  });
  const loopMs = performance.now() - t0;
  const flushed = await sdk.flush(30_000);
  const cpu = process.cpuUsage(cpu0);
  await sdk.close(5000);
  report({
    captured,
    loopMs,
    flushed,
    cpuMicros: cpu.user + cpu.system,
    achievedRate: captured / (loopMs / 1000),
  });
} else if (scenario === 'dead') {
  for (let i = 0; i < count; i++) capture(MARK, i);
  const rssAfterLoop = process.memoryUsage.rss();
  let beforeExitAt;
  process.prependOnceListener('beforeExit', () => {
    beforeExitAt = performance.now();
  });
  process.on('exit', () => {
    report({
      exitAfterBeforeExitMs: beforeExitAt === undefined ? undefined : performance.now() - beforeExitAt,
      rssGrowthMB: (process.resourceUsage().maxRSS * 1024 - rssStart) / 2 ** 20,
      rssAfterLoopMB: (rssAfterLoop - rssStart) / 2 ** 20,
    });
  });
  process.stdout.write('loop-done\n');
  // No flush, no close: the SDK's exit handling decides when the process ends.
}
