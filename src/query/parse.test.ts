import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LogwardenError } from '../errors/codes.ts';
import type { MatchValue, QueryNode, TermPart } from './ast.ts';
import { QUERY_LIMITS } from './errors.ts';
import { parseQuery } from './parse.ts';

// Compact renderings keep the expected trees readable: a free-text word `w` is 'w', a phrase is
// '"p"', field clauses are 'field:…', and operators are arrays headed by their name.
type Shape = string | Shape[];

function partsText(parts: readonly TermPart[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.text : p.kind === 'anyRun' ? '<*>' : '<?>')).join('');
}

function valueShape(value: MatchValue): string {
  switch (value.kind) {
    case 'term':
      return partsText(value.parts);
    case 'phrase':
      return JSON.stringify(value.text);
    case 'exists':
      return '<exists>';
    case 'compare':
      return `${value.op}${value.bound.text}`;
    case 'range':
      return `${value.includeLower ? '[' : '{'}${value.lower?.text ?? '*'} TO ${value.upper?.text ?? '*'}${value.includeUpper ? ']' : '}'}`;
  }
}

function shape(node: QueryNode): Shape {
  switch (node.type) {
    case 'all':
      return '<all>';
    case 'and':
    case 'or':
      return [node.type, ...node.children.map(shape)];
    case 'not':
      return ['not', shape(node.child)];
    case 'match':
      return node.field ? `${node.field.name}:${valueShape(node.value)}` : valueShape(node.value);
    default:
      return `<${node.type}>`; // the parser produces no Sigma-only nodes
  }
}

function parsesTo(query: string, expected: Shape): void {
  assert.deepEqual(shape(parseQuery(query)), expected, query);
}

function failsAt(query: string, code: string, position: number, message?: string): LogwardenError {
  try {
    parseQuery(query);
  } catch (error) {
    assert.ok(error instanceof LogwardenError, `${query}: ${String(error)}`);
    assert.equal(error.code, code, `${query}: ${error.message}`);
    assert.equal(error.details.position, position, `${query}: ${error.message}`);
    if (message !== undefined) assert.equal(error.message, message);
    return error;
  }
  assert.fail(`expected ${query} to fail`);
}

describe('parseQuery: structure', () => {
  it('treats empty and blank queries as match-all', () => {
    parsesTo('', '<all>');
    parsesTo('   \t\n', '<all>');
    parsesTo('*', '<all>');
  });

  it('reads free text words and phrases', () => {
    parsesTo('failed', 'failed');
    parsesTo('"failed password"', '"failed password"');
    parsesTo('10.0.0.1', '10.0.0.1');
    parsesTo('alice@example.com', 'alice@example.com');
  });

  it('ANDs adjacent clauses', () => {
    parsesTo('a b c', ['and', 'a', 'b', 'c']);
    parsesTo('a "b c" (d OR e)', ['and', 'a', '"b c"', ['or', 'd', 'e']]);
    parsesTo('a"b"', ['and', 'a', '"b"']);
  });

  it('gives NOT precedence over AND, and AND over OR', () => {
    parsesTo('a OR b AND c', ['or', 'a', ['and', 'b', 'c']]);
    parsesTo('a AND b OR c', ['or', ['and', 'a', 'b'], 'c']);
    parsesTo('NOT a AND b', ['and', ['not', 'a'], 'b']);
    parsesTo('a OR NOT b c', ['or', 'a', ['and', ['not', 'b'], 'c']]);
    parsesTo('a || b && c', ['or', 'a', ['and', 'b', 'c']]);
    parsesTo('(a OR b) AND c', ['and', ['or', 'a', 'b'], 'c']);
  });

  it('accepts every form of NOT', () => {
    parsesTo('NOT a', ['not', 'a']);
    parsesTo('!a', ['not', 'a']);
    parsesTo('! a', ['not', 'a']);
    parsesTo('-a', ['not', 'a']);
    parsesTo('-(a b)', ['not', ['and', 'a', 'b']]);
    parsesTo('-"a b"', ['not', '"a b"']);
    parsesTo('-level:debug', ['not', 'level:debug']);
    parsesTo('a -b', ['and', 'a', ['not', 'b']]);
    parsesTo('NOT NOT a', 'a');
    parsesTo('NOT !-a', ['not', 'a']);
  });

  it('reads a dash that is not glued to a clause as text', () => {
    parsesTo('a - b', ['and', 'a', '-', 'b']);
    parsesTo('--verbose', '--verbose');
    parsesTo('a-b', 'a-b');
    parsesTo('(a -)', ['and', 'a', '-']);
  });

  it('only treats upper-case AND, OR, NOT as operators', () => {
    parsesTo('cats and dogs', ['and', 'cats', 'and', 'dogs']);
    parsesTo('a or b', ['and', 'a', 'or', 'b']);
    parsesTo('ANDROID ORACLE NOTE', ['and', 'ANDROID', 'ORACLE', 'NOTE']);
    parsesTo('\\AND', 'AND');
  });

  it('nests parentheses', () => {
    parsesTo('((a))', 'a');
    parsesTo('(a (b OR (c d)))', ['and', 'a', ['or', 'b', ['and', 'c', 'd']]]);
  });

  it('does not trip over names of inherited object properties', () => {
    parsesTo('constructor __proto__ toString', ['and', 'constructor', '__proto__', 'toString']);
  });
});

