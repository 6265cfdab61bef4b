// The ledger leaf of a stored record, computed inside the engine: a SQL expression that builds the
// record's RFC 8785 canonical JSON from the event columns and hashes it with SHA-256(0x00 ‖ bytes).
// A query that uses it starts with LEAF_SQL_WITH. The ledger and `logwarden verify` use it to
// compute every leaf at engine speed (records never cross into JavaScript); leaf.ts computes the
// same bytes in JavaScript, and leaf.test.ts holds the two equal on fuzzed records against the
// real engine. Pure: this only builds SQL text from the registry.
import { FIELDS, type FieldDef } from '../schema/fields.ts';

/**
 * How a string becomes a JSON string literal. ClickHouse's toJSONString differs from ECMAScript's
 * JSON.stringify (which RFC 8785 uses) in three ways: it escapes '/' as '\/', it writes \u00XX
 * escapes with upper-case hex, and it escapes U+2028 and U+2029. So a record is first built with
 * toJSONString (fast); if its text holds no '\u' (nearly always), undoing the '/' escapes over the
 * whole text makes it exact (in toJSONString's output only the last backslash of a run can stand
 * right before a '/', and keys and numbers hold no '/'); otherwise the record is built again with
 * the exact, slow escaping. A setting could stop the '/' escaping, but the expression must not
 * depend on the settings of whoever runs it.
 */
type Escaping = (expression: string) => string;

const fastJsonString: Escaping = (expression) => `toJSONString(${expression})`;

// The escaping of JSON.stringify done by hand, one character at a time: '"', '\\' and the control
// characters get their escapes (lower-case hex, as ECMAScript writes them); everything else,
// multi-byte characters included, passes through unchanged.
const SPECIAL = ['"', '\\', ...Array.from({ length: 0x20 }, (_, code) => String.fromCharCode(code))];
const specialList = `[${SPECIAL.map((c) => `'${sqlEscape(c)}'`).join(', ')}]`;
const escapeList = `[${SPECIAL.map((c) => `'${sqlEscape(JSON.stringify(c).slice(1, -1))}'`).join(', ')}]`;

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

/** `,"name":value` for one field, or '' when the value is absent (absent fields are omitted). */
function member(field: FieldDef, jsonString: Escaping): string {
  const column = `\`${field.column}\``;
  const key = sqlEscape(`,${JSON.stringify(field.name)}:`);
  switch (field.kind) {
    case 'time':
      // DateTime64(3, 'UTC') as text is `2026-11-24 12:00:00.007`: the ISO form with a space.
      return `concat('${key}"', replaceOne(toString(${column}), ' ', 'T'), 'Z"')`;
    case 'int':
      // ifNull keeps the whole expression non-Nullable (a Nullable result would change its RowBinary form).
      return field.type.startsWith('Nullable') ? `ifNull(concat('${key}', toString(${column})), '')` : `concat('${key}', toString(${column}))`;
    case 'bool':
      return `if(${column}, '${key}true', '')`;
    case 'map':
      return `if(empty(${column}), '', concat('${key}{', arrayStringConcat(arrayMap(k -> concat(${jsonString('k')}, ':', ${jsonString(`${column}[k]`)}), arraySort(mapKeys(${column}))), ','), '}'))`;
    default:
      return `if(${column} = '', '', concat('${key}', ${jsonString(column)}))`;
  }
}

/** ECMAScript orders object keys for RFC 8785 by UTF-16 code units; field names are ASCII. */
const CANONICAL_ORDER = [...FIELDS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

function recordText(jsonString: Escaping): string {
  return `concat('{', substring(concat(${CANONICAL_ORDER.map((field) => member(field, jsonString)).join(', ')}), 2), '}')`;
}

const FAST_RECORD = recordText(fastJsonString);

/** SQL expression: the record's canonical JSON text. */
export const CANONICAL_RECORD_SQL = `if(position(${FAST_RECORD}, '\\\\u') > 0, ${recordText(exactJsonString)}, replaceAll(${FAST_RECORD}, '\\\\/', '/'))`;

/** SQL expression: the record's leaf hash, SHA-256(0x00 ‖ canonical JSON), as FixedString(32). */
export const LEAF_HASH_SQL = `SHA256(concat(char(0), ${CANONICAL_RECORD_SQL}))`;
