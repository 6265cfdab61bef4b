// Notes that offline commands (verify --data-dir, ledger rotate-key) leave in the data dir for the
// audit trail: the server is stopped, so there is no pipeline to record them through; the next
// start records them (AuditTrail.recordPendingOffline) and then removes the file. One JSON line
// per command in <data-dir>/audit-pending.ndjson, mode 0600, appended and fsynced before the
// command reports, so a note is on disk once the command's answer is.
import { randomUUID } from 'node:crypto';
import { open, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { systemClock } from '../runtime/clock.ts';

export const PENDING_FILE = 'audit-pending.ndjson';

export const offlineNote = z.object({
  /** Unique per note; stored as event.id, so a note recorded twice (a crash between storing and removing the file) is recognisable. */
  id: z.string().min(1),
  /** The command as typed after `logwarden`, without secrets (these commands take none). */
  command: z.string().min(1),
  /** The OS user that ran it. */
  user: z.string().min(1),
  /** When it ran, epoch ms. */
  at: z.number().int(),
  outcome: z.enum(['success', 'failure']),
  /** One line on what it found or did. */
  summary: z.string(),
});
export type OfflineNote = z.infer<typeof offlineNote>;

export function pendingPath(dataDir: string): string {
  return path.join(dataDir, PENDING_FILE);
}

/** Who runs this process: the OS user name, else its uid (a container without a passwd entry). */
export function osUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.() ?? 'unknown'}`;
  }
}

/** Append one note and fsync it; the file is created owner-only. */
export async function appendOfflineNote(dataDir: string, note: Omit<OfflineNote, 'id' | 'user'> & { readonly user?: string }): Promise<OfflineNote> {
  const full: OfflineNote = { id: randomUUID(), user: note.user ?? osUserName(), command: note.command, at: note.at, outcome: note.outcome, summary: note.summary };
  const handle = await open(pendingPath(dataDir), 'a+', 0o600);
  try {
    await handle.chmod(0o600);
    // After a torn last line (a command killed mid-write), start a new line: the torn one alone is lost.
    const { size } = await handle.stat();
    const last = size === 0 ? '\n' : (await handle.read(Buffer.alloc(1), 0, 1, size - 1)).buffer.toString('utf8');
    await handle.write(`${last === '\n' ? '' : '\n'}${JSON.stringify(full)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return full;
}

export interface PendingNotes {
  readonly notes: OfflineNote[];
  /** Lines that were not a note (a command killed mid-write leaves a torn last line). */
  readonly unreadable: number;
}

/** The notes waiting in the data dir; none when there is no file. */
export async function readOfflineNotes(dataDir: string): Promise<PendingNotes> {
  let text: string;
  try {
    text = await readFile(pendingPath(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { notes: [], unreadable: 0 };
    throw error;
  }
  const notes: OfflineNote[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = offlineNote.safeParse(parseJson(line));
    if (parsed.success) notes.push(parsed.data);
    else unreadable += 1;
  }
  return { notes, unreadable };
}

/** Remove the file once its notes are stored; the directory is fsynced so the removal survives a crash. */
export async function clearOfflineNotes(dataDir: string): Promise<void> {
  await rm(pendingPath(dataDir), { force: true });
  const dir = await open(dataDir, 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** What an offline command's note says about how it went. */
export interface OfflineResult {
  readonly outcome: 'success' | 'failure';
  readonly summary: string;
}

/**
 * Run an offline command and leave its note, whether it succeeded, found a problem or failed;
 * `onUnwritable` hears when the note cannot be written (the command's own result stands). A data
 * dir that does not exist gets no note: nothing in it was touched.
 */
export async function withOfflineNote<T>(dataDir: string, command: string, run: () => Promise<T>, summarise: (result: T) => OfflineResult, onUnwritable: (error: Error) => void): Promise<T> {
  const note = async (result: OfflineResult): Promise<void> => {
    try {
      await appendOfflineNote(dataDir, { command, at: systemClock.now(), ...result });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onUnwritable(error as Error);
    }
  };
  let result: T;
  try {
    result = await run();
  } catch (error) {
    await note({ outcome: 'failure', summary: error instanceof Error ? error.message : String(error) });
    throw error;
  }
  await note(summarise(result));
  return result;
}
