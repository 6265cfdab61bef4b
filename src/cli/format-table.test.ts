// `search --format table` must not pass a sender's control characters to the analyst's terminal
// (R-ACCESS-1: reading the logs must not hand the terminal to whoever wrote them).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { PublicEvent } from '../schema/present.ts';
import { formatTable } from './format-table.ts';
import { visibleText } from './visible-text.ts';

/** Every character a terminal may act on: C0, DEL, C1, bidi formatting, line/paragraph separators. */
const TERMINAL_CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/u;

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('\x1b', '[', '2', 'J', '\x07', '\x9b', '\u202e', '\u2066', '\r', '\n', '\t', '\\', 'a', ' '), maxLength: 30 }),
);

const event = fc.record(
  {
    '@timestamp': hostile,
    'host.name': hostile,
    'service.name': hostile,
    'log.level': hostile,
    message: hostile,
    labels: fc.dictionary(hostile, hostile, { maxKeys: 3 }),
  },
  { requiredKeys: [] },
);

test('property: no table output holds a control or bidi character except the newline between rows', () => {
  fc.assert(
    fc.property(fc.array(event, { maxLength: 6 }), (events) => {
      const lines = formatTable(events as PublicEvent[]).split('\n');
      assert.equal(lines.length, events.length + 1, 'one header line and one line per event');
      for (const line of lines) assert.doesNotMatch(line, TERMINAL_CONTROL, JSON.stringify(line));
    }),
    { numRuns: 500 },
  );
});

test('an ANSI escape, a C1 CSI and a bidi override in a message are printed as visible escapes', () => {
  const table = formatTable([{ '@timestamp': '2026-12-01T10:00:00.000Z', message: 'a\x1b[2Jb\x9b31mc\u202eevil\u2069 tab\tnl\ncr\r\\x1b' }]);
  const row = table.split('\n')[1] as string;
  assert.ok(row.endsWith('a\\x1b[2Jb\\x9b31mc\\u202eevil\\u2069 tab\\tnl\\ncr\\r\\\\x1b'), row);
});

test('property: escaping loses nothing: two different texts never print the same', () => {
  // A small alphabet, so that a typed `\\x1b` and a real ESC meet often.
  const text = fc.string({ unit: fc.constantFrom('\\', 'x', '1', 'b', 'n', 'u', '0', '\x1b', '\n', '\u202e'), maxLength: 8 });
  fc.assert(
    fc.property(text, text, (a, b) => {
      if (a !== b) assert.notEqual(visibleText(a), visibleText(b));
    }),
    { numRuns: 2000 },
  );
});

test('ordinary text, accents and emoji are left as they are', () => {
  assert.equal(visibleText('Failed password for élodie from 10.0.0.7 🔑'), 'Failed password for élodie from 10.0.0.7 🔑');
});
