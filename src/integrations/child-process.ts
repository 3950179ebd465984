// Breadcrumbs for child processes that fail (non-zero exit, killed by a signal, failed to spawn)
// and for worker threads that exit with an error, whose uncaught error is also captured.
//
// Node 20 publishes every new ChildProcess on the `child_process` diagnostics channel and every
// new Worker on `worker_threads`, so nothing in `child_process` or `worker_threads` is patched.
// (Sync calls, `spawnSync`/`execSync`, go through neither: their failure is returned or thrown to
// the caller.) We observe the instance's `emit` rather than adding listeners: an 'error' listener
// would change behaviour, since an 'error' event nobody listens to is thrown (and crashes the
// parent) on purpose.

import type { ChildProcess } from 'node:child_process';
import { subscribe } from 'node:diagnostics_channel';
import type { EventEmitter } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { addBreadcrumb } from '../api.js';
import type { Integration } from '../integration.js';
import type { Breadcrumb } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { safeGet } from '../utils/is.js';
import { activeSetup, isBoolean, markSetUp, readOption } from './shared.js';

const NAME = 'ChildProcess';
// Set on the SDK's own workers (local variables): their failures are the SDK's, not the app's.
const INTERNAL_WORKER = Symbol.for('otel-sentry.internal-worker');

export interface ChildProcessOptions {
  /** Add the command's arguments to breadcrumbs. Default false: arguments may hold secrets. */
  includeArgs?: boolean;
  /** Capture a worker thread's uncaught error (default true); false: a breadcrumb instead, as @sentry/node. */
  captureWorkerErrors?: boolean;
}

interface Resolved {
  includeArgs: boolean;
  captureWorkerErrors: boolean;
}

export function childProcessIntegration(options?: ChildProcessOptions): Integration {
  const resolved: Resolved = {
    includeArgs: readOption('childProcess', options, 'includeArgs', isBoolean, false, 'a boolean'),
    captureWorkerErrors: readOption(
      'childProcess',
      asObject(options), // not an object: warned about above
      'captureWorkerErrors',
      isBoolean,
      true,
      'a boolean',
    ),
  };
  return {
    name: NAME,
    setupOnce() {
      subscribe('child_process', (message) => onChildProcess(safeGet(message, 'process') as ChildProcess));
      subscribe('worker_threads', (message) => onWorker(safeGet(message, 'worker') as Worker));
    },
    setup(client) {
      markSetUp(NAME, client, resolved);
    },
  };
}

const asObject = (options: unknown) => (typeof options === 'object' ? options : undefined);

function onChildProcess(child: ChildProcess | undefined): void {
  if (!child || !activeSetup(NAME)) return;
  observeEmit(child, (type, args) => {
    const setup = activeSetup<Resolved>(NAME);
    if (!setup || (type !== 'exit' && type !== 'error')) return;
    // Read now: `spawn()` sets them after the channel published the process.
    const data: Record<string, unknown> = { command: child.spawnfile };
    if (setup.options.includeArgs) data.args = child.spawnargs.slice(1);
    if (type === 'error') {
      const error = args[0];
      const spawned = child.pid !== undefined;
      data.error = safeGet(error, 'code') ?? String(safeGet(error, 'message'));
      crumb(
        'child_process',
        'error',
        spawned ? 'Child process error' : 'Child process failed to spawn',
        data,
      );
      return;
    }
    const [code, signal] = args as [number | null, NodeJS.Signals | null];
    if (code === 0 || (code === null && signal === null)) return;
    data.code = code;
    data.signal = signal;
    const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
    crumb('child_process', 'warning', `Child process ${how}`, data);
  });
}

function onWorker(worker: Worker | undefined): void {
  if (!worker || !activeSetup(NAME)) return;
  const threadId = worker.threadId;
  let failed = false;
  observeEmit(worker, (type, args) => {
    const setup = activeSetup<Resolved>(NAME);
    if (!setup || safeGet(worker, INTERNAL_WORKER)) return;
    if (type === 'error') {
      // The worker's uncaught error, as its parent receives it; @sentry/node's mechanism.
      failed = true;
      if (setup.options.captureWorkerErrors) {
        setup.client.captureException(args[0], {
          mechanism: {
            type: 'auto.child_process.worker_thread',
            handled: false,
            data: { threadId: String(threadId) },
          },
        });
      } else {
        const message = safeGet(args[0], 'message');
        crumb('worker_thread', 'error', `Worker thread errored with '${String(message)}'`, { threadId });
      }
    } else if (type === 'exit' && args[0] !== 0) {
      const code = args[0];
      crumb('worker_thread', failed ? 'error' : 'warning', `Worker thread exited with code ${code}`, {
        threadId,
        code,
      });
    }
  });
}

function crumb(category: string, level: Breadcrumb['level'], message: string, data: Breadcrumb['data']) {
  addBreadcrumb({ category, level, message, data });
}

/**
 * Sees every event the emitter emits, before its listeners. The original `emit` runs exactly
 * once, with the same arguments, whatever the observer does.
 */
function observeEmit(emitter: EventEmitter, observe: (type: string | symbol, args: unknown[]) => void) {
  const original = emitter.emit;
  const target = emitter as unknown as { emit: (this: unknown, ...args: unknown[]) => boolean };
  target.emit = function (this: unknown, ...args: unknown[]): boolean {
    const [type, ...rest] = args;
    try {
      observe(type as string | symbol, rest);
    } catch (err) {
      debug.error('child process integration failed:', err);
    }
    return Reflect.apply(original, this, args) as boolean;
  };
}
