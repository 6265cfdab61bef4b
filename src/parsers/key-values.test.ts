// The one key=value reader of auditd, LEEF and logfmt, and CEF's extension reader (R-FIELDS-1: these
// formats carry the user, addresses and ids): quoting, escapes, empty values, hostile input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { cefExtension, keyValueMap, readKeyValues, type KeyValueOptions } from './key-values.ts';

const pairs = (text: string, options?: KeyValueOptions) => readKeyValues(text, options)?.map(({ key, value }) => [key, value]);

describe('readKeyValues', () => {
  it('reads bare and double-quoted values, runs of spaces as one separator', () => {
    assert.deepEqual(pairs('a=1  b="two words"   c=x=y'), [
      ['a', '1'],
      ['b', 'two words'],
      ['c', 'x=y'],
    ]);
  });

  it('tells quoted values from bare ones (auditd reads bare ones as hex)', () => {
    assert.deepEqual(
      readKeyValues('cmd=6964 exe="/usr/bin/id"')?.map((pair) => pair.quoted),
      [false, true],
    );
  });

  it('keeps empty values, bare and quoted', () => {
    assert.deepEqual(pairs('a= b="" c=3'), [
      ['a', ''],
      ['b', ''],
      ['c', '3'],
    ]);
  });

  it('unescapes \\" \\\\ \\n \\t inside quotes only when asked (logfmt), and keeps unknown escapes', () => {
    assert.deepEqual(pairs('msg="say \\"hi\\"\\n\\tnow \\\\ \\d" x=1', { escapes: true }), [
      ['msg', 'say "hi"\n\tnow \\ \\d'],
      ['x', '1'],
    ]);
    assert.deepEqual(pairs('msg="a\\" b=2'), [
      ['msg', 'a\\'],
      ['b', '2'],
    ]);
  });

  it("reads auditd's single-quoted msg='…' holding pairs of its own", () => {
    const outer = readKeyValues('pid=1 msg=\'op=PAM:auth acct="bob" res=failed\' x=2', { singleQuotes: true }) ?? [];
    const msg = keyValueMap(outer).get('msg');
    assert.equal(msg?.value, 'op=PAM:auth acct="bob" res=failed');
    assert.deepEqual(pairs(msg?.value ?? ''), [
      ['op', 'PAM:auth'],
      ['acct', 'bob'],
      ['res', 'failed'],
    ]);
    assert.deepEqual(pairs("msg='x y'"), [['msg', "'x"]], 'single quotes are plain characters unless asked for');
  });

  it('splits on another separator (LEEF tab or ^), values keeping their spaces', () => {
    assert.deepEqual(pairs('usrName=Jo Smith\tsrc=192.0.2.1\t\tsev=5', { separator: '\t', doubleQuotes: false }), [
      ['usrName', 'Jo Smith'],
      ['src', '192.0.2.1'],
      ['sev', '5'],
    ]);
    assert.deepEqual(pairs('a=1^b=x y^c="q"', { separator: '^', doubleQuotes: false }), [
      ['a', '1'],
      ['b', 'x y'],
      ['c', '"q"'],
    ]);
  });

  it('lenient: skips words that are not pairs, an unclosed quote runs to the end', () => {
    assert.deepEqual(pairs('pam: op=adding user =x id=7'), [
      ['op', 'adding'],
      ['id', '7'],
    ]);
    assert.deepEqual(pairs('a=1 b="open to the end'), [
      ['a', '1'],
      ['b', 'open to the end'],
    ]);
    assert.deepEqual(pairs('a="x"y b=2'), [
      ['a', 'x'],
      ['b', '2'],
    ]);
  });

  it('strict (logfmt): any word that is not a pair, an empty key or a bad quote makes it not key=value text', () => {
    for (const text of ['hello a=1', 'a=1 =2', 'a="open', 'a="x"y b=2', 'a=1 b']) assert.equal(readKeyValues(text, { strict: true }), undefined, text);
    assert.deepEqual(pairs('a=1 b=2 ', { strict: true }), [
      ['a', '1'],
      ['b', '2'],
    ]);
  });

  it('keyValueMap keeps the first of a repeated key', () => {
    assert.equal(keyValueMap(readKeyValues('a=1 a=2') ?? []).get('a')?.value, '1');
  });
});

