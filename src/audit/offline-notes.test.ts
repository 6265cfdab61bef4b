import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createLogger } from '../observability/logger.ts';
import { ManualClock } from '../runtime/clock.ts';
import type { LogEvent } from '../schema/event.ts';
import { AuditTrail } from './audit-trail.ts';
import { appendOfflineNote, osUserName, pendingPath, readOfflineNotes, withOfflineNote } from './offline-notes.ts';

const T0 = Date.UTC(2031, 6, 1, 12, 0, 0);

describe('offline commands are recorded at the next start (R-ACCESS-2)', () => {
  let dir: string;
  const stored: LogEvent[] = [];
  let failing = false;
  const sink = {
    async submit(events: LogEvent[]): Promise<void> {
      if (failing) throw new Error('cannot store');
      stored.push(...events);
    },
  };
  const trail = new AuditTrail(() => sink, { clock: new ManualClock(T0), logger: createLogger('silent') });

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'logwarden-offline-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  test('R-ACCESS-2: a note is appended owner-only, and a torn line (a command killed mid-write) is skipped', async () => {
    await appendOfflineNote(dir, { command: 'verify --data-dir d', at: T0 - 5000, outcome: 'success', summary: 'ledger intact' });
    assert.equal((await stat(pendingPath(dir))).mode & 0o777, 0o600);
    await appendFile(pendingPath(dir), '{"id":"torn","comm');
    const pending = await readOfflineNotes(dir);
    assert.equal(pending.notes.length, 1);
    assert.equal(pending.unreadable, 1);
    assert.equal(pending.notes[0]?.user, osUserName());
  });

  test('R-ACCESS-2: when they cannot be stored the notes stay for the next start', async () => {
    failing = true;
    await trail.recordPendingOffline(dir);
    failing = false;
    assert.equal(stored.length, 0);
    assert.equal((await readOfflineNotes(dir)).notes.length, 1);
  });

  test('R-ACCESS-2: the start records each note once, as offline-command with who ran it and when, then removes the file', async () => {
    await withOfflineNote(
      dir,
      'ledger rotate-key --data-dir d',
      async () => 'rotated',
      (result) => ({ outcome: 'success', summary: result }),
      () => assert.fail('the note must be writable'),
    );
    await assert.rejects(
      withOfflineNote(
        dir,
        'verify --data-dir d',
        async () => {
          throw new Error('no verifier keys');
        },
        () => ({ outcome: 'success', summary: '' }),
        () => assert.fail('the note must be writable'),
      ),
      /no verifier keys/,
    );
    await trail.recordPendingOffline(dir);
    assert.deepEqual(
      stored.map((event) => [event['event.action'], event['logwarden.audit.target'], event['event.outcome'], event['user.name']]),
      [
        ['offline-command', 'verify --data-dir d', 'success', osUserName()],
        ['offline-command', 'ledger rotate-key --data-dir d', 'success', osUserName()],
        ['offline-command', 'verify --data-dir d', 'failure', osUserName()],
      ],
    );
    assert.equal(stored[0]?.['@timestamp'], T0 - 5000, 'when the command ran');
    assert.equal(stored[0]?.['event.ingested'], T0, 'when the start recorded it');
    assert.match(String(stored[2]?.['message']), /ran "logwarden verify --data-dir d" offline .*no verifier keys \(failure\)$/);
    await assert.rejects(stat(pendingPath(dir)), { code: 'ENOENT' });
    await trail.recordPendingOffline(dir);
    assert.equal(stored.length, 3, 'not again at the start after');
  });

  test('R-ACCESS-2: a data dir that does not exist gets no note', async () => {
    const missing = path.join(dir, 'nope');
    const result = await withOfflineNote(
      missing,
      'verify --data-dir nope',
      async () => 1,
      () => ({ outcome: 'success', summary: '' }),
      () => assert.fail('ENOENT is not a failure to report'),
    );
    assert.equal(result, 1);
    await assert.rejects(stat(missing), { code: 'ENOENT' });
  });
});
