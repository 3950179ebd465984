// Disk buffer for envelopes that failed on a network error: one file per envelope, re-sent
// oldest first with exponential backoff, also by the next process that opens the directory.
// The directory is bounded by `maxBytes`: the oldest files are evicted and counted.
import { mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnvelope } from '../protocol/envelope.js';
import type { Envelope } from '../protocol/types.js';
import { debug } from '../utils/debug.js';
import { swallow } from '../utils/safe.js';

const SUFFIX = '.envelope';
const NAME = /^\d{15}-\d+-\d+\.envelope$/;
const STALE_TMP_MS = 60_000;

export interface OfflineStoreOptions {
  dir: string;
  maxBytes: number;
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Sends a stored envelope; 'retry' keeps it (network error), 'done' deletes it. */
  resend: (envelope: Envelope) => Promise<'done' | 'retry'>;
  /** An envelope was lost to the size bound (undefined: unreadable, nothing to count). */
  onEvicted: (envelope: Envelope | undefined) => void;
}

interface StoredFile {
  name: string;
  size: number;
  /** Settles once the file is on disk (true) or failed to be written (false). */
  written: Promise<boolean>;
  /** Records the file's items as lost; known for files this process wrote. */
  countLoss?: () => void;
}

const WRITTEN = Promise.resolve(true);

export class OfflineStore {
  private readonly _options: OfflineStoreOptions;
  private _files: StoredFile[] = []; // oldest first
  private _bytes = 0;
  private _seq = 0;
  private _delay: number;
  private _timer: NodeJS.Timeout | undefined;
  private _sending: string | undefined;
  private _closed = false;
  private readonly _ready: Promise<void>;

  constructor(options: OfflineStoreOptions) {
    this._options = options;
    this._delay = options.retryDelayMs;
    this._ready = this._scan().then(
      () => {
        if (this._files.length > 0) this._schedule(Math.min(100, this._delay));
      },
      (err: unknown) => debug.warn(`offline store: cannot use ${options.dir}:`, err),
    );
  }

  /** Files waiting to be re-sent. */
  get size(): number {
    return this._files.length;
  }

  /**
   * Persists a serialized envelope; resolves false if it could not be kept. `countLoss` records
   * its items if the size bound later evicts it, without reading the file back.
   */
  async put(body: Buffer, countLoss: () => void): Promise<boolean> {
    await this._ready;
    if (this._closed) return false;
    if (body.length > this._options.maxBytes) {
      countLoss();
      return true;
    }
    const name = `${String(Date.now()).padStart(15, '0')}-${process.pid}-${this._seq++}${SUFFIX}`;
    const path = join(this._options.dir, name);
    // Write then rename: a crash mid-write never leaves a half envelope under a valid name.
    const written = writeFile(`${path}.tmp`, body)
      .then(() => rename(`${path}.tmp`, path))
      .then(
        () => true,
        (err: unknown) => {
          debug.warn('offline store: write failed:', err);
          swallow(
            'offline store cleanup',
            unlink(`${path}.tmp`).catch(() => undefined),
          );
          return false;
        },
      );
    // Reserve before the write completes, so concurrent puts see the bound.
    this._files.push({ name, size: body.length, written, countLoss });
    this._bytes += body.length;
    this._evictOverflow();
    if (!(await written)) {
      this._forget(name);
      return false;
    }
    if (!this._timer && !this._sending) this._schedule(this._delay);
    return true;
  }

  /** The network works again: try stored envelopes soon instead of waiting out the backoff. */
  nudge(): void {
    if (this._closed || this._files.length === 0 || this._sending) return;
    this._delay = this._options.retryDelayMs;
    this._schedule(0);
  }

  close(): void {
    this._closed = true;
    clearTimeout(this._timer);
    this._timer = undefined;
  }

  private async _scan(): Promise<void> {
    const { dir } = this._options;
    await mkdir(dir, { recursive: true });
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      if (name.endsWith('.tmp')) {
        // A write interrupted by a crash: delete it once no live writer can own it.
        const info = await stat(path).catch(() => undefined);
        if (info && Date.now() - info.mtimeMs > STALE_TMP_MS) await unlink(path).catch(() => undefined);
        continue;
      }
      if (!NAME.test(name)) continue; // not ours: leave it alone
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) continue;
      this._files.push({ name, size: info.size, written: WRITTEN });
      this._bytes += info.size;
    }
    this._evictOverflow();
  }

  private _schedule(delayMs: number): void {
    if (this._closed) return;
    clearTimeout(this._timer);
    this._timer = setTimeout(() => {
      this._timer = undefined;
      swallow('offline store resend', this._drain());
    }, delayMs);
    this._timer.unref(); // a retry never keeps the process alive
  }

  private async _drain(): Promise<void> {
    while (!this._closed && !this._sending) {
      const file = this._files[0];
      if (!file) return;
      this._sending = file.name;
      let outcome: 'done' | 'retry' = 'done';
      try {
        const envelope = (await file.written) ? await this._read(file.name) : undefined;
        if (envelope) outcome = await this._options.resend(envelope);
      } finally {
        this._sending = undefined;
      }
      if (outcome === 'retry') {
        this._schedule(this._delay);
        this._delay = Math.min(this._delay * 2, this._options.maxRetryDelayMs);
        return;
      }
      this._delay = this._options.retryDelayMs;
      await this._delete(file.name);
    }
  }

  /** Reads and parses a stored file; a corrupt or vanished file is deleted and yields undefined. */
  private async _read(name: string): Promise<Envelope | undefined> {
    const path = join(this._options.dir, name);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch {
      this._forget(name);
      return undefined;
    }
    const parsed = parseEnvelope(data);
    if (parsed.ok) return parsed.envelope;
    debug.warn(`offline store: deleting corrupt file ${name}: ${parsed.reason}`);
    await this._delete(name);
    return undefined;
  }

  private _evictOverflow(): void {
    while (this._bytes > this._options.maxBytes) {
      const victim = this._files.find((f) => f.name !== this._sending);
      if (!victim) return;
      this._forget(victim.name);
      swallow('offline store eviction', this._evict(victim));
    }
  }

  private async _evict(file: StoredFile): Promise<void> {
    if (!(await file.written)) return; // never reached the disk: put() reports that loss
    const path = join(this._options.dir, file.name);
    if (file.countLoss) {
      file.countLoss();
    } else {
      // Written by an earlier process: read it to learn what the overflow loses.
      const data = await readFile(path).catch(() => undefined);
      const parsed = data ? parseEnvelope(data) : undefined;
      this._options.onEvicted(parsed?.ok ? parsed.envelope : undefined);
    }
    await unlink(path).catch(() => undefined);
  }

  private async _delete(name: string): Promise<void> {
    this._forget(name);
    await unlink(join(this._options.dir, name)).catch(() => undefined);
  }

  private _forget(name: string): void {
    const index = this._files.findIndex((f) => f.name === name);
    if (index === -1) return;
    this._bytes -= (this._files[index] as StoredFile).size;
    this._files.splice(index, 1);
  }
}
