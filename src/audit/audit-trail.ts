// The audit trail: one logwarden event per use of the system (R-ACCESS-2), written through the
// pipeline (so into the ledger) before the answer it records is sent. record() resolves once the
// event is stored and rejects with LW_AUDIT_UNAVAILABLE when it cannot be: the caller then refuses
// the action (fail closed).
//
// "Cannot be stored" also covers the disk below its free-space reserve (the pipeline read-only):
// logwarden's own rare state events still go in then, but audit events come at the rate callers
// ask, and would eat the reserve that protects what was already accepted (R-STORE-1). And a write
// that does not confirm within `timeoutMs` (the engine failing, its retries running) counts as not
// stored: the answer must not wait for ever.
import { randomUUID } from 'node:crypto';
import type { EventSink } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Logger } from '../observability/logger.ts';
import type { AuditMetrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Principal } from '../access/principal.ts';
import type { LogEvent } from '../schema/event.ts';
import type { AuditAction, AuditDetails } from './audit-action.ts';
import { auditEvent } from './audit-event.ts';
import { clearOfflineNotes, readOfflineNotes, type OfflineNote } from './offline-notes.ts';

export interface AuditEntry {
  readonly action: AuditAction;
  /** `unknown`: the intent recorded before a change (audit-hook.ts); its outcome follows in a second entry. */
  readonly outcome: 'success' | 'failure' | 'unknown';
  /** The caller; absent for a failed sign-in (details.userName says who tried). */
  readonly principal?: Principal | undefined;
  /** The peer address. */
  readonly sourceIp?: string | undefined;
  readonly details?: AuditDetails | undefined;
  /** The HTTP method and path, when it came through the API: `GET /api/v1/search`. */
  readonly route?: string | undefined;
  /** The HTTP status of the answer (403: access denied). */
  readonly status?: number | undefined;
}

/**
 * The pipeline as the trail sees it. While the disk is below its reserve the pipeline still takes
 * logwarden's own events, audit events among them: the reserve is there so that the server keeps
 * recording what happens to it (a search during a disk-full incident is recorded and answered);
 * only a store that fails to write refuses the action.
 */
export type AuditSink = EventSink;

/** How long a record may wait for the store to confirm before the action is refused. */
export const DEFAULT_RECORD_TIMEOUT_MS = 10_000;

export interface AuditTrailRuntime {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Counts of events recorded and failures; none in tests that do not look. */
  readonly metrics?: AuditMetrics | undefined;
  readonly timeoutMs?: number | undefined;
}

export class AuditTrail {
  readonly #sink: () => AuditSink;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #metrics: AuditMetrics | undefined;
  readonly #timeoutMs: number;

  /** `sink`: the pipeline, asked for at each record (it exists once its component started). */
  constructor(sink: () => AuditSink, runtime: AuditTrailRuntime) {
    this.#sink = sink;
    this.#clock = runtime.clock;
    this.#logger = runtime.logger;
    this.#metrics = runtime.metrics;
    this.#timeoutMs = runtime.timeoutMs ?? DEFAULT_RECORD_TIMEOUT_MS;
  }

  /** Store the entry as an audit event; rejects with LW_AUDIT_UNAVAILABLE when it cannot. */
  async record(entry: AuditEntry): Promise<void> {
    const event = auditEvent(entry, { now: this.#clock.now(), id: randomUUID() });
    try {
      await this.#withinTimeout(this.#sink().submit([event]));
    } catch (error) {
      this.#metrics?.auditFailures.inc({ action: entry.action });
      this.#logger.error({ err: error, action: entry.action, user: event['user.name'] }, 'could not record an audit event: the action is refused');
      throw new LogwardenError('LW_AUDIT_UNAVAILABLE', `the audit trail could not record this ${entry.action}, so it was refused: ${reasonOf(error)}`);
    }
    this.#metrics?.auditEvents.inc({ action: entry.action, outcome: entry.outcome });
  }

  /**
   * Offline commands (verify --data-dir, ledger rotate-key) left notes in the data dir: record them
   * now, in one submission (one batch, stored whole or not at all), then remove the file. A crash
   * after the store confirmed and before the file is gone records them again at the next start:
   * the repeat carries the same event.id, so it is recognisable. When they cannot be stored the
   * file stays for the next start, and the start goes on (the notes are not lost).
   */
  async recordPendingOffline(dataDir: string): Promise<void> {
    let pending: Awaited<ReturnType<typeof readOfflineNotes>>;
    try {
      pending = await readOfflineNotes(dataDir);
    } catch (error) {
      // E.g. written by another OS user (root ran verify): the start goes on, the notes stay.
      this.#logger.error({ err: error, dataDir }, "could not read the offline commands' audit notes; they stay in the data dir");
      return;
    }
    if (pending.unreadable > 0) this.#logger.warn({ dataDir, lines: pending.unreadable }, 'offline audit notes: lines that are not a note were skipped (a command killed while writing?)');
    if (pending.notes.length === 0) {
      if (pending.unreadable > 0) await clearOfflineNotes(dataDir);
      return;
    }
    const now = this.#clock.now();
    try {
      await this.#sink().submit(pending.notes.map((note) => offlineEvent(note, now)));
    } catch (error) {
      this.#logger.error({ err: error, dataDir, notes: pending.notes.length }, 'could not record the offline commands; they stay in the data dir for the next start');
      return;
    }
    for (const note of pending.notes) this.#metrics?.auditEvents.inc({ action: 'offline-command', outcome: note.outcome });
    await clearOfflineNotes(dataDir);
    this.#logger.info({ notes: pending.notes.length }, 'offline commands recorded in the audit trail');
  }

  #withinTimeout(stored: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`the store did not confirm the record within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    return Promise.race([stored, late]).finally(() => clearTimeout(timer));
  }
}

/** An offline note as its audit event: when it ran is @timestamp, who ran it is user.name. */
export function offlineEvent(note: OfflineNote, now: number): LogEvent {
  const entry: AuditEntry = {
    action: 'offline-command',
    outcome: note.outcome,
    details: {
      userName: note.user,
      target: note.command,
      message: `ran "logwarden ${note.command}" offline at ${new Date(note.at).toISOString()} while the server was stopped: ${note.summary}`,
    },
  };
  return { ...auditEvent(entry, { now, id: note.id }), '@timestamp': note.at };
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
