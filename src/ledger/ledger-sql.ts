// SQL text of the ledger tables' reads, shared by the ledger, its tiles and `verify`. Pure: it only
// builds statements; values are bound as parameters (`lw_node`, `lw_lo`, `lw_hi`).
//
// A node's leaves are read only from committed hashing rounds (a round's marker in ledger_rounds is
// written after all of its leaves), and of a sequence number hashed in several rounds the latest
// round's leaf counts. So a round cut short by a crash, or one that failed part-way, is ignored
// and superseded by the next one, and nothing ever has to be deleted (R-TAMPER-1). The log of a
// node ends where its latest committed round ends (a round may be empty: it then only marks that
// leaves beyond it are superseded); callers keep `lw_hi` at or below that end.

/** Narrows a read to runs of sequence numbers: the leaves' condition, and the rounds' that overlap them. */
export interface RunsFilter {
  /** On `seq`. */
  readonly leaves: string;
  /** On `first_seq` and `end_seq`: keeps the set of rounds small when the runs are far apart. */
  readonly rounds: string;
}

/**
 * The node's committed leaves with sequence numbers in [lw_lo, lw_hi), one per number, in order.
 * `runs` narrows the numbers further (a proof's needs), within those bounds. Read in sort-key
 * order and cut with LIMIT BY: an argMax GROUP BY was about ten times slower over
 * a million leaves (4.4 s against 0.4 s; `npm run bench:ledger-rounds` prints this read's cost).
 */
export function committedLeavesSql(columns: 'seq, leaf' | 'leaf', runs: RunsFilter = { leaves: '1', rounds: '1' }): string {
  return `SELECT ${columns} FROM ledger_leaves
WHERE node = {lw_node:String} AND seq >= {lw_lo:UInt64} AND seq < {lw_hi:UInt64} AND (${runs.leaves})
  AND round IN (SELECT round FROM ledger_rounds WHERE node = {lw_node:String} AND end_seq > {lw_lo:UInt64} AND first_seq < {lw_hi:UInt64} AND (${runs.rounds}))
ORDER BY seq, round DESC LIMIT 1 BY seq`;
}

/** One past the node's last leaf: the end of its latest committed round (0 before the first). */
export const COMMITTED_END_SQL = 'SELECT argMax(end_seq, round) AS end, count() AS n FROM ledger_rounds WHERE node = {lw_node:String}';

/**
 * One past the node's highest committed leaf below the end of its log {lw_hi} (0 when none): where
 * the leaves stop when the tail of the table was cut (verify reports a truncated tail from it).
 */
export const COMMITTED_LEAF_SPAN_SQL = `SELECT if(count() = 0, 0, max(seq) + 1) AS span FROM ledger_leaves
WHERE node = {lw_node:String} AND seq < {lw_hi:UInt64} AND round IN (SELECT round FROM ledger_rounds WHERE node = {lw_node:String})`;

/**
 * The node's records in the events table. Records stored before events carried their node (before
 * migration 5 stamped it) have it empty: they are the one node's that existed then.
 */
export const NODE_RECORDS_CONDITION = "logwarden_node IN ({lw_node:String}, '')";
