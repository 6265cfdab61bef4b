// The signed checkpoints of one node's ledger as stored in the engine, as notes `verify` checks.
// Shared by the API's verify route and the CLI's `verify --data-dir`.
import type { SqlEngine } from '../store/engine.ts';
import type { NamedNote } from './verify.ts';

export async function databaseNotes(engine: SqlEngine, node: string): Promise<NamedNote[]> {
  const rows = await engine.query<{ note: string }>('SELECT note FROM ledger_checkpoints WHERE node = {lw_node:String} ORDER BY size, created_at', { lw_node: node });
  return rows.map((row) => ({ source: 'database', note: row.note }));
}
