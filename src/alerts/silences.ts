// The silences (docs/alerting.md, "Silences"): their transitions log, with those in force or yet
// to start held in memory, since the scheduler asks about every alert it is about to notify.
// A silence holds back notifications only: detections and alerts are made as ever and stay
// visible. Each silence is an entity (src/entities/transition-log.ts): created, perhaps ended
// early, every change an event in the ledger with its author and reason.
import { randomBytes } from 'node:crypto';
import type { TransitionLog } from '../entities/transition-log.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import type { AlertState } from './alert-state.ts';
import { silenceMatches } from './silence-match.ts';
import { silenceStateSchema, silenceInForce, type SilenceMatcher, type SilenceState, type StoredSilence } from './silence-state.ts';
import type { SilenceService } from './service.ts';

export interface SilenceInput {
  readonly matcher: SilenceMatcher;
  readonly startsAt: number;
  readonly endsAt: number;
  readonly reason: string;
}

const MAX_TRIES = 4;

/** When the silence stops holding notifications: its end, or when it was ended early. */
function silenceOver(state: SilenceState): number {
  return state.ended?.at ?? state.endsAt;
}

export class SilenceStore implements SilenceService {
  readonly #log: TransitionLog<SilenceState>;
  readonly #clock: Clock;
  /** The silences not over yet (in force, or yet to start), by id. */
  readonly #live = new Map<string, StoredSilence>();
  readonly #listeners: (() => void)[] = [];

  constructor(log: TransitionLog<SilenceState>, clock: Clock) {
    this.#log = log;
    this.#clock = clock;
  }

  async open(): Promise<void> {
    for (const silence of await this.#log.currentAll()) this.#remember(silence);
  }

  /** Told after a silence is made or ended early (the scheduler plans again: what an ended one held goes out at once). */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  /** Every silence, the newest start first (ties: the later end first). */
  async all(): Promise<StoredSilence[]> {
    const all = await this.#log.currentAll();
    return all.sort((a, b) => b.state.startsAt - a.state.startsAt || b.state.endsAt - a.state.endsAt || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<StoredSilence | undefined> {
    return this.#live.get(id) ?? (await this.#log.current(id));
  }

  /** A new silence by `by` (its author). LW_BAD_REQUEST for a matcher or times that are not valid, or an end already past. */
  async create(input: SilenceInput, by: string): Promise<StoredSilence> {
    const parsed = silenceStateSchema.safeParse({ matcher: input.matcher, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason.trim(), author: by });
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(silence)'}: ${issue.message}`);
      throw new LogwardenError('LW_BAD_REQUEST', `the silence is not valid: ${problems.join('; ')}`, { problems });
    }
    const now = this.#clock.now();
    if (parsed.data.endsAt <= now) throw new LogwardenError('LW_BAD_REQUEST', `the silence ends at ${new Date(parsed.data.endsAt).toISOString()}, which is past`);
    const id = randomBytes(8).toString('hex');
    const { transition } = await this.#log.apply({ id, n: 1, state: parsed.data, by });
    this.#remember(transition);
    this.#told();
    return transition;
  }

  /** End a silence before its time. LW_ALERT_UNKNOWN for an unknown id, LW_ALERT_STATE when it is over already. */
  async end(id: string, by: string, why: string | undefined): Promise<StoredSilence> {
    for (let tries = 1; ; tries++) {
      const current = await this.#log.current(id);
      if (!current) throw new LogwardenError('LW_ALERT_UNKNOWN', `no silence ${JSON.stringify(id)}`);
      const now = this.#clock.now();
      if (silenceOver(current.state) <= now) {
        const how = current.state.ended ? `was ended by ${current.state.ended.by}` : 'expired';
        throw new LogwardenError('LW_ALERT_STATE', `silence ${id} is over: it ${how} at ${new Date(silenceOver(current.state)).toISOString()}`, { id });
      }
      const reason = why?.trim();
      const ended = { at: now, by, ...(reason ? { why: reason } : {}) };
      try {
        const { transition } = await this.#log.apply({ id, n: current.n + 1, state: { ...current.state, ended }, by });
        this.#remember(transition);
        this.#told();
        return transition;
      } catch (error) {
        // Another end got there first: read again, and the check above tells the caller it is over.
        if (!(error instanceof LogwardenError && error.code === 'LW_TRANSITION_CONFLICT') || tries >= MAX_TRIES) throw error;
      }
    }
  }

  /** The silences in force at `now` that match the alert, from memory; those over are let go. */
  matching(alert: AlertState, now: number): StoredSilence[] {
    const found: StoredSilence[] = [];
    for (const silence of this.#live.values()) {
      if (silenceOver(silence.state) <= now) {
        this.#live.delete(silence.id);
        continue;
      }
      if (silenceInForce(silence.state, now) && silenceMatches(silence.state.matcher, alert)) found.push(silence);
    }
    return found;
  }

  #told(): void {
    for (const listener of this.#listeners) listener();
  }

  #remember(silence: StoredSilence): void {
    if (silenceOver(silence.state) > this.#clock.now()) this.#live.set(silence.id, silence);
    else this.#live.delete(silence.id);
  }
}
