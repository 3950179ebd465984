// Finds the app's bullmq without loading it. An app without bullmq pays one failed module
// resolution at init. With it, the Worker and Queue classes are patched when bullmq loads them
// (through @opentelemetry/instrumentation's module hook, which also sees `import` from ES modules:
// bullmq's classes are CommonJS files required by its index), or at once if bullmq is loaded
// already. Without @opentelemetry/instrumentation, bullmq is loaded and patched at init.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as Instrumentation from '@opentelemetry/instrumentation';
import { debug } from '../utils/debug.js';
import { safe } from '../utils/safe.js';
import { SDK_VERSION } from '../version.js';
import { patchQueue, patchWorker } from './bullmq-patch.js';

type Require = NodeJS.Require;
const SUPPORTED = ['>=5.0.0 <8'];
const FILES: [file: string, exportName: string, patch: (cls: unknown) => void][] = [
  ['classes/worker.js', 'Worker', patchWorker],
  ['classes/queue.js', 'Queue', patchQueue],
];

/** A require from the app (its working directory, else its main script) that finds bullmq. */
function appRequire(): { req: Require; entry: string } | undefined {
  const from = [join(process.cwd(), 'noop.js'), process.argv[1]];
  for (const file of from) {
    if (!file) continue;
    try {
      const req = createRequire(file);
      return { req, entry: req.resolve('bullmq') };
    } catch {
      // Not from here.
    }
  }
  return undefined;
}

export function hookBullMQ(): void {
  const found = safe('bullmq lookup', appRequire, undefined);
  if (!found) return;
  const { req, entry } = found;
  const dist = dirname(entry);
  for (const [file, name, patch] of FILES) {
    const loaded = req.cache[join(dist, file)];
    if (loaded) patch((loaded.exports as Record<string, unknown>)[name]);
  }
  if (!hookOnLoad(req)) {
    debug.log('@opentelemetry/instrumentation is not available: bullmq is loaded now to be patched');
    const bullmq = safe('loading bullmq', () => req('bullmq') as Record<string, unknown>, undefined);
    for (const [, name, patch] of FILES) patch(bullmq?.[name]);
  }
}

function hookOnLoad(req: Require): boolean {
  const otel = safe(
    'loading @opentelemetry/instrumentation',
    () => req('@opentelemetry/instrumentation') as typeof Instrumentation,
    undefined,
  );
  if (!otel?.InstrumentationBase) return false;
  const { InstrumentationBase, InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } = otel;
  const files = FILES.map(
    ([file, name, patch]) =>
      new InstrumentationNodeModuleFile(
        `bullmq/dist/cjs/${file}`,
        SUPPORTED,
        (exports: Record<string, unknown>) => {
          safe(`patching bullmq ${name}`, () => patch(exports?.[name]), undefined);
          return exports;
        },
        (exports: unknown) => exports,
      ),
  );
  class BullMQHook extends InstrumentationBase {
    constructor() {
      super('otel-sentry-bullmq', SDK_VERSION, {});
    }
    protected init() {
      return [new InstrumentationNodeModuleDefinition('bullmq', SUPPORTED, undefined, undefined, files)];
    }
  }
  return safe('hooking bullmq', () => Boolean(new BullMQHook()), false);
}
