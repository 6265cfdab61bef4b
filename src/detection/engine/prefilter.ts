// The prefilter: each rule's guard (guard.ts) indexed so that one event is checked against all of
// them for the price of a few hash lookups and one needle scan per field, without visiting the
// rules it rules out. A probe reads one field of the event: an exact-value probe looks its folded
// values up in a hash map (this is the route index too: a rule for sshd requires event.dataset =
// sshd), an integer probe does the same for ports, status codes and event ids, and a needle probe
// scans the field's text once for every literal any rule needs in it. Each rule is anchored on one
// clause, an exact-value one where it has one; the anchors' probes run first, and each clause they
// satisfy puts the rules anchored on it in the running. Only those rules' other clauses are then
// checked, their probes run lazily, at most once per event. A rule whose guard requires nothing is
// always in the running. Pure.
import type { LogEvent } from '../../schema/event.ts';
import type { FieldSel } from '../../query/predicate.ts';
import { isArrayField } from '../../query/predicate.ts';
import { fieldKey, intKeys, stringValues } from './field-values.ts';
import { foldKey } from './fold.ts';
import type { Atom, Clause, Guard } from './guard.ts';
import { passRate } from './guard.ts';
import { NeedleScan } from './needle-scan.ts';

interface Probe {
  readonly field: FieldSel;
  readonly kind: Atom['kind'];
  /** Neither an array nor a map key: a string value is the one value. */
  readonly scalar: boolean;
  /** eq: folded value → the clauses it satisfies; int: decimal key → the clauses. */
  readonly keys: Map<string, number[]>;
  /** needle: each literal → the clauses it satisfies; compiled into `scan` once all are known. */
  readonly needles: Map<string, number[]>;
  scan?: NeedleScan;
  onNeedle?: (needle: number) => void;
}

export interface PrefilterStats {
  readonly rules: number;
  /** Rules tried on every event: the analysis found nothing they require. */
  readonly alwaysTried: number;
  /** Exact-value probes, strings and integers. */
  readonly eqProbes: number;
  readonly needleProbes: number;
  readonly needles: number;
  /** Probes run on every event: those of the clauses rules are anchored on. */
  readonly anchorProbes: number;
}

/**
 * Which clause a rule is anchored on: an anchor's probes run on every event, so exact values (a
 * lookup) come before literals (a scan of the field), and among each the most selective.
 */
function anchorCost(clause: Clause): number {
  return (clause.some((atom) => atom.kind === 'needle') ? 1 : 0) + passRate(clause);
}

export class Prefilter {
  readonly #rules: number;
  readonly #probes: Probe[] = [];
  readonly #probeByField = new Map<string, number>();
  /** Per clause: the probes that must have run before its stamp is read, and the rules anchored on it. */
  readonly #clauseProbes: number[][] = [];
  readonly #anchored: number[][] = [];
  /** Per rule: its clauses after the anchor. */
  readonly #rest: (readonly number[])[] = [];
  readonly #always: number[] = [];
  #anchorProbes: readonly number[] = [];
  #probeStamp = new Int32Array(0);
  #clauseStamp = new Int32Array(0);
  #epoch = 0;
  /** The rules in the running for the current event (the first #runningCount). */
  readonly #running: Int32Array;
  #runningCount = 0;

