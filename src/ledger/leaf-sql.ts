// The ledger leaf of a stored record, computed inside the engine: a SQL expression that builds the
// record's RFC 8785 canonical JSON from the event columns and hashes it with SHA-256(0x00 ‖ bytes).
// `logwarden verify` uses it to recompute every leaf at engine speed (the record never crosses into
// JavaScript); leaf.ts computes the same bytes in JavaScript, and leaf.test.ts holds the two equal
// on fuzzed records against the real engine. Pure: this only builds SQL text from the registry.
import { FIELDS, type FieldDef } from '../schema/fields.ts';

/** Settings the expression relies on (ClickHouse escapes '/' in JSON strings by default). */
export const LEAF_SQL_SETTINGS = 'output_format_json_escape_forward_slashes = 0';

/**
 * Control characters that toJSONString escapes differently from ECMAScript's JSON.stringify
 * (upper-case hex), plus U+2028/U+2029 which it escapes and JSON.stringify does not. Strings that
 * contain any take the slow, exact path.
 */
const DIVERGENT_CHARACTERS = sqlEscape('[\\x0b\\x0e\\x0f\\x1a-\\x1f\\x{2028}\\x{2029}]'); // an RE2 class, escaped for a SQL literal

/** JSON string literal for a String expression, byte-identical to JSON.stringify. */
function jsonString(expression: string): string {
  return `if(match(${expression}, '${DIVERGENT_CHARACTERS}'), ${exactJsonString(expression)}, toJSONString(${expression}))`;
}

/** The escaping of JSON.stringify done by hand: backslash first so later escapes are not re-escaped. */
function exactJsonString(expression: string): string {
  let escaped = `replaceAll(replaceAll(${expression}, '\\\\', '\\\\\\\\'), '"', '\\\\"')`;
  for (let code = 0; code < 0x20; code++) {
    escaped = `replaceAll(${escaped}, char(${code}), '${sqlEscape(JSON.stringify(String.fromCharCode(code)).slice(1, -1))}')`;
  }
  return `concat('"', ${escaped}, '"')`;
}

function sqlEscape(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}

/** `"name":value` for one field, or '' when the value is absent (absent fields are omitted). */
function member(field: FieldDef): string {
  const column = `\`${field.column}\``;
  const key = sqlEscape(`${JSON.stringify(field.name)}:`);
  switch (field.kind) {
    case 'time':
      // DateTime64(3): %f prints microseconds here, so keep the first three digits.
      return `concat('${key}"', formatDateTime(${column}, '%Y-%m-%dT%H:%i:%S.'), substring(formatDateTime(${column}, '%f'), 1, 3), 'Z"')`;
    case 'int':
      return field.type.startsWith('Nullable') ? `if(isNull(${column}), '', concat('${key}', toString(${column})))` : `concat('${key}', toString(${column}))`;
    case 'bool':
      return `if(${column}, '${key}true', '')`;
    case 'map':
      return `if(empty(${column}), '', concat('${key}{', arrayStringConcat(arrayMap(k -> concat(${jsonString('k')}, ':', ${jsonString(`${column}[k]`)}), arraySort(mapKeys(${column}))), ','), '}'))`;
    default:
      return `if(${column} = '', '', concat('${key}', ${jsonString(`toString(${column})`)}))`;
  }
}

/** ECMAScript orders object keys for RFC 8785 by UTF-16 code units; field names are ASCII. */
const CANONICAL_ORDER = [...FIELDS].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

/** SQL expression: the record's canonical JSON text. */
export const CANONICAL_RECORD_SQL = `concat('{', arrayStringConcat(arrayFilter(part -> part != '', [${CANONICAL_ORDER.map(member).join(', ')}]), ','), '}')`;

/** SQL expression: the record's leaf hash, SHA-256(0x00 ‖ canonical JSON), as FixedString(32). */
export const LEAF_HASH_SQL = `SHA256(concat(char(0), ${CANONICAL_RECORD_SQL}))`;
