// RFC 8785 JSON Canonicalization Scheme (JCS): one byte sequence per JSON value, so that a hash or
// signature over an event does not depend on who serialised it. Pure, no I/O.
//
// RFC 8785 defines its primitives by reference to ECMAScript: numbers are serialised with
// Number::toString (§3.2.2.3) and strings with the JSON.stringify escaping rules (§3.2.2.2), so this
// module uses exactly those engine primitives and adds what the RFC demands on top: the I-JSON value
// domain (§3.1: no NaN/Infinity, no lone surrogates), no whitespace, and object members sorted by the
// UTF-16 code units of their names (§3.2.3). Anything outside that domain is rejected with a
// CanonicalJsonError naming the JSON path, never silently coerced (JSON.stringify would turn NaN or an
// undefined array element into `null`, which would change what gets hashed).

/** A JSON value in the I-JSON domain that RFC 8785 canonicalises. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Nesting deeper than this is refused rather than risking a stack overflow on hostile input. */
export const MAX_CANONICAL_DEPTH = 1000;

/** The value cannot be canonicalised; `path` is a JSONPath-like location such as `$.a[3]`. */
export class CanonicalJsonError extends Error {
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`cannot canonicalise JSON at ${path}: ${problem}`);
    this.name = 'CanonicalJsonError';
    this.path = path;
  }
}

/**
 * The RFC 8785 canonical text of `value`.
 *
 * Accepted: null, booleans, finite numbers, well-formed strings, arrays and plain objects of those.
 * Object members whose value is `undefined` are omitted (as JSON.stringify does, so optional fields
 * behave naturally); everything else outside JSON — `undefined` array elements or holes, NaN,
 * ±Infinity, bigint, functions, symbols, Dates, Maps, class instances, cycles, lone surrogates — throws.
 */
export function canonicalJson(value: unknown): string {
  return serialiseValue(value, '$', 0, new Set());
}

/** The UTF-8 bytes of the canonical text: what gets hashed or signed (RFC 8785 §3.2.4). */
export function canonicalJsonBytes(value: unknown): Uint8Array {
  return Buffer.from(canonicalJson(value), 'utf8');
}

function serialiseValue(value: unknown, path: string, depth: number, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return serialiseNumber(value, path);
    case 'string':
      return serialiseString(value, path);
    case 'object':
      if (value === null) return 'null';
      return serialiseContainer(value, path, depth, ancestors);
    default:
      throw new CanonicalJsonError(path, `${describeType(value)} is not a JSON value`);
  }
}

// §3.2.2.3: ECMAScript Number::toString is the canonical number form (shortest round-tripping
// digits, exponent from 1e21 up and below 1e-6, -0 as "0"). I-JSON (§3.1) has no NaN or Infinity.
function serialiseNumber(value: number, path: string): string {
  if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${String(value)} is not a finite number`);
  return String(value);
}

// §3.2.2.2: JSON.stringify's escaping is the canonical one (\b \t \n \f \r \" \\ as two-character
// escapes, other controls as lowercase \u00xx, everything else literal). I-JSON strings must be
// well-formed Unicode, so a lone surrogate (which JSON.stringify would escape) is an error.
function serialiseString(value: string, path: string): string {
  if (!value.isWellFormed()) throw new CanonicalJsonError(path, 'string contains a lone UTF-16 surrogate');
  return JSON.stringify(value);
}

function serialiseContainer(value: object, path: string, depth: number, ancestors: Set<object>): string {
  if (depth >= MAX_CANONICAL_DEPTH) {
    throw new CanonicalJsonError(path, `nesting is deeper than ${MAX_CANONICAL_DEPTH} levels`);
  }
  if (ancestors.has(value)) throw new CanonicalJsonError(path, 'the value contains a cycle');
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return serialiseArray(value, path, depth, ancestors);
    if (!isPlainObject(value)) {
      throw new CanonicalJsonError(path, `${describeType(value)} is not a plain JSON object; convert it first`);
    }
    return serialiseObject(value, path, depth, ancestors);
  } finally {
    ancestors.delete(value);
  }
}

function serialiseArray(items: readonly unknown[], path: string, depth: number, ancestors: Set<object>): string {
  const parts: string[] = [];
  // An index loop (not map/forEach) so holes in sparse arrays are seen as undefined and rejected.
  for (let index = 0; index < items.length; index++) {
    const itemPath = `${path}[${index}]`;
    const item = items[index];
    if (item === undefined) throw new CanonicalJsonError(itemPath, 'undefined is not allowed in an array');
    parts.push(serialiseValue(item, itemPath, depth + 1, ancestors));
  }
  return `[${parts.join(',')}]`;
}

// §3.2.3: members sorted by name as arrays of UTF-16 code units, which is exactly the default
// comparison of Array.prototype.sort on strings (no locale, no normalisation).
function serialiseObject(object: Record<string, unknown>, path: string, depth: number, ancestors: Set<object>): string {
  const parts: string[] = [];
  for (const name of Object.keys(object).sort()) {
    const member = object[name];
    if (member === undefined) continue;
    const memberPath = `${path}${formatPathSegment(name)}`;
    parts.push(`${serialiseString(name, memberPath)}:${serialiseValue(member, memberPath, depth + 1, ancestors)}`);
  }
  return `{${parts.join(',')}}`;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function describeType(value: unknown): string {
  if (typeof value === 'object' && value !== null) {
    const constructorName = (value as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof constructorName === 'string' && constructorName !== '' ? `a ${constructorName}` : 'an object';
  }
  return `a value of type ${typeof value}`;
}

function formatPathSegment(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