  constructor(guards: readonly Guard[]) {
    this.#rules = guards.length;
    this.#running = new Int32Array(guards.length);
    guards.forEach((guard, rule) => this.#addGuard(rule, guard));
    for (const probe of this.#probes) if (probe.kind === 'needle') this.#buildScan(probe);
    this.#probeStamp = new Int32Array(this.#probes.length);
    this.#clauseStamp = new Int32Array(this.#clauseProbes.length);
    const anchors = new Set<number>();
    this.#anchored.forEach((rules, clause) => rules.length > 0 && this.#clauseProbes[clause]!.forEach((probe) => anchors.add(probe)));
    this.#anchorProbes = [...anchors];
  }

  get stats(): PrefilterStats {
    const needleProbes = this.#probes.filter((probe) => probe.kind === 'needle');
    return {
      rules: this.#rules,
      alwaysTried: this.#always.length,
      eqProbes: this.#probes.length - needleProbes.length,
      needleProbes: needleProbes.length,
      needles: needleProbes.reduce((sum, probe) => sum + probe.needles.size, 0),
      anchorProbes: this.#anchorProbes.length,
    };
  }

  /**
   * The rules that may hold for the event, in rule order. The array is the prefilter's own, reused
   * by the next call: read it before asking again.
   */
  candidates(event: LogEvent): Int32Array {
    return this.#running.subarray(0, this.select(event));
  }

  /**
   * `candidates` without allocating: how many rules may hold for the event, which are the first
   * that many of `selected`, in rule order. Runs on every stored event, where even a typed-array
   * view per event showed in the profile (docs/benchmarks.md, "Detection end to end").
   */
  select(event: LogEvent): number {
    if (++this.#epoch === 0x7fffffff) this.#resetStamps();
    this.#runningCount = 0;
    for (const rule of this.#always) this.#running[this.#runningCount++] = rule;
    for (const probe of this.#anchorProbes) this.#runProbe(event, probe);
    // Each rule has one anchor, stamped once per event, so it is in the running at most once. The
    // probes run below are no anchor's (an anchor's probes all ran above): they add no rules.
    const running = this.#running;
    const count = this.#runningCount;
    sortPrefix(running, count);
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const rule = running[i]!;
      if (this.#clausesHold(event, this.#rest[rule]!)) running[kept++] = rule;
    }
    return kept;
  }

  /** The rules `select` chose, the first as many as it answered; overwritten by the next call. */
  get selected(): Int32Array {
    return this.#running;
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
    if (probe.kind === 'int') {
      for (const key of intKeys(event, probe.field)) this.#lookUp(probe, key);
      return;
    }
    const raw = event[probe.field.def.name];
    // The common case, a plain string field holding a string, without building the list of values.
    if (typeof raw === 'string' && probe.scalar) return this.#probeString(probe, raw);
    const values = stringValues(event, probe.field);
    for (let v = 0; v < values.length; v++) this.#probeString(probe, values[v]!);
  }

  #probeString(probe: Probe, value: string): void {
    if (probe.kind === 'needle') probe.scan!.scan(value, probe.onNeedle!);
    else this.#lookUp(probe, foldKey(value));
  }

  #lookUp(probe: Probe, key: string): void {
    const clauses = probe.keys.get(key);
    if (clauses !== undefined) this.#stamp(clauses);
  }

  /** Marks the clauses satisfied for this event; the first time, their anchored rules join the running. */
  #stamp(clauses: readonly number[]): void {
    const epoch = this.#epoch;
    for (let k = 0; k < clauses.length; k++) {
      const clause = clauses[k]!;
      if (this.#clauseStamp[clause] === epoch) continue;
      this.#clauseStamp[clause] = epoch;
      const rules = this.#anchored[clause]!;
      for (let r = 0; r < rules.length; r++) this.#running[this.#runningCount++] = rules[r]!;
    }
  }

  #resetStamps(): void {
    this.#epoch = 1;
    this.#probeStamp.fill(0);
    this.#clauseStamp.fill(0);
  }

  /** Anchors the rule on its best clause (anchorCost); the others are checked once it is in the running. */
  #addGuard(rule: number, guard: Guard): void {
    if (guard.some((clause) => clause.length === 0)) return void this.#rest.push([]); // never holds: never in the running
    if (guard.length === 0) {
      this.#always.push(rule);
      return void this.#rest.push([]);
    }
    const [anchor, ...rest] = [...guard].sort((a, b) => anchorCost(a) - anchorCost(b));
    this.#anchored[this.#addClause(anchor!)]!.push(rule);
    this.#rest.push(rest.map((clause) => this.#addClause(clause)));
  }

  #addClause(clause: Clause): number {
    const id = this.#clauseProbes.length;
    const probes = new Set<number>();
    for (const atom of clause) {
      const probe = this.#probeFor(atom.field, atom.kind);
      probes.add(probe);
      const table = atom.kind === 'needle' ? this.#probes[probe]!.needles : this.#probes[probe]!.keys;
      const literal = atom.kind === 'needle' ? atom.needle : atom.key;
      const clauses = table.get(literal) ?? [];
      if (!clauses.includes(id)) clauses.push(id);
      table.set(literal, clauses);
    }
    // Exact-value probes first: they cost a lookup, a needle probe a scan.
    this.#clauseProbes.push([...probes].sort((a, b) => Number(this.#probes[a]!.kind === 'needle') - Number(this.#probes[b]!.kind === 'needle')));
    this.#anchored.push([]);
    return id;
  }

  #probeFor(field: FieldSel, kind: Atom['kind']): number {
    const key = `${kind}\u0000${fieldKey(field)}`;
    let index = this.#probeByField.get(key);
    if (index === undefined) {
      index = this.#probes.length;
      this.#probes.push({ field, kind, scalar: field.key === undefined && !isArrayField(field.def), keys: new Map(), needles: new Map() });
      this.#probeByField.set(key, index);
    }
    return index;
  }

  #buildScan(probe: Probe): void {
    const needles = [...probe.needles.keys()];
    const clausesOf = needles.map((needle) => probe.needles.get(needle)!);
    probe.scan = new NeedleScan(needles);
    probe.onNeedle = (needle) => this.#stamp(clausesOf[needle]!);
  }
}

/** Sorts the first `count` entries in place: an insertion sort, as only a few rules are ever in the running at once. */
function sortPrefix(values: Int32Array, count: number): void {
  for (let i = 1; i < count; i++) {
    const value = values[i]!;
    let at = i - 1;
    for (; at >= 0 && values[at]! > value; at--) values[at + 1] = values[at]!;
    values[at + 1] = value;
  }
}
