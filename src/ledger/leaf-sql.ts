// The ledger leaf of a stored record, computed inside the engine: a SQL expression that builds the
// record's RFC 8785 canonical JSON from the event columns and hashes it with SHA-256(0x00 ‖ bytes).
// A query that uses it starts with LEAF_SQL_WITH. The ledger and `logwarden verify` use it to
// compute every leaf at engine speed (records never cross into JavaScript); leaf.ts computes the
// same bytes in JavaScript, and leaf.test.ts holds the two equal on fuzzed records against the
// real engine. Pure: this only builds SQL text from the registry.
//
// Speed matters here: `verify` spends most of its time in this expression, and the ledger runs it
// once a second beside ingest. The figures quoted are single-thread costs per million records of
// the bench's syslog events, measured on the 2-core dev machine.
import { FIELDS, type FieldDef } from '../schema/fields.ts';

/**
 * How a string becomes a JSON string literal. ECMAScript's JSON.stringify (which RFC 8785 uses)
 * escapes only '"', '\\' and the control characters. Most strings hold none of them, and for those
 * the literal is the string between quotes: `translate` maps all 34 characters to '"' so that one
 * vectorised search tells (event.original: 375 ms with toJSONString, 134 ms checked this way).
 *
 * The rest go through ClickHouse's toJSONString, which differs from JSON.stringify in three ways:
 * it escapes '/' as '\/', writes \u00XX escapes with upper-case hex, and escapes U+2028 and U+2029.
 * Undoing '\/' is exact (in its output only the last backslash of a run can stand right before a
 * '/'); the other two show as a '\u' in the record, and such a record (rare) is built again with
 * the exact, slow escaping. A setting could stop the '/' escaping, but the expression must not
 * depend on the settings of whoever runs it.
 */
type Escaping = (expression: string) => string;

const CONTROL = Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code));
const TO_ESCAPE = ['"', '\\', ...CONTROL];

/** toJSONString with its '/' escapes undone; on a LowCardinality column it runs on the dictionary. */
const toJsonString: Escaping = (expression) => `replaceAll(toJSONString(${expression}), '\\\\/', '/')`;

/** A member's key and value: the plain quoted string when nothing needs escaping, else toJSONString. */
function checkedMember(key: string, expression: string): string {
  const needsEscape = `position(translate(${expression}, '${sqlEscape(TO_ESCAPE.slice(1).join(''))}', '${'"'.repeat(TO_ESCAPE.length - 1)}'), '"') > 0`;
  return `if(${needsEscape}, concat('${key}', ${toJsonString(expression)}), concat('${key}"', ${expression}, '"'))`;
}

// The escaping of JSON.stringify done by hand, one character at a time: '"', '\\' and the control
// characters get their escapes (lower-case hex, as ECMAScript writes them); everything else,
// multi-byte characters included, passes through unchanged.
const specialList = `[${TO_ESCAPE.map((c) => `'${sqlEscape(c)}'`).join(', ')}]`;
const escapeList = `[${TO_ESCAPE.map((c) => `'${sqlEscape(JSON.stringify(c).slice(1, -1))}'`).join(', ')}]`;

/**
 * The two lists, named once per query: a query that computes leaves starts with LEAF_SQL_WITH.
 * Written out in every field's expression they made the engine's analysis of the query (on every
 * hashing round) several times slower.
 */
export const LEAF_SQL_WITH = `WITH ${specialList} AS lw_json_special, ${escapeList} AS lw_json_escape`;

const exactJsonString: Escaping = (expression) => {
  return `concat('"', arrayStringConcat(arrayMap(c -> transform(c, lw_json_special, lw_json_escape, c), splitByRegexp('', ${expression}))), '"')`;
};

function sqlEscape(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}

/** How one record's text is built: the fast path, or the exact one for records with a '\u'. */
type Build = 'fast' | 'exact';

/** A field that every record has, so its member needs no test for absence. */
function alwaysPresent(field: FieldDef): boolean {
  return field.kind === 'time' || (field.kind === 'int' && !field.type.startsWith('Nullable'));
}

/**
 * The arguments `"name":value` adds to the record's one concat, preceded by `,` unless it is the
 * first member, or '' when the value is absent (absent fields are omitted). Members of fields
 * every record has are spliced into the record's concat rather than built as columns of their own.
 */
function memberArguments(field: FieldDef, build: Build, first: boolean): string[] {
  const column = `\`${field.column}\``;
  const key = sqlEscape(`${first ? '' : ','}${JSON.stringify(field.name)}:`);
  const jsonString = build === 'exact' ? exactJsonString : toJsonString;
  switch (field.kind) {
    case 'time':
      // DateTime64(3, 'UTC') as text is `2026-11-24 12:00:00.007`: the ISO form with a space.
      return [`'${key}"'`, `replaceOne(toString(${column}), ' ', 'T')`, `'Z"'`];
    case 'int':
      // ifNull keeps the whole expression non-Nullable (a Nullable result would change its RowBinary form).
      return alwaysPresent(field) ? [`'${key}'`, `toString(${column})`] : [`ifNull(concat('${key}', toString(${column})), '')`];
    case 'bool':
      return [`if(${column}, '${key}true', '')`];
    case 'map':
      return [`if(empty(${column}), '', concat('${key}{', arrayStringConcat(arrayMap(k -> concat(${jsonString('k')}, ':', ${jsonString(`${column}[k]`)}), arraySort(mapKeys(${column}))), ','), '}'))`];
    default:
      if (build === 'exact') return [`if(${column} = '', '', concat('${key}', ${exactJsonString(column)}))`];
      // On a LowCardinality column toJSONString runs once per distinct value: cheaper than checking
      // every row. (Building the whole member on the dictionary, with no row-wise `if`, measured
      // faster alone but made verify about 5% slower.)
      if (field.type.startsWith('LowCardinality')) return [`if(${column} = '', '', concat('${key}', ${toJsonString(column)}))`];
      return [`if(${column} = '', '', ${checkedMember(key, column)})`];
  }
}

/** ECMAScript orders object keys for RFC 8785 by UTF-16 code units; field names are ASCII. */
const CANONICAL_ORDER = [...FIELDS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const FIRST = CANONICAL_ORDER[0] as FieldDef;
// The record is one concat that opens with the first member: that member must always be there.
if (!alwaysPresent(FIRST)) throw new Error(`leaf-sql: the first field in canonical order (${FIRST.name}) must be present in every record`);

/** 0x00 followed by the record's canonical JSON, as one concat. */
function leafInput(build: Build): string {
  const members = CANONICAL_ORDER.flatMap((field) => memberArguments(field, build, field === FIRST));
  return `concat(char(0), '{', ${members.join(', ')}, '}')`;
}

const FAST_LEAF_INPUT = leafInput('fast');

/** SQL expression: 0x00 followed by the record's canonical JSON text. */
const LEAF_INPUT_SQL = `if(position(${FAST_LEAF_INPUT}, '\\\\u') > 0, ${leafInput('exact')}, ${FAST_LEAF_INPUT})`;

/** SQL expression: the record's canonical JSON text. */
export const CANONICAL_RECORD_SQL = `substring(${LEAF_INPUT_SQL}, 2)`;

/** SQL expression: the record's leaf hash, SHA-256(0x00 ‖ canonical JSON), as FixedString(32). */
export const LEAF_HASH_SQL = `SHA256(${LEAF_INPUT_SQL})`;
