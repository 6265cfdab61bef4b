// The ledger metadata that says which leaf format each record's leaf is in: table
// `ledger_leaf_formats` (node, from_seq, format), created by migration 6. A row per format change
// of a node's ledger (sequence numbers are per node); rows are only ever added.
import type { SqlEngine } from '../store/engine.ts';
import { isLeafFormat, LeafFormats, type LeafFormatStart } from './leaf-format.ts';

/** Record the formats of a node's ledger, once: a repeated call (a migration run again) adds nothing. */
export async function recordLeafFormats(engine: SqlEngine, node: string, starts: readonly LeafFormatStart[]): Promise<void> {
  const [row] = await engine.query<{ n: string }>('SELECT count() AS n FROM ledger_leaf_formats WHERE node = {node:String}', { node });
  if (Number(row?.n ?? 0) > 0) return;
  for (const start of starts) {
    await engine.command('INSERT INTO ledger_leaf_formats (node, from_seq, format) VALUES ({node:String}, {from:UInt64}, {format:UInt8})', { node, ...start });
  }
}

/**
 * The formats of a node's ledger; without a node, or when none are recorded for it, those of
 * whichever node the store holds (a store holds one node's records today). A store without the table predates migration 6.
 */
export async function readLeafFormats(engine: SqlEngine, node?: string): Promise<LeafFormats> {
  const [table] = await engine.query<{ n: string }>("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'ledger_leaf_formats'");
  if (Number(table?.n ?? 0) === 0) {
    throw new Error('the store predates leaf formats (migration 6): start logwarden serve once to migrate it, or use the version that wrote it');
  }
  const read = (where: string) => engine.query<{ from_seq: string; format: number }>(`SELECT from_seq, format FROM ledger_leaf_formats ${where} ORDER BY from_seq`, { node: node ?? '' });
  // A node renamed in the config still owns the store's records: then the store's rows stand.
  let rows = node === undefined ? [] : await read('WHERE node = {node:String}');
  if (rows.length === 0) rows = await read('');
  const starts: LeafFormatStart[] = [];
  for (const row of rows) {
    const format = Number(row.format);
    if (!isLeafFormat(format)) throw new Error(`ledger_leaf_formats names leaf format ${format}, which this version does not know: use a newer logwarden`);
    starts.push({ from: Number(row.from_seq), format });
  }
  return starts.length === 0 ? LeafFormats.current : new LeafFormats(starts);
}