describe('parseQuery: fields and values', () => {
  it('reads field:value forms', () => {
    parsesTo('level:error', 'level:error');
    parsesTo('level:"two words"', 'level:"two words"');
    parsesTo('host:web-*', 'host:web-<*>');
    parsesTo('user:ad?in', 'user:ad<?>in');
    parsesTo('level:*', 'level:<exists>');
    parsesTo('level: error', 'level:error');
    parsesTo('labels.team.name:blue', 'labels.team.name:blue');
  });

  it('lets values contain colons (IPv6, times) but not field names', () => {
    parsesTo('source.ip:fe80::1', 'source.ip:fe80::1');
    parsesTo('@timestamp:2026-11-24T12:00:00Z', '@timestamp:2026-11-24T12:00:00Z');
    parsesTo('a\\:b', 'a:b');
    parsesTo('http://example.com', 'http://example.com');
  });

  it('keeps a dash and a bang inside a single value', () => {
    parsesTo('event.severity:-1', 'event.severity:-1');
    parsesTo('x:!y', 'x:!y');
  });

  it('reads comparisons', () => {
    parsesTo('port:>5', 'port:>5');
    parsesTo('port:>=5', 'port:>=5');
    parsesTo('port:<5', 'port:<5');
    parsesTo('port:<= 5', 'port:<=5');
    parsesTo('@timestamp:>now-15m', '@timestamp:>now-15m');
    parsesTo('@timestamp:<"2026-11-24 12:00:00"', '@timestamp:<2026-11-24 12:00:00');
  });

  it('reads inclusive, exclusive, mixed and open ranges', () => {
    parsesTo('port:[1 TO 5]', 'port:[1 TO 5]');
    parsesTo('port:{1 TO 5}', 'port:{1 TO 5}');
    parsesTo('port:[1 TO 5}', 'port:[1 TO 5}');
    parsesTo('port:{1 TO 5]', 'port:{1 TO 5]');
    parsesTo('port:[* TO 5]', 'port:[* TO 5]');
    parsesTo('port:[ 1  TO  * ]', 'port:[1 TO *]');
    parsesTo('@timestamp:[now-7d TO now]', '@timestamp:[now-7d TO now]');
    parsesTo('@timestamp:["2026-11-24 00:00" TO 2026-11-25]', '@timestamp:[2026-11-24 00:00 TO 2026-11-25]');
    const range = parseQuery('port:[1 TO *}');
    assert.ok(range.type === 'match' && range.value.kind === 'range');
    assert.equal(range.value.upper, null);
    assert.equal(range.value.includeUpper, false);
  });

  it('applies a field group to every bare value in it', () => {
    parsesTo('level:(error OR warning)', ['or', 'level:error', 'level:warning']);
    parsesTo('level:(error -"x y")', ['and', 'level:error', ['not', 'level:"x y"']]);
    parsesTo('port:(>5 AND <10)', ['and', 'port:>5', 'port:<10']);
    parsesTo('source.ip:(::1 OR 10.0.0.0/8)', ['or', 'source.ip:::1', 'source.ip:10.0.0.0/8']);
    parsesTo('level:(*)', 'level:<exists>');
    parsesTo('a level:(b) c', ['and', 'a', 'level:b', 'c']);
  });

  it('resolves escapes in words and phrases', () => {
    parsesTo('"say \\"hi\\" \\\\ there"', '"say \\"hi\\" \\\\ there"');
    assert.deepEqual(shape(parseQuery('"a \\"b\\" c\\\\d"')), JSON.stringify('a "b" c\\d'));
    // Other backslashes in phrases stay literal, so pasted Windows paths work.
    assert.deepEqual(shape(parseQuery('"C:\\Users\\bob"')), JSON.stringify('C:\\Users\\bob'));
    parsesTo('fail\\*', 'fail*');
    parsesTo('\\(x\\)', '(x)');
    parsesTo('\\-x', '-x');
    parsesTo('labels.a\\:b:c', 'labels.a:b:c');
    parsesTo('"{p0:String}"', '"{p0:String}"');
  });

  it('records positions of fields and values', () => {
    const node = parseQuery('x  level:error');
    assert.ok(node.type === 'and');
    const clause = node.children[1]!;
    assert.ok(clause.type === 'match');
    assert.deepEqual(clause.field, { name: 'level', position: 3 });
    assert.equal(clause.value.position, 9);
  });
});