describe('cefExtension', () => {
  it('reads values with spaces up to the next key=, and unescapes \\= \\\\ \\n', () => {
    assert.deepEqual(
      cefExtension('src=10.0.0.1 msg=Detected a threat. No action needed. request=http://x/?a\\=b c:\\\\tmp cs1Label=Rule Name n=line\\nnext').map(({ key, value }) => [key, value]),
      [
        ['src', '10.0.0.1'],
        ['msg', 'Detected a threat. No action needed.'],
        ['request', 'http://x/?a=b c:\\tmp'],
        ['cs1Label', 'Rule Name'],
        ['n', 'line\nnext'],
      ],
    );
  });

  it('an = inside a word is not a key (only after a space or at the start), empty values are kept', () => {
    assert.deepEqual(
      cefExtension('request=http://h/p?x=1&y=2 a= b=3').map(({ key, value }) => [key, value]),
      [
        ['request', 'http://h/p?x=1&y=2'],
        ['a', ''],
        ['b', '3'],
      ],
    );
  });

  it('reads back what a sender escaped (property)', () => {
    const key = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,11}$/);
    const value = fc.string({ maxLength: 30 }).map((text) => text.replace(/[\r\n]/g, '').trim());
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(key, value), { selector: ([k]) => k, minLength: 1, maxLength: 8 }), (list) => {
        const text = list.map(([k, v]) => `${k}=${v.replaceAll('\\', '\\\\').replaceAll('=', '\\=')}`).join(' ');
        assert.deepEqual(
          cefExtension(text).map(({ key: k, value: v }) => [k, v]),
          list,
        );
      }),
    );
  });
});

describe('logfmt round trip (property)', () => {
  it('reads back pairs written with quotes and escapes', () => {
    const key = fc.stringMatching(/^[a-z_][a-z0-9_.]{0,11}$/);
    const value = fc.string({ maxLength: 30 });
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 8 }), (list) => {
        const text = list.map(([k, v]) => `${k}="${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n').replaceAll('\t', '\\t').replaceAll('\r', '\\r')}"`).join(' ');
        assert.deepEqual(pairs(text, { strict: true, escapes: true }), list);
      }),
    );
  });
});

// Hostile input (R-COLLECT-2: a sender must not be able to stall ingest): every reader must stay
// linear. A quadratic scan of 256 KiB takes tens of seconds; a linear one a few milliseconds, so
// the one-second budget below is a complexity guard with a margin of about a hundred, not a benchmark.
const SIZE = 256 * 1024;
const HOSTILE: readonly string[] = [
  '='.repeat(SIZE),
  'a='.repeat(SIZE / 2),
  `${'a '.repeat(SIZE / 2)}=`,
  '"'.repeat(SIZE),
  'a="'.repeat(SIZE / 3),
  'a="\\'.repeat(SIZE / 4),
  '\\'.repeat(SIZE),
  '\\='.repeat(SIZE / 2),
  ` =${'x'.repeat(SIZE)}`,
  `${'k'.repeat(SIZE)}=v`,
  "a='".repeat(SIZE / 3),
  `${'\\'.repeat(SIZE / 2)}${'='.repeat(SIZE / 2)}`,
];

