// The Sigma compiler case by case (issue 12, "Specification semantics case by case"; R-ANALYSE-1):
// each modifier, wildcards and escapes, case, null and exists, keyword lists, and the reasons a
// rule cannot run. Each case compiles a `detection` section and runs the predicate through the
// stream matcher on events; two-paths.test.ts holds the SQL path to the same answers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldSel } from '../../query/predicate.ts';
import { predicateMatcher } from '../../query/match.ts';
import { toSql } from '../../query/sql-backend.ts';
import type { LogEvent } from '../../schema/event.ts';
import { fieldByName } from '../../schema/fields.ts';
import { compileDetection, SigmaRuleError, type CompileContext } from './detection.ts';

/** ECS names resolve to themselves (`labels.KEY` to the map's key); `CommandLine` stands for a mapped Sigma name. */
function resolveField(name: string): FieldSel | undefined {
  if (name === 'CommandLine') return { def: fieldByName('process.command_line')!, name };
  if (name.startsWith('labels.')) return { def: fieldByName('labels')!, name, key: name.slice('labels.'.length) };
  const def = fieldByName(name);
  return def && def.kind !== 'map' ? { def, name } : undefined;
}

const CONTEXT: CompileContext = { resolveField, placeholders: { Administrators: ['root', 'adm*'], empty: [] } };

const compile = (detection: Record<string, unknown>) => compileDetection(detection, CONTEXT);

/** Which of the events the detection matches (by index). */
function matching(detection: Record<string, unknown>, events: readonly Record<string, unknown>[]): number[] {
  const matcher = predicateMatcher(compile(detection).predicate);
  return events.flatMap((event, i) => (matcher(event as LogEvent) ? [i] : []));
}

/** One selection `sel` with one item, over events that differ in one field. */
function select(key: string, value: unknown, field: string, values: readonly unknown[]): number[] {
  return matching(
    { sel: { [key]: value }, condition: 'sel' },
    values.map((v) => (v === undefined ? {} : { [field]: v })),
  );
}

const refuses = (detection: Record<string, unknown>, reason: RegExp): void => {
  assert.throws(
    () => compile(detection),
    (error: unknown) => error instanceof SigmaRuleError && reason.test(error.message),
    String(reason),
  );
};

