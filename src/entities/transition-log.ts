// Mutable entities (alerts, cases, holds, users) in an append-only engine: each change is a new
// row (id, n, state, at, by) in the entity's transitions table, the current state is the row with
// the highest n, and every transition is also a logwarden event in the ledger. Nothing is updated
// or deleted, so the engine's grants (store/engine-grants.ts) need not allow either.
import type { z } from 'zod';
import { LogwardenError } from '../errors/codes.ts';
import { canonicalJson } from '../ledger/canonical-json.ts';
import type { Clock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import type { SqlEngine } from '../store/engine.ts';
import { KeyedLock } from './keyed-lock.ts';
import { transitionEvent } from './transition-event.ts';
import { transitionTable } from './transition-table.ts';

/** Where transition events go: the ingest pipeline (its submit resolves once they are stored). */
export interface EventSink {
  submit(events: LogEvent[]): Promise<void>;
}

/** A change asked for: transition `n` (1 creates the entity) of `id`, leaving it in `state`. */
export interface Transition<State> {
  readonly id: string;
  readonly n: number;
  readonly state: State;
  /** Who made the change: a user or token name, or `logwarden` for the server itself. */
  readonly by: string;
}

export interface StoredTransition<State> extends Transition<State> {
  /** When it was stored, epoch ms. */
  readonly at: number;
}

export interface Applied<State> {
  readonly transition: StoredTransition<State>;
  /** True when this exact transition was already stored (a retry): nothing new was written. */
  readonly repeated: boolean;
}

export interface TransitionLogOptions<State> {
  /** Lower-case name; the table is `<entity>_transitions` (create it with transitionTableDdl in a migration). */
  readonly entity: string;
  readonly schema: z.ZodType<State>;
  readonly engine: SqlEngine;
  readonly events: EventSink;
  readonly clock: Clock;
}

interface Row {
  readonly id: string;
  readonly n: number | string;
  readonly state: string;
  readonly at: number | string;
  readonly by: string;
}

const COLUMNS = 'id, n, state, toUnixTimestamp64Milli(at) AS at, by';

/**
 * Idempotent by (id, n): transition n of an id is accepted only when n is the current number + 1;
 * the same transition again (same state and author) succeeds without writing anything; a
 * different one with a number already taken, or one that skips a number, is refused with
 * LW_TRANSITION_CONFLICT, so of two writers working from the same state exactly one wins and the
 * other re-reads and decides again. Writers are serialised per id within this process (one process
 * per data dir, which the data-dir lock ensures); several nodes writing one entity need an owner
 * per entity (not built yet).
 */
export class TransitionLog<State> {
  readonly entity: string;
  readonly table: string;
  readonly #schema: z.ZodType<State>;
  readonly #engine: SqlEngine;
  readonly #events: EventSink;
  readonly #clock: Clock;
  readonly #lock = new KeyedLock();

  constructor(options: TransitionLogOptions<State>) {
    this.entity = options.entity;
    this.table = transitionTable(options.entity);
    this.#schema = options.schema;
    this.#engine = options.engine;
    this.#events = options.events;
    this.#clock = options.clock;
  }

  /**
   * Store a transition. Its event is submitted (stored, in the ledger) before its row: a crash
   * between the two leaves an event without a row, which the retry completes (its event then
   * appears twice with the same id, n and state), never a row without an event.
   */
  async apply(transition: Transition<State>): Promise<Applied<State>> {
    const state = this.#parseState(transition.state, `transition ${transition.n} of ${this.entity} ${JSON.stringify(transition.id)}`);
    if (!Number.isSafeInteger(transition.n) || transition.n < 1 || transition.n > 0xffffffff) {
      throw new LogwardenError('LW_BAD_REQUEST', `transition number ${transition.n} of ${this.entity} ${JSON.stringify(transition.id)} must be a whole number from 1`);
    }
    return this.#lock.run(transition.id, async () => {
      const stateJson = canonicalJson(state);
      const latest = await this.current(transition.id);
      const taken = latest && transition.n <= latest.n ? await this.#at(transition.id, transition.n) : undefined;
      if (taken) return this.#repeatOrRefuse(taken, stateJson, transition, latest?.n ?? 0);
      const expected = (latest?.n ?? 0) + 1;
      if (transition.n !== expected) throw this.#conflict(transition, latest?.n ?? 0, `the next transition is ${expected}`);
      const stored = { id: transition.id, n: transition.n, state, by: transition.by, at: this.#clock.now() };
      await this.#events.submit([transitionEvent({ entity: this.entity, id: stored.id, n: stored.n, stateJson, by: stored.by, at: stored.at })]);
      const row = { id: stored.id, n: stored.n, state: stateJson, at: formatDateTime64(stored.at), by: stored.by };
      await this.#engine.insertJsonEachRow(this.table, Buffer.from(`${JSON.stringify(row)}\n`));
      return { transition: stored, repeated: false };
    });
  }

  /** The current state of `id` (its highest transition), or undefined when it was never created. */
  async current(id: string): Promise<StoredTransition<State> | undefined> {
    const [row] = await this.#engine.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = {id:String} ORDER BY n DESC LIMIT 1`, { id });
    return row ? this.#fromRow(row) : undefined;
  }

  /** The current state of every entity, by id, derived with argMax over the transition number. */
  async currentAll(): Promise<StoredTransition<State>[]> {
    // Aliases apart from the column names: an alias `n` would turn argMax(…, n) into argMax(…, max(n)).
    const rows = await this.#engine.query<{ id: string; top: string; s: string; t: string; b: string }>(
      `SELECT id, max(n) AS top, argMax(state, n) AS s, toUnixTimestamp64Milli(argMax(at, n)) AS t, argMax(by, n) AS b FROM ${this.table} GROUP BY id ORDER BY id`,
    );
    return rows.map((row) => this.#fromRow({ id: row.id, n: row.top, state: row.s, at: row.t, by: row.b }));
  }

  /** Every transition of `id`, oldest first. */
  async history(id: string): Promise<StoredTransition<State>[]> {
    const rows = await this.#engine.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = {id:String} ORDER BY n`, { id });
    return rows.map((row) => this.#fromRow(row));
  }

  async #at(id: string, n: number): Promise<StoredTransition<State> | undefined> {
    const [row] = await this.#engine.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = {id:String} AND n = {n:UInt32} LIMIT 1`, { id, n });
    return row ? this.#fromRow(row) : undefined;
  }

  #repeatOrRefuse(taken: StoredTransition<State>, stateJson: string, asked: Transition<State>, latest: number): Applied<State> {
    if (canonicalJson(taken.state) === stateJson && taken.by === asked.by) return { transition: taken, repeated: true };
    throw this.#conflict(asked, latest, `transition ${asked.n} is already stored with another state or author`);
  }

  #conflict(asked: Transition<State>, current: number, why: string): LogwardenError {
    return new LogwardenError(
      'LW_TRANSITION_CONFLICT',
      `${this.entity} ${JSON.stringify(asked.id)} is at transition ${current}; transition ${asked.n} was refused: ${why}. Read the current state and decide again`,
      { entity: this.entity, id: asked.id, n: asked.n, current },
    );
  }

  #fromRow(row: Row): StoredTransition<State> {
    const state = this.#parseState(JSON.parse(row.state), `stored transition ${row.n} of ${this.entity} ${JSON.stringify(row.id)}`);
    return { id: row.id, n: Number(row.n), state, at: Number(row.at), by: row.by };
  }

  #parseState(value: unknown, what: string): State {
    const parsed = this.#schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(state)'}: ${issue.message}`);
    throw new LogwardenError('LW_BAD_REQUEST', `the state of ${what} is not valid: ${problems.join('; ')}`, { problems });
  }
}

/** Epoch ms as the engine's DateTime64(3) text, UTC. */
function formatDateTime64(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('T', ' ').replace('Z', '');
}