describe('hostile input', () => {
  it('every reader finishes 256 KiB of hostile text well within budget, in every mode', () => {
    const modes: KeyValueOptions[] = [{}, { strict: true, escapes: true }, { singleQuotes: true }, { separator: '\t', doubleQuotes: false }, { separator: '=' }];
    for (const text of HOSTILE) {
      const started = performance.now();
      for (const mode of modes) readKeyValues(text, mode);
      cefExtension(text);
      const elapsed = performance.now() - started;
      assert.ok(elapsed < 1000, `${JSON.stringify(text.slice(0, 12))}… took ${elapsed.toFixed(0)} ms`);
    }
  });

  it('64 KiB of = gives no pairs and does not throw', () => {
    const text = '='.repeat(64 * 1024);
    assert.deepEqual(readKeyValues(text), []);
    assert.equal(readKeyValues(text, { strict: true }), undefined);
    assert.deepEqual(cefExtension(text), []);
  });

  it('never throws on any text, in any mode (property)', () => {
    const alphabet = fc.constantFrom('a', 'b', '=', '"', "'", '\\', ' ', '\t', '^', '|', '\x1d', 'é', '1');
    const text = fc.array(alphabet, { maxLength: 200 }).map((chars) => chars.join(''));
    const options = fc.record({ separator: fc.constantFrom(' ', '\t', '^'), doubleQuotes: fc.boolean(), singleQuotes: fc.boolean(), escapes: fc.boolean(), strict: fc.boolean() });
    fc.assert(
      fc.property(text, options, (input, mode) => {
        const read = readKeyValues(input, mode);
        if (read !== undefined) for (const pair of read) assert.ok(pair.key.length > 0 && !pair.key.includes(mode.separator));
        cefExtension(input);
      }),
      { numRuns: 2000 },
    );
  });
});

// The content-detected parsers built on these readers: their detect and parse never throw and stay
// linear on hostile text (a parser that throws flags the event, but none should).
describe('the auditd, CEF, LEEF, logfmt and JSON-body parsers on any text', async () => {
  const { AUDITD_PARSERS } = await import('./auditd.ts');
  const { CEF_PARSERS } = await import('./cef.ts');
  const { LEEF_PARSERS } = await import('./leef.ts');
  const { LOGFMT_PARSERS } = await import('./logfmt.ts');
  const { JSON_BODY_PARSERS } = await import('./json-body.ts');
  const parsers = [...AUDITD_PARSERS, ...CEF_PARSERS, ...LEEF_PARSERS, ...LOGFMT_PARSERS, ...JSON_BODY_PARSERS];
  const run = (message: string, program = '') => {
    for (const parser of parsers) {
      const input = { message, program, event: { message } };
      parser.detect?.(input);
      parser.parse(input);
    }
  };
  const prefixes = [
    '',
    'type=USER_AUTH msg=audit(1.2:3): ',
    'audit: type=1300 audit(1.2:3): ',
    'CEF:0|',
    'CEF:0|a|b|c|d|e|5|',
    'Mar  7 10:00:00 h CEF:0|a|b|c|d|e|5|',
    'LEEF:2.0|a|b|c|d|^|',
    'LEEF:1.0|a|b|c|d|',
    'level=info ',
    '{"user":',
  ];

  it('never throw (property)', () => {
    const alphabet = fc.constantFrom('a', 'K', '=', '"', "'", '\\', ' ', '\t', '^', '|', '\x1d', '{', '}', ':', '[', ']', '0', 'é');
    const body = fc.array(alphabet, { maxLength: 200 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), body, fc.constantFrom('', 'kernel', 'audit', 'audispd'), (prefix, text, program) => run(prefix + text, program)),
      { numRuns: 3000 },
    );
  });

  it('stay within budget on 256 KiB of hostile text behind each format’s prefix', () => {
    for (const prefix of prefixes) {
      for (const text of HOSTILE) {
        const started = performance.now();
        run(prefix + text, 'audit');
        const elapsed = performance.now() - started;
        assert.ok(elapsed < 1000, `${JSON.stringify((prefix + text).slice(0, 30))}… took ${elapsed.toFixed(0)} ms`);
      }
    }
  });
});
