// The stored alerts (docs/alerting.md, "Lifecycle"): the alert entity's transitions log with the
// active alerts held in memory, because the alerting consumer looks one up for every detection and
// the scheduler walks them on every tick. One process owns a data dir (the data-dir lock), so the
// copy in memory is the truth; each change goes through `change`, which re-reads and tries again
// when another writer got there first (a person acknowledging while detections arrive).
import { LogwardenError } from '../errors/codes.ts';
import type { StoredTransition, TransitionLog } from '../entities/transition-log.ts';
import { alertKey, isActive, type AlertState, type StoredAlert } from './alert-state.ts';

/** Told after every stored change (the scheduler plans again). */
export type AlertListener = (alert: StoredAlert) => void;

const MAX_TRIES = 8;

export class AlertStore {
  readonly #log: TransitionLog<AlertState>;
  /** Active alerts by id. */
  readonly #active = new Map<string, StoredAlert>();
  /** Active alert id by alertKey(rule, group). */
  readonly #byKey = new Map<string, string>();
  readonly #listeners: AlertListener[] = [];

  constructor(log: TransitionLog<AlertState>) {
    this.#log = log;
  }

  /** Load the active alerts. */
  async open(): Promise<void> {
    for (const alert of await this.#log.currentAll()) this.#remember(alert);
  }

  onChange(listener: AlertListener): void {
    this.#listeners.push(listener);
  }

  /** The active (open or acknowledged) alerts, from memory. */
  active(): StoredAlert[] {
    return [...this.#active.values()];
  }

  /** The active alert of a rule and group key, if there is one. */
  activeFor(ruleId: string, group: Readonly<Record<string, string>>): StoredAlert | undefined {
    const id = this.#byKey.get(alertKey(ruleId, group));
    return id === undefined ? undefined : this.#active.get(id);
  }

  async get(id: string): Promise<StoredAlert | undefined> {
    return this.#active.get(id) ?? (await this.#log.current(id));
  }

  /** Every alert's current state (a scan of the transitions table: for lists and reports). */
  all(): Promise<StoredAlert[]> {
    return this.#log.currentAll();
  }

  history(id: string): Promise<StoredTransition<AlertState>[]> {
    return this.#log.history(id);
  }

  /** Open a new alert (transition 1). A replay that opens the same alert again returns the stored one. */
  async create(id: string, state: AlertState, by: string): Promise<StoredAlert> {
    const existing = await this.#log.current(id);
    if (existing) return existing;
    const { transition } = await this.#log.apply({ id, n: 1, state, by });
    return this.#stored(transition);
  }

  /**
   * Change an alert: `next` gets its current state and returns the new one, or undefined for no
   * change (then the current one is returned). `next` may throw (LW_ALERT_STATE) to refuse. On a
   * conflict the current state is read again and `next` asked again.
   */
  async change(id: string, by: string, next: (current: StoredAlert) => AlertState | undefined): Promise<StoredAlert> {
    for (let tries = 1; ; tries++) {
      const current = this.#active.get(id) ?? (await this.#log.current(id));
      if (!current) throw new LogwardenError('LW_ALERT_UNKNOWN', `no alert ${JSON.stringify(id)}`);
      const state = next(current);
      if (state === undefined) return current;
      try {
        const { transition } = await this.#log.apply({ id, n: current.n + 1, state, by });
        return this.#stored(transition);
      } catch (error) {
        if (!(error instanceof LogwardenError && error.code === 'LW_TRANSITION_CONFLICT') || tries >= MAX_TRIES) throw error;
        const fresh = await this.#log.current(id);
        if (fresh) this.#remember(fresh);
      }
    }
  }

  #stored(transition: StoredTransition<AlertState>): StoredAlert {
    const alert: StoredAlert = transition;
    this.#remember(alert);
    for (const listener of this.#listeners) listener(alert);
    return alert;
  }

  #remember(alert: StoredAlert): void {
    const key = alertKey(alert.state.rule.id, alert.state.group);
    if (isActive(alert.state)) {
      this.#active.set(alert.id, alert);
      this.#byKey.set(key, alert.id);
    } else {
      this.#active.delete(alert.id);
      if (this.#byKey.get(key) === alert.id) this.#byKey.delete(key);
    }
  }
}
