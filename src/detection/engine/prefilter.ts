// The prefilter: each rule's guard (guard.ts) indexed so that one event is checked against all of
// them for the price of a few hash lookups and one needle scan per field. A probe reads one field
// of the event: an exact-value probe looks its folded values up in a hash map (this is the route
// index too: a rule for sshd requires event.dataset = sshd), a needle probe scans them for every
// literal any rule needs in that field. Probes run lazily, at most once per event, only when a
// rule still in the running needs them; each hit stamps the clauses it satisfies, and a rule is a
// candidate when all its clauses are stamped. Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { FieldSel } from '../../query/predicate.ts';
import { fieldKey, stringValues } from './field-values.ts';
import { foldKey } from './fold.ts';
import type { Clause, Guard } from './guard.ts';
import { NeedleScan } from './needle-scan.ts';

interface Probe {
  readonly field: FieldSel;
  readonly kind: 'eq' | 'needle';
  /** eq: folded value → the clauses it satisfies. */
  readonly keys: Map<string, number[]>;
  /** needle: the literals, and the clauses each satisfies (built into `scan` once all are known). */
  readonly needles: Map<string, number[]>;
  scan?: NeedleScan;
  needleClauses?: readonly (readonly number[])[];
}

/** How a rule is tried: always (its guard requires nothing), never (it can never hold), or when its clauses hold. */
const ALWAYS = 0;
const NEVER = 1;
const GUARDED = 2;

export interface PrefilterStats {
  readonly rules: number;
  /** Rules tried on every event: the analysis found nothing they require. */
  readonly alwaysTried: number;
  readonly eqProbes: number;
  readonly needleProbes: number;
  readonly needles: number;
}

export class Prefilter {
  readonly #probes: Probe[] = [];
  readonly #probeByField = new Map<string, number>();
  /** Per clause, the probes that must have run before its stamp is read. */
  readonly #clauseProbes: number[][] = [];
  readonly #ruleMode: Uint8Array;
  readonly #ruleClauses: (readonly number[])[];
  #probeStamp = new Int32Array(0);
  #clauseStamp = new Int32Array(0);
  #epoch = 0;
  readonly #stampClauses = (clauses: readonly number[]): void => {
    for (let k = 0; k < clauses.length; k++) this.#clauseStamp[clauses[k]!] = this.#epoch;
  };

  constructor(guards: readonly Guard[]) {
    this.#ruleMode = new Uint8Array(guards.length);
    this.#ruleClauses = guards.map((guard, rule) => this.#addGuard(rule, guard));
    for (const probe of this.#probes) if (probe.kind === 'needle') this.#buildScan(probe);
    this.#probeStamp = new Int32Array(this.#probes.length);
    this.#clauseStamp = new Int32Array(this.#clauseProbes.length);
  }

  get stats(): PrefilterStats {
    const needleProbes = this.#probes.filter((probe) => probe.kind === 'needle');
    return {
      rules: this.#ruleMode.length,
      alwaysTried: this.#ruleMode.filter((mode) => mode === ALWAYS).length,
      eqProbes: this.#probes.length - needleProbes.length,
      needleProbes: needleProbes.length,
      needles: needleProbes.reduce((sum, probe) => sum + probe.needles.size, 0),
    };
  }

  /** Calls tryRule(index) for every rule that may hold for the event, in rule order. */
  candidates(event: LogEvent, tryRule: (rule: number) => void): void {
    if (++this.#epoch === 0x7fffffff) this.#resetStamps();
    const modes = this.#ruleMode;
    for (let rule = 0; rule < modes.length; rule++) {
      const mode = modes[rule];
      if (mode === ALWAYS || (mode === GUARDED && this.#clausesHold(event, this.#ruleClauses[rule]!))) tryRule(rule);
    }
  }

  #clausesHold(event: LogEvent, clauses: readonly number[]): boolean {
    for (let i = 0; i < clauses.length; i++) {
      const clause = clauses[i]!;
      const probes = this.#clauseProbes[clause]!;
      for (let k = 0; k < probes.length; k++) this.#runProbe(event, probes[k]!);
      if (this.#clauseStamp[clause] !== this.#epoch) return false;
    }
    return true;
  }

  #runProbe(event: LogEvent, index: number): void {
    if (this.#probeStamp[index] === this.#epoch) return;
    this.#probeStamp[index] = this.#epoch;
    const probe = this.#probes[index]!;
    const values = stringValues(event, probe.field);
    for (let v = 0; v < values.length; v++) {
      if (probe.kind === 'eq') {
        const clauses = probe.keys.get(foldKey(values[v]!));
        if (clauses !== undefined) this.#stampClauses(clauses);
      } else {
        const needleClauses = probe.needleClauses!;
        probe.scan!.scan(values[v]!, (needle) => this.#stampClauses(needleClauses[needle]!));
      }
    }
  }

  #resetStamps(): void {
    this.#epoch = 1;
    this.#probeStamp.fill(0);
    this.#clauseStamp.fill(0);
  }

  /** Registers the rule's clauses; exact-value clauses first, since their probes cost least. */
  #addGuard(rule: number, guard: Guard): number[] {
    if (guard.length === 0) {
      this.#ruleMode[rule] = ALWAYS;
      return [];
    }
    if (guard.some((clause) => clause.length === 0)) {
      this.#ruleMode[rule] = NEVER;
      return [];
    }
    this.#ruleMode[rule] = GUARDED;
    const eqOnly = (clause: Clause): number => (clause.every((atom) => atom.kind === 'eq') ? 0 : 1);
    return [...guard].sort((a, b) => eqOnly(a) - eqOnly(b)).map((clause) => this.#addClause(clause));
  }

  #addClause(clause: Clause): number {
    const id = this.#clauseProbes.length;
    const probes = new Set<number>();
    for (const atom of clause) {
      const probe = this.#probeFor(atom.field, atom.kind);
      probes.add(probe);
      const table = atom.kind === 'eq' ? this.#probes[probe]!.keys : this.#probes[probe]!.needles;
      const literal = atom.kind === 'eq' ? atom.key : atom.needle;
      const clauses = table.get(literal) ?? [];
      if (!clauses.includes(id)) clauses.push(id);
      table.set(literal, clauses);
    }
    this.#clauseProbes.push([...probes]);
    return id;
  }

  #probeFor(field: FieldSel, kind: 'eq' | 'needle'): number {
    const key = `${kind}\u0000${fieldKey(field)}`;
    let index = this.#probeByField.get(key);
    if (index === undefined) {
      index = this.#probes.length;
      this.#probes.push({ field, kind, keys: new Map(), needles: new Map() });
      this.#probeByField.set(key, index);
    }
    return index;
  }

  #buildScan(probe: Probe): void {
    const needles = [...probe.needles.keys()];
    probe.scan = new NeedleScan(needles);
    probe.needleClauses = needles.map((needle) => probe.needles.get(needle)!);
  }
}
