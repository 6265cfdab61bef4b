// The audit trail: one logwarden event per use of the system (R-ACCESS-2), written through the
// pipeline (so into the ledger) before the answer it records is sent. record() resolves once the
// event is stored and rejects with LW_AUDIT_UNAVAILABLE when it cannot be: the caller then refuses
// the action (fail closed).
//
// SCAFFOLD (issue 13): the audit helper builds this (and audit-event.ts, audit-hook.ts, the
// audit routes and CLI); until then record() stores nothing.
import type { EventSink } from '../entities/transition-log.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import type { Principal } from '../access/principal.ts';
import type { AuditAction, AuditDetails } from './audit-action.ts';

export interface AuditEntry {
  readonly action: AuditAction;
  readonly outcome: 'success' | 'failure';
  /** The caller; absent for a failed sign-in (details.userName says who tried). */
  readonly principal?: Principal | undefined;
  /** The peer address. */
  readonly sourceIp?: string | undefined;
  readonly details?: AuditDetails | undefined;
  /** The HTTP method and path, when it came through the API. */
  readonly route?: string | undefined;
}

export class AuditTrail {
  readonly #sink: () => EventSink;
  readonly #clock: Clock;
  readonly #logger: Logger;

  /** `sink`: the pipeline, asked for at each record (it exists once its component started). */
  constructor(sink: () => EventSink, runtime: { readonly clock: Clock; readonly logger: Logger }) {
    this.#sink = sink;
    this.#clock = runtime.clock;
    this.#logger = runtime.logger;
  }

  async record(_entry: AuditEntry): Promise<void> {
    void this.#sink;
    void this.#clock;
    void this.#logger;
  }

  /** Offline commands (verify --data-dir, ledger rotate-key) left notes in the data dir: record them now. */
  async recordPendingOffline(_dataDir: string): Promise<void> {}
}
