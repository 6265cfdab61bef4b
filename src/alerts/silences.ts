// The silences (docs/alerting.md, "Silences"): their transitions log, with those in force or yet
// to start held in memory, since the scheduler asks about every alert it is about to notify.
// SCAFFOLD: filled in by the alert-core work.
import type { TransitionLog } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import type { AlertState } from './alert-state.ts';
import type { SilenceMatcher, SilenceState, StoredSilence } from './silence-state.ts';
import type { SilenceService } from './service.ts';

export class SilenceStore implements SilenceService {
  readonly #log: TransitionLog<SilenceState>;
  readonly #clock: Clock;

  constructor(log: TransitionLog<SilenceState>, clock: Clock) {
    this.#log = log;
    this.#clock = clock;
  }

  async open(): Promise<void> {}

  all(): Promise<StoredSilence[]> {
    return this.#log.currentAll();
  }

  async get(id: string): Promise<StoredSilence | undefined> {
    return this.#log.current(id);
  }

  async create(input: { readonly matcher: SilenceMatcher; readonly startsAt: number; readonly endsAt: number; readonly reason: string }, by: string): Promise<StoredSilence> {
    void input;
    void by;
    void this.#clock;
    throw new LogwardenError('LW_INTERNAL', 'silences are not built yet');
  }

  async end(id: string, by: string, why: string | undefined): Promise<StoredSilence> {
    void by;
    void why;
    throw new LogwardenError('LW_ALERT_UNKNOWN', `no silence ${JSON.stringify(id)}`);
  }

  matching(alert: AlertState, now: number): StoredSilence[] {
    void alert;
    void now;
    return [];
  }
}
