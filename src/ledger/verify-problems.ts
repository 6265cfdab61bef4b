// What `logwarden verify` found, kept bounded: a store where every record was changed must not
// make verify (or the server answering POST /api/v1/ledger/verify) hold one message per record.
// The first REPORT_DETAIL_LIMIT problems are kept in full, every problem is counted per kind, and
// each kind keeps its first few sequence numbers (or checkpoint sizes) for the summary. Pure.

export type ProblemKind = 'changed' | 'deleted' | 'duplicated' | 'missing' | 'leaf-missing' | 'truncated' | 'checkpoint-mismatch' | 'bad-signature' | 'unknown-key' | 'malformed-checkpoint';

export interface Problem {
  readonly kind: ProblemKind;
  /** The first sequence number the problem concerns, when it concerns records. */
  readonly seq?: number;
  /** The size of the checkpoint concerned (checkpoint-mismatch, truncated). */
  readonly size?: number;
  readonly message: string;
}

export interface ProblemSummary {
  readonly kind: ProblemKind;
  readonly count: number;
  /** The first few distinct sequence numbers (record problems) or checkpoint sizes (checkpoint problems). */
  readonly first: readonly number[];
  /** More distinct numbers than `first` shows were found. */
  readonly more: boolean;
}

/** Problems listed in full in a report; the rest are only counted. */
export const REPORT_DETAIL_LIMIT = 100;
/** Sequence numbers or sizes a summary line shows per kind. */
export const SUMMARY_FIRST = 5;

const RECORD_KINDS: ReadonlySet<ProblemKind> = new Set(['changed', 'deleted', 'duplicated', 'missing', 'leaf-missing']);

/** Signature problems first, then by sequence number; at one number, records before tree mismatches. */
const order = (problem: Problem): number => (problem.seq ?? -1) * 2 + (problem.kind === 'checkpoint-mismatch' || problem.kind === 'truncated' ? 1 : 0);

export class ProblemLog {
  /** Every checkpoint problem (at most one per note read), and the first record problems. */
  readonly #kept: Problem[] = [];
  #recordsKept = 0;
  readonly #byKind = new Map<ProblemKind, { count: number; first: number[]; last?: number; more: boolean }>();
  #total = 0;
  /** The first record problem since the tree last matched a checkpoint. */
  #firstRecordSinceMatch: number | undefined;

  /** Record problems must come in ascending sequence order (verify reads records in order). */
  push(problem: Problem): void {
    this.#total++;
    const record = RECORD_KINDS.has(problem.kind);
    if (record) this.#firstRecordSinceMatch ??= problem.seq;
    // The first record problems by sequence number are all any report can list (see report()).
    if (!record || this.#recordsKept++ < REPORT_DETAIL_LIMIT) this.#kept.push(problem);
    const entry = this.#byKind.get(problem.kind) ?? { count: 0, first: [], more: false };
    entry.count++;
    const number = record ? problem.seq : problem.size;
    // The same checkpoint is often read twice (database and transparency file): name its size once.
    if (number !== undefined && number !== entry.last) {
      if (entry.first.length < SUMMARY_FIRST) entry.first.push(number);
      else entry.more = true;
      entry.last = number;
    }
    this.#byKind.set(problem.kind, entry);
  }

  get total(): number {
    return this.#total;
  }

  /** The sequence number of the first record problem since the tree last matched a checkpoint. */
  firstRecordProblemSinceMatch(): number | undefined {
    return this.#firstRecordSinceMatch;
  }

  /** The rebuilt tree matched a checkpoint: every record problem so far lies before it. */
  matched(): void {
    this.#firstRecordSinceMatch = undefined;
  }

  /**
   * The first REPORT_DETAIL_LIMIT problems in report order, and a count per kind. Exact although
   * record problems past the first REPORT_DETAIL_LIMIT were not kept: they come after those.
   */
  report(): { problems: Problem[]; problemCount: number; summary: ProblemSummary[] } {
    const problems = [...this.#kept].sort((a, b) => order(a) - order(b)).slice(0, REPORT_DETAIL_LIMIT);
    const summary = [...this.#byKind].map(([kind, { count, first, more }]) => ({ kind, count, first, more }));
    const firstAt = (kind: ProblemKind): number => {
      const index = problems.findIndex((problem) => problem.kind === kind);
      return index === -1 ? problems.length : index;
    };
    summary.sort((a, b) => firstAt(a.kind) - firstAt(b.kind));
    return { problems, problemCount: this.#total, summary };
  }
}