describe('Sigma values: equality, wildcards, escapes and case (R-ANALYSE-1)', () => {
  const names = ['alice', 'ALICE', 'malice', 'alice2', 'al*ce', 'al?ce', 'al\\ce', 'al\\\\ce', 'alxce', '', undefined];

  it('a plain value equals the whole value, case-insensitively', () => {
    assert.deepEqual(select('user.name', 'Alice', 'user.name', names), [0, 1]);
  });

  it('`*` is any run of characters and `?` exactly one', () => {
    assert.deepEqual(select('user.name', 'al*e', 'user.name', names), [0, 1, 4, 5, 6, 7, 8]);
    assert.deepEqual(select('user.name', '*lice*', 'user.name', names), [0, 1, 2, 3]);
    assert.deepEqual(select('user.name', 'al?ce', 'user.name', names), [0, 1, 4, 5, 6, 8]);
  });

  it('`\\*` and `\\?` are the plain characters; `\\\\` is one backslash; a backslash before anything else is itself', () => {
    assert.deepEqual(select('user.name', 'al\\*ce', 'user.name', names), [4]);
    assert.deepEqual(select('user.name', 'al\\?ce', 'user.name', names), [5]);
    assert.deepEqual(select('user.name', 'al\\\\ce', 'user.name', names), [6]);
    assert.deepEqual(select('user.name', 'al\\ce', 'user.name', names), [6]);
    assert.deepEqual(select('user.name', 'al\\\\\\\\ce', 'user.name', names), [7]);
    // `\\*`: a backslash, then a wildcard.
    assert.deepEqual(select('user.name', 'al\\\\*', 'user.name', names), [6, 7]);
  });

  it('`cased` matches case-sensitively', () => {
    assert.deepEqual(select('user.name|cased', 'ALICE', 'user.name', names), [1]);
    assert.deepEqual(select('user.name|contains|cased', 'lic', 'user.name', names), [0, 2, 3]);
  });

  it('the empty string and null both mean no value (the store keeps no difference); `*` means a value', () => {
    assert.deepEqual(select('user.name', '', 'user.name', names), [9, 10]);
    assert.deepEqual(select('user.name', null, 'user.name', names), [9, 10]);
    assert.deepEqual(select('user.name', '*', 'user.name', names), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('a list of values is OR; with `all`, AND', () => {
    assert.deepEqual(select('user.name', ['alice', 'malice'], 'user.name', names), [0, 1, 2]);
    assert.deepEqual(select('user.name|contains|all', ['ali', 'ce2'], 'user.name', names), [3]);
  });

  it('numbers and booleans on string fields are their text; integers on int fields compare as numbers', () => {
    assert.deepEqual(select('labels.port', 22, 'labels', [{ port: '22' }, { port: '220' }]), [0]);
    assert.deepEqual(select('source.port', 22, 'source.port', [22, 220, undefined]), [0]);
    assert.deepEqual(select('source.port', '22', 'source.port', [22, 220, undefined]), [0]);
    assert.deepEqual(select('logwarden.truncated', true, 'logwarden.truncated', [true, false, undefined]), [0]);
  });

  it('array fields match when any element does', () => {
    assert.deepEqual(select('event.category', 'Network', 'event.category', [['authentication', 'network'], ['process'], []]), [0]);
  });

  it('the message field is matched on its raw text, not by tokens', () => {
    const messages = ['Failed password for root', 'failedpassword', 'xfailed'];
    assert.deepEqual(select('message|contains', 'failed', 'message', messages), [0, 1, 2]);
    assert.deepEqual(select('message', 'failed*', 'message', messages), [0, 1]);
  });
});

describe('Sigma string modifiers (R-ANALYSE-1)', () => {
  const commands = ['powershell -enc AAA', 'POWERSHELL /enc', 'cmd.exe /c whoami', 'x-enc', ''];

  it('contains: the value anywhere', () => {
    assert.deepEqual(select('CommandLine|contains', 'ENC', 'process.command_line', commands), [0, 1, 3]);
    assert.deepEqual(select('CommandLine|contains', 'shell*/', 'process.command_line', commands), [1]);
  });

  it('startswith: the value at the start', () => {
    assert.deepEqual(select('CommandLine|startswith', 'powershell', 'process.command_line', commands), [0, 1]);
    assert.deepEqual(select('CommandLine|startswith', 'p*l -e', 'process.command_line', commands), [0]);
  });

  it('endswith: the value at the end', () => {
    assert.deepEqual(select('CommandLine|endswith', 'WHOAMI', 'process.command_line', commands), [2]);
    assert.deepEqual(select('CommandLine|endswith', '?ENC', 'process.command_line', commands), [1, 3]);
  });

  it('windash: each dash is any of - / – — ―', () => {
    const dashes = ['a -e', 'a /e', 'a \u2013e', 'a \u2014e', 'a \u2015e', 'a +e', 'a e'];
    assert.deepEqual(select('CommandLine|windash|contains', ' -e', 'process.command_line', dashes), [0, 1, 2, 3, 4]);
    assert.deepEqual(select('CommandLine|windash|contains', ' /e', 'process.command_line', dashes), [0, 1, 2, 3, 4]);
    refuses({ sel: { 'CommandLine|windash': 'a-b-c-d-e-f' }, condition: 'sel' }, /windash on a value with 5 dashes/);
  });

  it('base64: the value encoded (UTF-8), matched case-sensitively', () => {
    const encoded = Buffer.from('whoami /all').toString('base64');
    const values = [`x ${encoded} y`, `x ${encoded.toLowerCase()} y`, 'whoami /all'];
    assert.deepEqual(select('CommandLine|base64|contains', 'whoami /all', 'process.command_line', values), [0]);
  });

  it('base64offset: found at each of the three byte offsets inside a longer encoded text', () => {
    const inside = ['', 'a', 'ab'].map((prefix) => Buffer.from(`${prefix}http://evil.example/${prefix}`).toString('base64'));
    const other = Buffer.from('https://benign').toString('base64');
    assert.deepEqual(select('CommandLine|base64offset|contains', 'http://', 'process.command_line', [...inside, other]), [0, 1, 2]);
    const { searches } = compile({ sel: { 'CommandLine|base64offset|contains': 'http' }, condition: 'sel' });
    const values = JSON.stringify(searches['sel']).match(/"value":"[^"]+"/g);
    assert.deepEqual(values, ['"value":"aHR0c"', '"value":"h0dH"', '"value":"odHRw"']);
  });

  const utf16Values = [
    Buffer.from('cmd', 'utf16le').toString('base64'),
    Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64'),
    Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64'),
  ];

  it('utf16le and its alias wide: little-endian UTF-16 before base64', () => {
    assert.deepEqual(select('CommandLine|utf16le|base64', 'cmd', 'process.command_line', utf16Values), [0]);
    assert.deepEqual(select('CommandLine|wide|base64', 'cmd', 'process.command_line', utf16Values), [0]);
    const inside = Buffer.from('x /c cmd.exe', 'utf16le').toString('base64');
    assert.deepEqual(select('CommandLine|wide|base64offset|contains', 'cmd', 'process.command_line', [inside, utf16Values[1]]), [0]);
  });

  it('utf16be: big-endian UTF-16 before base64', () => {
    assert.deepEqual(select('CommandLine|utf16be|base64', 'cmd', 'process.command_line', utf16Values), [1]);
  });

  it('utf16: the byte order mark FF FE, then little-endian, before base64', () => {
    assert.deepEqual(select('CommandLine|utf16|base64', 'cmd', 'process.command_line', utf16Values), [2]);
  });

  it('the encodings apply only before base64 or base64offset, and to values without wildcards', () => {
    refuses({ sel: { 'CommandLine|wide|contains': 'cmd' }, condition: 'sel' }, /utf16le applies only before base64 or base64offset/);
    refuses({ sel: { 'CommandLine|base64|utf16': 'cmd' }, condition: 'sel' }, /utf16 applies only before base64 or base64offset/);
    refuses({ sel: { 'CommandLine|base64': 'cm*' }, condition: 'sel' }, /base64 cannot apply to a value with wildcards/);
    refuses({ sel: { 'CommandLine|base64|base64offset': 'cmd' }, condition: 'sel' }, /base64 and base64offset cannot be combined/);
  });

  it('expand: %name% becomes each of the placeholder values; \\% is a plain percent; an unknown one is a reason', () => {
    const users = ['root', 'admin', 'alice', '%Administrators%', '100%Administrators%'];
    assert.deepEqual(select('user.name|expand', '%Administrators%', 'user.name', users), [0, 1]);
    assert.deepEqual(select('user.name', '%Administrators%', 'user.name', users), [3]);
    assert.deepEqual(select('user.name|expand', '100\\%Administrators%', 'user.name', users), [4]);
    refuses({ sel: { 'user.name|expand': '%Servers%' }, condition: 'sel' }, /^undefined placeholder %Servers% \(in sel\)$/);
    refuses({ sel: { 'user.name|expand': '%empty%' }, condition: 'sel' }, /placeholder %empty% has no values/);
  });

  it('neq: the field holds none of the values', () => {
    assert.deepEqual(select('user.name|neq', ['alice', 'bob'], 'user.name', ['alice', 'BOB', 'carol', undefined]), [2, 3]);
  });
});

describe('Sigma regular expressions: re and its flags i, m, s (R-ANALYSE-1)', () => {
  const lines = ['Failed password', 'failed password', 'ok\nfailed', 'a\nb'];

  it('re is case-sensitive and unanchored; i makes it case-insensitive', () => {
    assert.deepEqual(select('message|re', 'ailed p', 'message', lines), [0, 1]);
    assert.deepEqual(select('message|re', '^Failed', 'message', lines), [0]);
    assert.deepEqual(select('message|re|i', '^failed', 'message', lines), [0, 1]);
  });

  it('m: ^ and $ at every line; s: the dot matches a newline', () => {
    assert.deepEqual(select('message|re', '^failed', 'message', lines), [1]);
    assert.deepEqual(select('message|re|m', '^failed$', 'message', lines), [2]);
    assert.deepEqual(select('message|re|m', '(?:^|x)b|zz', 'message', lines), [3]);
    assert.deepEqual(select('message|re', 'a.b', 'message', lines), []);
    assert.deepEqual(select('message|re|s', 'a.b', 'message', lines), [3]);
    assert.deepEqual(select('message|re|s', 'a[.]b', 'message', lines), []);
  });

  it('leading inline flags are the sub-modifiers; \\w under i is the ASCII word class', () => {
    assert.deepEqual(select('message|re', '(?i)^FAILED', 'message', lines), [0, 1]);
    assert.deepEqual(select('message|re', '(?m)^failed$', 'message', lines), [2]);
    assert.deepEqual(select('message|re|i', '^\\w+ PASS', 'message', lines), [0, 1]);
    assert.deepEqual(select('message|re|i', '^[\\w]+\\W', 'message', lines), [0, 1, 2, 3]);
    refuses({ sel: { 'message|re|i': '[\\W]' }, condition: 'sel' }, /\\W inside a class/);
  });

  it('refuses what the backends cannot agree on, and flags outside re', () => {
    refuses({ sel: { 'message|re': 'x(?i)failed' }, condition: 'sel' }, /regex "x\(\?i\)failed" on message: .*not in the supported regular expression subset/);
    refuses({ sel: { 'message|re': '(a)\\1' }, condition: 'sel' }, /not in the supported/);
    refuses({ sel: { 'message|re|m': 'a^b' }, condition: 'sel' }, /with the m flag, \^ is supported only/);
    refuses({ sel: { 'message|re|m': '(^a)+' }, condition: 'sel' }, /repeated group/);
    refuses({ sel: { 'message|i': 'a' }, condition: 'sel' }, /modifier i applies only after re/);
    refuses({ sel: { 'source.port|re': '22' }, condition: 'sel' }, /re on a non-string field source.port/);
  });
});

describe('Sigma cidr, exists, fieldref and numeric modifiers (R-ANALYSE-1)', () => {
  it('cidr: IPv4 and IPv6 ranges; a non-address never matches', () => {
    const ips = ['10.1.2.3', '11.0.0.1', '2001:db8::1', 'garbage', ''];
    assert.deepEqual(select('source.ip|cidr', '10.0.0.0/8', 'source.ip', ips), [0]);
    assert.deepEqual(select('source.ip|cidr', ['2001:db8::/32', '11.0.0.0/24'], 'source.ip', ips), [1, 2]);
    assert.deepEqual(select('source.ip|cidr', '10.1.2.3', 'source.ip', ips), [0]);
    refuses({ sel: { 'source.ip|cidr': '10.0.0.300/8' }, condition: 'sel' }, /is not a CIDR range/);
  });

  it('exists: true when the field holds a value, false when it does not', () => {
    const events = [{ 'user.name': 'a' }, { 'user.name': '' }, {}, { 'source.port': 0 }];
    assert.deepEqual(matching({ sel: { 'user.name|exists': true }, condition: 'sel' }, events), [0]);
    assert.deepEqual(matching({ sel: { 'user.name|exists': false }, condition: 'sel' }, events), [1, 2, 3]);
    assert.deepEqual(matching({ sel: { 'source.port|exists': true }, condition: 'sel' }, events), [3]);
    refuses({ sel: { 'user.name|exists': 'maybe' }, condition: 'sel' }, /takes true or false/);
  });

  it('fieldref: one field equals another of the same event, case-insensitively unless cased', () => {
    const events = [
      { 'user.name': 'root', 'user.target.name': 'root' },
      { 'user.name': 'Root', 'user.target.name': 'root' },
      { 'user.name': 'root', 'user.target.name': 'alice' },
      { 'source.port': 22, 'destination.port': 22 },
      {},
    ];
    assert.deepEqual(matching({ sel: { 'user.name|fieldref': 'user.target.name' }, condition: 'sel' }, events), [0, 1, 3, 4]);
    assert.deepEqual(matching({ sel: { 'user.name|fieldref|cased': 'user.target.name' }, condition: 'sel' }, events), [0, 3, 4]);
    assert.deepEqual(matching({ sel: { 'source.port|fieldref': 'destination.port' }, condition: 'sel' }, events), [3]);
    assert.deepEqual(matching({ sel: { 'user.name|fieldref|neq': 'user.target.name' }, condition: 'sel' }, events), [2]);
    refuses({ sel: { 'user.name|fieldref': 'source.port' }, condition: 'sel' }, /only two string or two int fields compare/);
    refuses({ sel: { 'user.name|fieldref': 'Nope' }, condition: 'sel' }, /^unmapped field Nope \(in sel\)$/);
    const { sql } = toSql(compile({ sel: { 'user.name|fieldref': 'user.target.name' }, condition: 'sel' }).predicate);
    assert.match(sql, /`user_name`.*regexpQuoteMeta\(`user_target_name`\)/);
  });

  const ports = [21, 22, 23, undefined];
  it('gt: greater than', () => assert.deepEqual(select('source.port|gt', 22, 'source.port', ports), [2]));
  it('gte: greater than or equal', () => assert.deepEqual(select('source.port|gte', 22, 'source.port', ports), [1, 2]));
  it('lt: less than (an absent port is not less than anything)', () => assert.deepEqual(select('source.port|lt', '22', 'source.port', ports), [0]));
  it('lte: less than or equal', () => assert.deepEqual(select('source.port|lte', 22, 'source.port', ports), [0, 1]));

  it('comparisons on a non-numeric field, with a non-integer, or string modifiers on an int field are reasons', () => {
    refuses({ sel: { 'user.name|gt': 5 }, condition: 'sel' }, /gt on a non-numeric field user.name/);
    refuses({ sel: { 'source.port|gt': 2.5 }, condition: 'sel' }, /needs an integer/);
    refuses({ sel: { 'source.port': 'ssh' }, condition: 'sel' }, /needs an integer, found "ssh"/);
    refuses({ sel: { 'source.port|contains': 2 }, condition: 'sel' }, /modifier contains on an int field/);
  });
});

describe('Sigma search identifiers and the reasons a rule cannot run (R-ANALYSE-1)', () => {
  it('a map is AND of its items, a list of maps OR, a list of plain values keywords in message', () => {
    const events = [
      { 'user.name': 'root', 'source.ip': '10.0.0.1', message: 'Accepted' },
      { 'user.name': 'root', message: 'Failed Password' },
      { 'user.name': 'bob', message: 'x' },
    ];
    assert.deepEqual(matching({ sel: { 'user.name': 'root', 'source.ip': '10.0.0.1' }, condition: 'sel' }, events), [0]);
    assert.deepEqual(matching({ sel: [{ 'source.ip': '10.0.0.1' }, { 'user.name': 'bob' }], condition: 'sel' }, events), [0, 2]);
    assert.deepEqual(matching({ keywords: ['failed pass', 'ACCEPT'], condition: 'keywords' }, events), [0, 1]);
    assert.deepEqual(matching({ keywords: { '|all': ['failed', 'word'] }, condition: 'keywords' }, events), [1]);
    assert.deepEqual(matching({ keywords: 'accepted', condition: 'keywords' }, events), [0]);
  });

  it('the condition may be a list: any of its conditions (Sigma v2)', () => {
    const events = [{ 'user.name': 'a' }, { 'user.name': 'b' }, { 'user.name': 'c' }];
    assert.deepEqual(matching({ a: { 'user.name': 'a' }, b: { 'user.name': 'b' }, condition: ['a', 'b'] }, events), [0, 1]);
  });

  it('fields lists the ECS fields read, in order of first use; searches are kept per identifier', () => {
    const compiled = compile({
      sel: { CommandLine: 'x', 'labels.env': 'prod' },
      filter: { 'user.name|fieldref': 'user.target.name', CommandLine: 'y' },
      keywords: ['boom'],
      condition: 'sel and not filter',
    });
    assert.deepEqual(compiled.fields, ['process.command_line', 'labels.env', 'user.name', 'user.target.name', 'message']);
    assert.deepEqual(Object.keys(compiled.searches), ['sel', 'filter', 'keywords']);
    assert.deepEqual(compiled.condition, {
      op: 'and',
      children: [
        { op: 'search', name: 'sel' },
        { op: 'not', child: { op: 'search', name: 'filter' } },
      ],
    });
  });

  it('names the reason: unmapped field, unknown modifier, unsupported time modifier, bad shapes, missing condition', () => {
    refuses({ sel: { Image: 'x' }, condition: 'sel' }, /^unmapped field Image \(in sel\)$/);
    refuses({ sel: { 'user.name|sortof': 'x' }, condition: 'sel' }, /^unknown modifier sortof \(in sel\)$/);
    refuses({ sel: { 'user.name|hour': 3 }, condition: 'sel' }, /unsupported modifier hour/);
    refuses({ sel: { 'user.name|contains|startswith': 'x' }, condition: 'sel' }, /contains and startswith cannot be combined/);
    refuses({ sel: { 'user.name|re|cidr': 'x' }, condition: 'sel' }, /re and cidr cannot be combined/);
    refuses({ sel: { 'user.name|contains|contains': 'x' }, condition: 'sel' }, /modifier contains repeated/);
    refuses({ sel: { 'user.name': [] }, condition: 'sel' }, /empty list of values/);
    refuses({ sel: { 'user.name': { a: 1 } }, condition: 'sel' }, /neither a string, a number nor a boolean/);
    refuses({ sel: {}, condition: 'sel' }, /empty map/);
    refuses({ sel: { 'user.name': 'x' } }, /detection has no condition/);
    refuses({ sel: { '@timestamp': '2026' }, condition: 'sel' }, /@timestamp is a time field/);
    const whole: CompileContext = { ...CONTEXT, resolveField: (name) => (name === 'Labels' ? { def: fieldByName('labels')!, name } : resolveField(name)) };
    assert.throws(() => compileDetection({ sel: { Labels: 'x' }, condition: 'sel' }, whole), /Labels is a map field \(labels\): a rule reads one of its keys/);
    assert.throws(() => compileDetection(['x'], CONTEXT), SigmaRuleError);
  });
});
