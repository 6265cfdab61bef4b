// The events `rules test` runs on are the events ingest would store (R-EVENTS-1): a raw syslog
// line and an NDJSON line go through the same normaliser and parsers, are numbered by their line,
// and hostile input is kept and flagged, never a crash.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import { testEvents, testEventsOfDocuments } from './test-events.ts';

const OPTIONS = { receivedAt: Date.parse('2026-11-25T12:00:00Z'), maxEventBytes: 65_536 };

describe('test events', () => {
  it('syslog and NDJSON lines get the parsers’ fields, numbered by line (blank lines counted, not kept)', () => {
    const events = testEvents(
      [
        '<38>Nov 25 11:00:00 web1 sshd[1234]: Failed password for root from 203.0.113.9 port 50022 ssh2',
        '',
        JSON.stringify({ '@timestamp': '2026-11-25T11:00:05Z', message: 'Accepted publickey for bob from 192.0.2.1 port 22 ssh2', 'log.syslog.appname': 'sshd' }),
      ].join('\n'),
      OPTIONS,
    );
    assert.deepEqual(
      events.map((event) => [event['event.sequence'], event['event.dataset'], event['event.outcome'], event['user.name'], event['source.ip']]),
      [
        [1, 'sshd', 'failure', 'root', '203.0.113.9'],
        [3, 'sshd', 'success', 'bob', '192.0.2.1'],
      ],
    );
    assert.equal(events[1]?.['@timestamp'], Date.parse('2026-11-25T11:00:05Z'));
  });

  it('an array of documents is read as the NDJSON lines they would be', () => {
    const [event] = testEventsOfDocuments([{ message: 'Failed password for root from 203.0.113.9 port 1 ssh2', 'log.syslog.appname': 'sshd' }], OPTIONS);
    assert.equal(event?.['event.outcome'], 'failure');
    assert.equal(event?.['event.sequence'], 1);
  });

  it('more events than a test takes is refused, not cut', () => {
    assert.throws(
      () => testEvents('x\n'.repeat(10_001), OPTIONS),
      (error: unknown) => error instanceof LogwardenError && error.code === 'LW_BAD_REQUEST',
    );
  });

  it('hostile lines become flagged events, never a crash (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.constant('{"message": ')), { maxLength: 20 }), (lines) => {
        const events = testEvents(lines.join('\n'), { ...OPTIONS, maxEventBytes: 128 });
        for (const event of events) assert.equal(typeof event['event.sequence'], 'number');
      }),
      { numRuns: 200 },
    );
  });
});
