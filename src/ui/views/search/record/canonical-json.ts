// RFC 8785 canonical JSON in the browser, for recomputing a record's ledger leaf: the same rules as
// the server's src/ledger/canonical-json.ts (ECMAScript number and string forms, no whitespace,
// members sorted by UTF-16 code units, nothing outside I-JSON), written again here because the
// UI's bundle may not import server code. Its unit test holds the two to the same output. Pure.

export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`cannot canonicalise ${String(value)}`);
      return String(value);
    case 'string':
      if (!value.isWellFormed()) throw new Error('cannot canonicalise a string with a lone surrogate');
      return JSON.stringify(value);
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((item: unknown) => canonicalJson(item)).join(',')}]`;
      return canonicalObject(value as Record<string, unknown>);
    default:
      throw new Error(`cannot canonicalise a value of type ${typeof value}`);
  }
}

function canonicalObject(object: Record<string, unknown>): string {
  const members = Object.keys(object)
    .sort()
    .filter((name) => object[name] !== undefined)
    .map((name) => `${canonicalJson(name)}:${canonicalJson(object[name])}`);
  return `{${members.join(',')}}`;
}
