// Child process entry: runs one scenario with one SDK and writes what its transport was given.
// argv: <sdk package name> <scenario module path> <scenario name> <output file>
// Each envelope is appended synchronously as it is sent, so scenarios that end the process
// (uncaught exceptions, strict unhandled rejections) still leave their envelopes behind.
import { appendFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const [sdkName, modulePath, scenarioName, out] = process.argv.slice(2);
writeFileSync(out, '');
const write = (record) => appendFileSync(out, `${JSON.stringify(record)}\n`);

// Both SDKs accept a transport factory returning { send, flush }; @sentry/node awaits send's result.
const transport = () => ({
  send(envelope) {
    write({ envelope });
    return Promise.resolve({});
  },
  flush: () => Promise.resolve(true),
});

const Sentry = await import(sdkName);
const scenarios = (await import(pathToFileURL(modulePath).href)).default;
const scenario = scenarios[scenarioName];
Sentry.init({
  dsn: 'https://public@127.0.0.1:9/1',
  release: 'diff@1.0.0',
  environment: 'differential',
  transport,
  ...(typeof scenario.init === 'function' ? scenario.init(Sentry) : scenario.init),
});
try {
  await scenario.run(Sentry);
} catch (error) {
  // A missing API or a throw the other SDK does not make is a difference too.
  write({ threw: String(error?.message ?? error) });
}
if (!scenario.keepAlive) {
  await Sentry.flush(2000);
  write({ done: true });
}