describe('parseQuery: errors', () => {
  it('reports an unclosed parenthesis at the end, naming where it opened', () => {
    failsAt('abc (def OR ghi j', 'LW_QUERY_SYNTAX', 17, 'expected ")" to close "(" at 4, found end of query at 17');
    failsAt('(a OR (b)', 'LW_QUERY_SYNTAX', 9, 'expected ")" to close "(" at 0, found end of query at 9');
  });

  it('reports an unclosed quote', () => {
    failsAt('say "hello', 'LW_QUERY_SYNTAX', 10, 'expected a closing quote for the phrase opened at 4, found end of query at 10');
    failsAt('level:"x', 'LW_QUERY_SYNTAX', 8);
    failsAt('"a \\"', 'LW_QUERY_SYNTAX', 5);
  });

  it('reports a dangling or misplaced operator', () => {
    failsAt('a AND', 'LW_QUERY_SYNTAX', 5, 'expected a clause after "AND" at 2, found end of query at 5');
    failsAt('a OR', 'LW_QUERY_SYNTAX', 4);
    failsAt('AND a', 'LW_QUERY_SYNTAX', 0, 'expected a clause, found "AND" at 0');
    failsAt('a OR OR b', 'LW_QUERY_SYNTAX', 5, 'expected a clause after "OR" at 2, found "OR" at 5');
    failsAt('a AND )', 'LW_QUERY_SYNTAX', 6);
    failsAt('NOT', 'LW_QUERY_SYNTAX', 3);
    failsAt('a !', 'LW_QUERY_SYNTAX', 3);
    failsAt('a && || b', 'LW_QUERY_SYNTAX', 5);
  });

  it('reports a field with no value', () => {
    failsAt('level:', 'LW_QUERY_SYNTAX', 6, 'expected a value after "level:" at 0, found end of query at 6');
    failsAt('(level:)', 'LW_QUERY_SYNTAX', 7);
    failsAt('level: AND x', 'LW_QUERY_SYNTAX', 7);
    failsAt('level:()', 'LW_QUERY_SYNTAX', 7);
    failsAt(':x', 'LW_QUERY_SYNTAX', 0);
  });

  it('reports malformed ranges and comparisons', () => {
    failsAt('port:[1 TO]', 'LW_QUERY_SYNTAX', 10, 'expected an upper bound after "TO" at 8, found "]" at 10');
    failsAt('port:[1 TO', 'LW_QUERY_SYNTAX', 10);
    failsAt('port:[1 5]', 'LW_QUERY_SYNTAX', 8, 'expected "TO" in the range opened at 5, found "5]" at 8');
    failsAt('port:[1 TO 5', 'LW_QUERY_SYNTAX', 12, 'expected "]" or "}" to close "[" at 5, found end of query at 12');
    failsAt('port:[TO 5]', 'LW_QUERY_SYNTAX', 6);
    failsAt('port:[]', 'LW_QUERY_SYNTAX', 6);
    failsAt('port:>', 'LW_QUERY_SYNTAX', 6);
    failsAt('port:>*', 'LW_QUERY_SYNTAX', 6);
  });

  it('reports a stray closing parenthesis, an empty group and a trailing backslash', () => {
    failsAt('a)', 'LW_QUERY_SYNTAX', 1, 'unexpected ")" at 1: there is no "(" to close');
    failsAt('()', 'LW_QUERY_SYNTAX', 1);
    failsAt('foo\\', 'LW_QUERY_SYNTAX', 4);
  });

  it('refuses wildcards in field names', () => {
    failsAt('lab*:x', 'LW_QUERY_FIELD', 0);
  });

  it('puts the query in the error details', () => {
    const error = failsAt('(a', 'LW_QUERY_SYNTAX', 2);
    assert.equal(error.details.query, '(a');
    assert.equal(error.status, 400);
  });
});

