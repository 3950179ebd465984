// A FIFO of tasks bounded by count and bytes, drained `concurrency` at a time. Pushing never
// waits: a task that does not fit is refused and the caller counts the loss.

export interface TaskQueueOptions<T> {
  /** Tasks queued or running, at most. */
  maxCount: number;
  /** Sum of the tasks' sizes queued or running, at most. */
  maxBytes: number;
  /** Tasks running at once. */
  concurrency: number;
  /** Handles one task. A rejection is treated like a resolution: `run` owns its errors. */
  run: (task: T) => Promise<unknown>;
}

interface Entry<T> {
  task: T;
  bytes: number;
}

export class TaskQueue<T> {
  private readonly _options: TaskQueueOptions<T>;
  // Array plus head index: O(1) dequeue without `shift()` copying thousands of entries.
  private _entries: Entry<T>[] = [];
  private _head = 0;
  private _running = 0;
  private _bytes = 0;
  private _idleWaiters: Array<() => void> = [];
  // Backing off: no task starts before `_pausedUntil`, then one at a time until `reopen()`.
  private _pausedUntil = 0;
  private _probing = false;
  private _resumeTimer: NodeJS.Timeout | undefined;

  constructor(options: TaskQueueOptions<T>) {
    this._options = options;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this._entries.length - this._head + this._running;
  }

  /** Bytes queued or running. */
  get bytes(): number {
    return this._bytes;
  }

  /** Changes the byte bound for what is pushed from now on (what is queued stays). */
  setMaxBytes(maxBytes: number): void {
    this._options.maxBytes = maxBytes;
  }

  get maxBytes(): number {
    return this._options.maxBytes;
  }

  /**
   * Queues `task`; returns false (and keeps nothing) when a bound would be exceeded, unless
   * `always` (a client report: a few hundred bytes, the only record of what a full queue lost).
   */
  push(task: T, bytes: number, always = false): boolean {
    const { maxCount, maxBytes } = this._options;
    if (!always && (this.pending >= maxCount || this._bytes + bytes > maxBytes)) return false;
    this._entries.push({ task, bytes });
    this._bytes += bytes;
    this._pump();
    return true;
  }

  /**
   * Resolves true once nothing is queued or running, false after `timeoutMs`. Undefined (or
   * infinite) means no deadline; 0 or less means no waiting at all. The timer is ref'd on
   * purpose: whoever awaits a flush wants the process to wait for it.
   */
  drain(timeoutMs?: number): Promise<boolean> {
    if (this.pending === 0) return Promise.resolve(true);
    const unbounded = timeoutMs === undefined || !Number.isFinite(timeoutMs);
    if (!unbounded && (timeoutMs as number) <= 0) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter = (): void => {
        clearTimeout(timer);
        clearInterval(timer);
        resolve(true);
      };
      this._idleWaiters.push(waiter);
      if (unbounded) {
        // No deadline: keep the event loop alive until the queue is idle.
        timer = setInterval(() => {}, 1 << 30);
      } else {
        timer = setTimeout(() => {
          this._idleWaiters = this._idleWaiters.filter((w) => w !== waiter);
          resolve(false);
        }, timeoutMs);
      }
    });
  }

  /** Starts no task for `ms`, then one at a time (a probe) until `reopen()`. */
  backOff(ms: number): void {
    this._pausedUntil = Date.now() + ms;
    this._probing = true;
    clearTimeout(this._resumeTimer);
    this._resumeTimer = setTimeout(() => {
      this._pausedUntil = 0; // timers and Date.now() may disagree by a millisecond
      this._pump();
    }, ms);
    this._resumeTimer.unref(); // a paused queue never holds the process; a flush may
  }

  /** Ends a back-off: full concurrency again. */
  reopen(): void {
    if (!this._probing) return;
    this._probing = false;
    this._pausedUntil = 0;
    clearTimeout(this._resumeTimer);
    this._pump();
  }

  /** Removes and returns the queued tasks that have not started. */
  clear(): T[] {
    const removed = this._entries.slice(this._head);
    for (const entry of removed) this._bytes -= entry.bytes;
    this._entries = [];
    this._head = 0;
    this._notifyIfIdle();
    return removed.map((e) => e.task);
  }

  private _pump(): void {
    if (this._pausedUntil > Date.now()) return;
    const limit = this._probing ? 1 : this._options.concurrency;
    while (this._running < limit && this._head < this._entries.length) {
      const entry = this._entries[this._head] as Entry<T>;
      this._entries[this._head] = undefined as unknown as Entry<T>; // let the task be collected
      this._head += 1;
      if (this._head === this._entries.length) {
        this._entries = [];
        this._head = 0;
      } else if (this._head >= 1024 && this._head * 2 >= this._entries.length) {
        this._entries = this._entries.slice(this._head);
        this._head = 0;
      }
      this._running += 1;
      const done = (): void => {
        this._running -= 1;
        this._bytes -= entry.bytes;
        this._pump();
        this._notifyIfIdle();
      };
      let result: Promise<unknown>;
      try {
        result = this._options.run(entry.task);
      } catch {
        result = Promise.resolve();
      }
      result.then(done, done);
    }
  }

  private _notifyIfIdle(): void {
    if (this.pending !== 0 || this._idleWaiters.length === 0) return;
    const waiters = this._idleWaiters;
    this._idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
