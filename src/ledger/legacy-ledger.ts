// The ledger of a store from before ledgers were keyed by node. Migration 7 sets its tables aside as
// retired_* and, in the same run, copies their rows under the node it runs for (the configured
// one: MigrationContext), then drops them; so a retired table never outlives the migration that
// made it (retired_* tables are the ones that may be dropped). Re-runnable after a crash at any
// step: rows already copied are not copied again, and the old leaves become round 0, committed by
// its marker only once all of them are in; migration 7 is recorded only after all of this.
import type { SqlEngine } from '../store/engine.ts';

/** The ledger tables that existed before they were keyed by node. */
export const LEGACY_LEDGER_TABLES: readonly string[] = ['ledger_leaves', 'ledger_checkpoints', 'ledger_tiles'];

/** The name an unkeyed ledger table is set aside under until it is copied (retired_* may be dropped). */
export function retiredLedgerTable(table: string): string {
  return `retired_${table}_unkeyed`;
}

/** The round number of the leaves copied from an unkeyed ledger; the node's own rounds start at 1. */
export const LEGACY_ROUND = 0;

async function tableExists(engine: SqlEngine, table: string): Promise<boolean> {
  const rows = await engine.query<{ n: string }>('SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = {t:String}', { t: table });
  return Number(rows[0]?.n ?? 0) > 0;
}

const COPY: Readonly<Record<string, (retired: string) => string>> = {
  ledger_checkpoints: (retired) =>
    `INSERT INTO ledger_checkpoints (node, size, root_hash, note, frontier, created_at)
     SELECT {lw_node:String}, size, root_hash, note, frontier, created_at FROM ${retired}
     WHERE (size, created_at) NOT IN (SELECT size, created_at FROM ledger_checkpoints WHERE node = {lw_node:String})`,
  ledger_tiles: (retired) =>
    `INSERT INTO ledger_tiles (node, height, idx, hash) SELECT {lw_node:String}, height, idx, hash FROM ${retired}
     WHERE (height, idx) NOT IN (SELECT height, idx FROM ledger_tiles WHERE node = {lw_node:String})`,
};

/** Copies what an unkeyed ledger left under `node` and drops its retired tables; nothing to do on a keyed store. */
export async function adoptLegacyLedger(engine: SqlEngine, node: string): Promise<void> {
  const present: string[] = [];
  for (const table of LEGACY_LEDGER_TABLES) if (await tableExists(engine, retiredLedgerTable(table))) present.push(table);
  if (present.length === 0) return;
  for (const table of present) {
    const copy = COPY[table];
    if (copy) await engine.command(copy(retiredLedgerTable(table)), { lw_node: node });
  }
  if (present.includes('ledger_leaves')) await adoptLeaves(engine, node, retiredLedgerTable('ledger_leaves'));
  for (const table of present) await engine.command(`DROP TABLE IF EXISTS ${retiredLedgerTable(table)}`);
}

async function adoptLeaves(engine: SqlEngine, node: string, retired: string): Promise<void> {
  const params = { lw_node: node, lw_round: LEGACY_ROUND };
  const [marker] = await engine.query<{ n: string }>('SELECT count() AS n FROM ledger_rounds WHERE node = {lw_node:String} AND round = {lw_round:UInt64}', params);
  if (Number(marker?.n ?? 0) > 0) return; // copied and committed before a crash
  // A copy cut short is copied again: the same leaves in the same round, which reads tell apart by nothing.
  await engine.command(`INSERT INTO ledger_leaves (node, round, seq, leaf) SELECT {lw_node:String}, {lw_round:UInt64}, seq, leaf FROM ${retired}`, params);
  const [span] = await engine.query<{ end: string; n: string }>(`SELECT max(seq) + 1 AS end, count() AS n FROM ${retired}`);
  if (Number(span?.n ?? 0) === 0) return;
  await engine.command(`INSERT INTO ledger_rounds (node, round, first_seq, end_seq, at) VALUES ({lw_node:String}, {lw_round:UInt64}, 0, {lw_end:UInt64}, now64(3))`, {
    ...params,
    lw_end: Number(span?.end),
  });
}
