// The ledger leaf of a stored record, computed inside the engine: a SQL expression that builds the
// record's RFC 8785 canonical JSON from the event columns and hashes it with SHA-256(0x00 ‖ bytes).
// A query that uses it starts with LEAF_SQL_WITH. The ledger and `logwarden verify` use it to
// compute every leaf at engine speed (records never cross into JavaScript); leaf.ts computes the
// same bytes in JavaScript, and leaf.test.ts holds the two equal on fuzzed records against the
// real engine. Pure: this only builds SQL text from the registry. Each leaf format (leaf-format.ts)
// has its expression; a query hashes a sequence range of one format with that format's.
//
// Speed matters here: `verify` spends most of its time in this expression, and the ledger runs it
// once a second beside ingest. The figures quoted are single-thread costs per million records of
// the bench's syslog events, measured on the 2-core dev machine.
import { zeroIsDefault } from '../schema/empty.ts';
import { ALWAYS_PRESENT, FIELDS, type FieldDef } from '../schema/fields.ts';
import { CURRENT_LEAF_FORMAT, type LeafFormat } from './leaf-format.ts';

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
  return ALWAYS_PRESENT.has(field.name);
}

/** Leaves the member out when the column holds its default 0 / epoch (schema/empty.ts). */
function unlessZero(field: FieldDef, column: string, member: string[]): string[] {
  if (!zeroIsDefault(field)) return member;
  const zero = field.kind === 'time' ? `toUnixTimestamp64Milli(${column}) = 0` : `${column} = 0`;
  return [`if(${zero}, '', concat(${member.join(', ')}))`];
}

/**
 * An array field's member: in format 2 a JSON array of strings; in format 1 (records stored when
 * the field was a string) a one-element list is its element and an empty one is absent.
 */
function arrayMember(column: string, key: string, jsonString: Escaping, format: LeafFormat): string {
  const list = `concat('${key}[', arrayStringConcat(arrayMap(lw_v -> ${jsonString('lw_v')}, ${column}), ','), ']')`;
  if (format === 1) return `multiIf(empty(${column}), '', length(${column}) = 1, concat('${key}', ${jsonString(`${column}[1]`)}), ${list})`;
  return `if(empty(${column}), '', ${list})`;
}

/**
 * The arguments `"name":value` adds to the record's one concat, preceded by `,` unless it is the
 * first member, or '' when the value is absent (absent fields are omitted). Members of fields
 * every record has are spliced into the record's concat rather than built as columns of their own.
 */
function memberArguments(field: FieldDef, build: Build, first: boolean, format: LeafFormat): string[] {
  const column = `\`${field.column}\``;
  const key = sqlEscape(`${first ? '' : ','}${JSON.stringify(field.name)}:`);
  const jsonString = build === 'exact' ? exactJsonString : toJsonString;
  if (field.array) return [arrayMember(column, key, jsonString, format)];
  switch (field.kind) {
    case 'time':
      // DateTime64(3, 'UTC') as text is `2026-11-24 12:00:00.007`: the ISO form with a space.
      return unlessZero(field, column, [`'${key}"'`, `replaceOne(toString(${column}), ' ', 'T')`, `'Z"'`]);
    case 'int':
      // ifNull keeps the whole expression non-Nullable (a Nullable result would change its RowBinary form).
      if (field.type.startsWith('Nullable(')) return [`ifNull(concat('${key}', toString(${column})), '')`];
      return unlessZero(field, column, [`'${key}'`, `toString(${column})`]);
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

/** 0x00 followed by the record's canonical JSON, as one concat. */
function leafInput(fields: readonly FieldDef[], build: Build, format: LeafFormat): string {
  // ECMAScript orders object keys for RFC 8785 by UTF-16 code units; field names are ASCII.
  const order = [...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const first = order[0] as FieldDef;
  // The record is one concat that opens with the first member: that member must always be there.
  if (!alwaysPresent(first)) throw new Error(`leaf-sql: the first field in canonical order (${first.name}) must be present in every record`);
  const members = order.flatMap((field) => memberArguments(field, build, field === first, format));
  return `concat(char(0), '{', ${members.join(', ')}, '}')`;
}

export interface LeafSql {
  /** SQL expression: the record's canonical JSON text. */
  readonly canonicalRecord: string;
  /** SQL expression: the record's leaf hash, SHA-256(0x00 ‖ canonical JSON), as FixedString(32). */
  readonly leafHash: string;
}

/** The expressions of leaves in `format` over the columns of `fields` (the registry's, unless a migration says otherwise). */
export function buildLeafSql(format: LeafFormat, fields: readonly FieldDef[] = FIELDS): LeafSql {
  const fast = leafInput(fields, 'fast', format);
  const input = `if(position(${fast}, '\\\\u') > 0, ${leafInput(fields, 'exact', format)}, ${fast})`;
  return { canonicalRecord: `substring(${input}, 2)`, leafHash: `SHA256(${input})` };
}

const byFormat = new Map<LeafFormat, LeafSql>();

/** The registry's leaf expressions of one format, built once. */
export function leafSql(format: LeafFormat): LeafSql {
  let sql = byFormat.get(format);
  if (!sql) byFormat.set(format, (sql = buildLeafSql(format)));
  return sql;
}

/** SQL expression: the record's canonical JSON text, in the current leaf format. */
export const CANONICAL_RECORD_SQL = leafSql(CURRENT_LEAF_FORMAT).canonicalRecord;

/** SQL expression: the record's leaf hash in the current leaf format, as FixedString(32). */
export const LEAF_HASH_SQL = leafSql(CURRENT_LEAF_FORMAT).leafHash;