describe('parseQuery: limits', () => {
  it('refuses queries over 8192 characters', () => {
    assert.doesNotThrow(() => parseQuery('a'.repeat(QUERY_LIMITS.maxLength)));
    const error = failsAt('a'.repeat(QUERY_LIMITS.maxLength + 1), 'LW_QUERY_LIMIT', QUERY_LIMITS.maxLength);
    assert.equal(error.details.query, undefined, 'an over-long query is not echoed');
  });

  it('refuses nesting deeper than 32', () => {
    const nested = (depth: number): string => `${'('.repeat(depth)}a${')'.repeat(depth)}`;
    parsesTo(nested(QUERY_LIMITS.maxDepth), 'a');
    failsAt(nested(QUERY_LIMITS.maxDepth + 1), 'LW_QUERY_LIMIT', QUERY_LIMITS.maxDepth);
    // A field group is a level too.
    failsAt(`${'('.repeat(QUERY_LIMITS.maxDepth)}x:(a)${')'.repeat(QUERY_LIMITS.maxDepth)}`, 'LW_QUERY_LIMIT', 34);
  });

  it('refuses more than 512 clauses', () => {
    const clauses = (n: number): string => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');
    assert.doesNotThrow(() => parseQuery(clauses(QUERY_LIMITS.maxClauses)));
    const query = clauses(QUERY_LIMITS.maxClauses + 1);
    failsAt(query, 'LW_QUERY_LIMIT', query.lastIndexOf(' ') + 1);
  });

  it('handles long operator chains without deep recursion', () => {
    parsesTo(`${'!'.repeat(8000)}a`, 'a');
    parsesTo(`${'NOT '.repeat(2000)}a`, 'a');
  });
});

describe('parseQuery: properties', () => {
  it('either parses or throws a coded error that points inside the query', () => {
    const alphabet = fc.constantFrom(...'ab :*?"\\()[]{}<>=-!&|TOANDRNOT.0123456789'.split(''), ' AND ', ' OR ', 'NOT ');
    const queries = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: alphabet, maxLength: 40 }));
    fc.assert(
      fc.property(queries, (query) => {
        try {
          parseQuery(query);
        } catch (error) {
          assert.ok(error instanceof LogwardenError, String(error));
          assert.ok(['LW_QUERY_SYNTAX', 'LW_QUERY_FIELD', 'LW_QUERY_LIMIT'].includes(error.code));
          const position = error.details.position;
          assert.ok(typeof position === 'number' && position >= 0 && position <= query.length, error.message);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
