// Verify jobs: a verify of the whole store (verify.ts, the same code `logwarden verify` and
// `POST /api/v1/ledger/verify` run) started in the background, so that a browser can poll its
// progress instead of holding one request open for minutes. One job runs at a time: a verify
// reads every record and leaf, and two at once would only halve each other's speed; asking to
// start while one runs answers the running one. Finished jobs are kept in memory (the newest
// KEPT_JOBS) until the server stops; the audit trail keeps the lasting record of each run.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../runtime/clock.ts';
import type { VerifyReport } from './verify.ts';

export type VerifyJobState = 'running' | 'done' | 'failed';

export interface VerifyJob {
  readonly id: string;
  readonly state: VerifyJobState;
  readonly startedBy: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly checked: number;
  readonly total: number;
  readonly report?: VerifyReport;
  readonly error?: string;
}

/** Runs one verify, reporting progress as records checked of the total. */
export type VerifyRun = (onProgress: (checked: number, total: number) => void) => Promise<VerifyReport>;

export interface VerifyJobsOptions {
  readonly run: VerifyRun;
  readonly clock: Clock;
  /** Told of each finished job (done or failed): the server records it in the audit trail. */
  readonly onFinish?: (job: VerifyJob) => Promise<void> | void;
}

export const KEPT_JOBS = 20;

export class VerifyJobs {
  readonly #options: VerifyJobsOptions;
  /** By id, oldest first (a Map keeps insertion order). */
  readonly #jobs = new Map<string, VerifyJob>();
  #running: { id: string; done: Promise<void> } | undefined;

  constructor(options: VerifyJobsOptions) {
    this.#options = options;
  }

  /** Start a verify for `startedBy`; while one runs, that one is answered and `started` is false. */
  start(startedBy: string): { job: VerifyJob; started: boolean } {
    if (this.#running) return { job: this.#jobs.get(this.#running.id) as VerifyJob, started: false };
    const id = randomUUID();
    this.#put({ id, state: 'running', startedBy, startedAt: this.#now(), checked: 0, total: 0 });
    this.#running = { id, done: this.#execute(id) };
    return { job: this.#jobs.get(id) as VerifyJob, started: true };
  }

  get(id: string): VerifyJob | undefined {
    return this.#jobs.get(id);
  }

  get running(): VerifyJob | undefined {
    return this.#running ? this.#jobs.get(this.#running.id) : undefined;
  }

  /** The newest finished job. */
  get last(): VerifyJob | undefined {
    return [...this.#jobs.values()].reverse().find((job) => job.state !== 'running');
  }

  /** Resolves once no job runs (at shutdown, and in tests). */
  async settled(): Promise<void> {
    await this.#running?.done;
  }

  async #execute(id: string): Promise<void> {
    const update = (change: Partial<VerifyJob>) => this.#put({ ...(this.#jobs.get(id) as VerifyJob), ...change });
    try {
      // The first await comes before the run, so start() has answered before any progress.
      await Promise.resolve();
      const report = await this.#options.run((checked, total) => update({ checked, total }));
      update({ state: 'done', report, checked: report.records, total: report.records, finishedAt: this.#now() });
    } catch (error) {
      update({ state: 'failed', error: error instanceof Error ? error.message : String(error), finishedAt: this.#now() });
    } finally {
      this.#running = undefined;
    }
    try {
      await this.#options.onFinish?.(this.#jobs.get(id) as VerifyJob);
    } catch {
      // The audit trail logs its own failures; the job's result stands either way.
    }
  }

  #put(job: VerifyJob): void {
    this.#jobs.set(job.id, job);
    for (const oldest of this.#jobs.keys()) {
      if (this.#jobs.size <= KEPT_JOBS) break;
      if (oldest !== this.#running?.id) this.#jobs.delete(oldest);
    }
  }

  #now(): string {
    return new Date(this.#options.clock.now()).toISOString();
  }
}
