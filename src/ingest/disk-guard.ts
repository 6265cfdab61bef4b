// Watches free space on the data dir's filesystem. Below the reserve (storage.minFreeDisk),
// logwarden turns read-only for ingest: sources push back and nothing stored is touched; above it
// again it resumes by itself (R-STORE-1). The reserve is also what the engine's merges and the
// queued events need, so a merge never runs the disk dry.
import { statfs } from 'node:fs/promises';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export interface DiskGuardOptions {
  readonly directory: string;
  readonly minFreeBytes: number;
  readonly intervalMs: number;
}

export interface DiskGuardListener {
  readOnlyEntered(freeBytes: number): void;
  readOnlyLeft(freeBytes: number): void;
}

export class DiskGuard {
  readonly #options: DiskGuardOptions;
  readonly #metrics: Metrics;
  readonly #logger: Logger;
  readonly #listener: DiskGuardListener;
  #readOnly = false;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: DiskGuardOptions, metrics: Metrics, logger: Logger, listener: DiskGuardListener) {
    this.#options = options;
    this.#metrics = metrics;
    this.#logger = logger;
    this.#listener = listener;
  }

  get readOnly(): boolean {
    return this.#readOnly;
  }

  async start(): Promise<void> {
    await this.check();
    this.#timer = setInterval(() => void this.check().catch((error: unknown) => this.#logger.error({ err: error }, 'disk check failed')), this.#options.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Measure free space and change state when it crosses the reserve. */
  async check(): Promise<void> {
    const stats = await statfs(this.#options.directory);
    const free = Number(stats.bavail) * Number(stats.bsize); // what an unprivileged writer may use
    this.#metrics.diskFree.set(free);
    // Leaving needs a margin over the reserve, so a disk hovering at the line does not flap.
    const below = free < this.#options.minFreeBytes;
    const clearlyAbove = free >= this.#options.minFreeBytes * 1.05;
    if (!this.#readOnly && below) this.#enter(free);
    else if (this.#readOnly && clearlyAbove) this.#leave(free);
  }

  #enter(free: number): void {
    this.#readOnly = true;
    this.#metrics.readOnly.set(1);
    this.#logger.fatal({ freeBytes: free, reserveBytes: this.#options.minFreeBytes }, 'free disk space below the reserve: refusing new events until space returns');
    this.#listener.readOnlyEntered(free);
  }

  #leave(free: number): void {
    this.#readOnly = false;
    this.#metrics.readOnly.set(0);
    this.#logger.warn({ freeBytes: free }, 'free disk space is back above the reserve: accepting events again');
    this.#listener.readOnlyLeft(free);
  }
}
