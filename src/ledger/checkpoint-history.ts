// What the Integrity view shows of the checkpoints already signed: the newest ones as stored in
// the engine (size, root, when, by which key), and the last lines of the transparency file, read
// from its end so that a file of years of checkpoints costs no more than one of a day.
import { open } from 'node:fs/promises';
import type { SqlEngine } from '../store/engine.ts';
import { parseCheckpoint, parseSignedNote } from './checkpoint.ts';

export interface CheckpointSummary {
  readonly size: number;
  readonly rootHash: string;
  readonly time: string;
  /** `name+keyid` of each signature line. */
  readonly signedBy: string[];
  readonly note: string;
}

/** The node's newest `limit` checkpoints, newest first. */
export async function recentCheckpoints(engine: SqlEngine, node: string, limit: number): Promise<CheckpointSummary[]> {
  const rows = await engine.query<{ note: string; at: string }>(
    `SELECT note, toString(toUnixTimestamp64Milli(created_at)) AS at FROM ledger_checkpoints
     WHERE node = {lw_node:String} ORDER BY size DESC, created_at DESC LIMIT {lw_limit:UInt32}`,
    { lw_node: node, lw_limit: limit },
  );
  return rows.map((row) => summarise(row.note, Number(row.at)));
}

/** A stored note as the view lists it; the note was verified when signed, here it is only read. */
export function summarise(note: string, storedAt: number): CheckpointSummary {
  const signed = parseSignedNote(note);
  const checkpoint = parseCheckpoint(signed.text);
  const time = checkpoint.extensions.find((line) => line.startsWith('time '))?.slice(5);
  return {
    size: checkpoint.size,
    rootHash: Buffer.from(checkpoint.rootHash).toString('hex'),
    time: time !== undefined && !Number.isNaN(Date.parse(time)) ? time : new Date(storedAt).toISOString(),
    signedBy: signed.signatures.map((line) => `${line.name}+${line.keyId.toString(16).padStart(8, '0')}`),
    note,
  };
}

/** How much of the file's end is read for its last lines: far more than 500 lines of notes. */
const TAIL_BYTES = 256 * 1024;

/** The file's size and its last `count` lines (oldest first); a missing file has none. */
export async function tailLines(file: string, count: number): Promise<{ bytes: number; lines: string[] }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { bytes: 0, lines: [] };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - TAIL_BYTES);
    const buffer = Buffer.alloc(size - start);
    await handle.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (start > 0) lines.shift(); // a line cut by where the read began
    if (lines.at(-1) === '') lines.pop(); // the file ends in a newline
    return { bytes: size, lines: lines.slice(-count) };
  } finally {
    await handle.close();
  }
}
