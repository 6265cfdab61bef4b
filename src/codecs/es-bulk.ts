// Splits an Elasticsearch `_bulk` body (NDJSON: an action line, then for index/create/update a
// source line) into items, in request order. Pure: the caller turns each document's source line
// into an event. logwarden is append-only, so `delete` and `update` are answered as refused items;
// a malformed action line is one refused item and the lines after it are still read. After a
// malformed action line the next line is taken as its source unless it is itself an action line.

export type BulkAction = 'index' | 'create' | 'delete' | 'update';

const ACTIONS: readonly BulkAction[] = ['index', 'create', 'delete', 'update'];

/** A document to store: `source` is its line, as sent. */
export interface BulkDocument {
  readonly kind: 'document';
  readonly action: 'index' | 'create';
  readonly index: string;
  /** The `_id` the client gave, if any. */
  readonly id: string | undefined;
  readonly source: Buffer;
  /** 1-based line number of the action line. */
  readonly line: number;
}

/** An item answered with an error and not stored. */
export interface BulkRefusal {
  readonly kind: 'refused';
  /** The key the response item goes under (`index` when the action line could not be read). */
  readonly action: BulkAction;
  readonly index: string | undefined;
  readonly id: string | undefined;
  readonly status: number;
  /** Elasticsearch error type, e.g. `illegal_argument_exception`. */
  readonly type: string;
  readonly reason: string;
  readonly line: number;
}

export type BulkItem = BulkDocument | BulkRefusal;

interface Action {
  readonly action: BulkAction;
  readonly index: string | undefined;
  readonly id: string | undefined;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parse a bulk body. `defaultIndex` is the index of the URL (`POST /:index/_bulk`), used when an
 * action names none. Never throws: every problem becomes a refused item.
 */
export function parseBulkBody(body: Buffer, defaultIndex?: string): BulkItem[] {
  const lines = splitLines(body);
  const items: BulkItem[] = [];
  let at = 0;
  while (at < lines.length) {
    const { text, number } = lines[at] as Line;
    at++;
    const parsed = parseAction(text);
    if (typeof parsed === 'string') {
      // Malformed: its source line (if any) is skipped, but never a line that is itself an action.
      if (at < lines.length && typeof parseAction((lines[at] as Line).text) === 'string') at++;
      items.push(refusal('index', defaultIndex, undefined, number, 400, 'illegal_argument_exception', `malformed action/metadata line [${number}]: ${parsed}`));
      continue;
    }
    const index = parsed.index ?? defaultIndex;
    if (parsed.action === 'delete' || parsed.action === 'update') {
      if (parsed.action === 'update' && at < lines.length) at++;
      const reason = `logwarden is append-only: stored events cannot be ${parsed.action === 'delete' ? 'deleted' : 'updated'}; use index or create`;
      items.push(refusal(parsed.action, index, parsed.id, number, 400, 'illegal_argument_exception', reason));
      continue;
    }
    if (at >= lines.length) {
      items.push(refusal(parsed.action, index, parsed.id, number, 400, 'illegal_argument_exception', `the ${parsed.action} action on line [${number}] has no source line after it`));
      continue;
    }
    const source = (lines[at] as Line).bytes;
    at++;
    if (index === undefined) {
      items.push(refusal(parsed.action, index, parsed.id, number, 400, 'action_request_validation_exception', 'index is missing'));
      continue;
    }
    const badName = invalidIndexName(index);
    if (badName !== undefined) {
      items.push(refusal(parsed.action, index, parsed.id, number, 400, 'invalid_index_name_exception', badName));
      continue;
    }
    items.push({ kind: 'document', action: parsed.action, index, id: parsed.id, source, line: number });
  }
  return items;
}

/** Why `name` is not a usable index name (Elasticsearch's rules), or undefined when it is. */
export function invalidIndexName(name: string): string | undefined {
  if (name === '') return 'index name is empty';
  if (Buffer.byteLength(name) > 255) return `index name [${name.slice(0, 40)}…] is longer than 255 bytes`;
  if (name !== name.toLowerCase()) return `index name [${name}] must be lowercase`;
  if (/[\\/*?"<>| ,#:\u0000-\u001f]/.test(name)) return `index name [${name}] must not contain \\, /, *, ?, ", <, >, |, space, comma, # or :`;
  if (/^[-_+]/.test(name)) return `index name [${name}] must not start with -, _ or +`;
  if (name === '.' || name === '..') return `index name [${name}] is not allowed`;
  return undefined;
}

/** The action of a line, or a description of what is wrong with it. */
function parseAction(text: string | undefined): Action | string {
  if (text === undefined) return 'the line is not valid UTF-8';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `not valid JSON: ${(error as Error).message}`;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'expected a JSON object';
  const keys = Object.keys(value);
  if (keys.length !== 1) return `expected one action (${ACTIONS.join(', ')}), found ${keys.length} keys`;
  const action = keys[0] as string;
  if (!(ACTIONS as readonly string[]).includes(action)) return `expected one of [${ACTIONS.join(', ')}] but found [${action.slice(0, 40)}]`;
  const meta = (value as Record<string, unknown>)[action];
  if (meta === null || typeof meta !== 'object' || Array.isArray(meta)) return `the ${action} action's metadata must be an object`;
  const { _index: index, _id: id } = meta as Record<string, unknown>;
  if (index !== undefined && typeof index !== 'string') return '_index must be a string';
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') return '_id must be a string';
  if (typeof id === 'string' && (id === '' || Buffer.byteLength(id) > 512)) return '_id must be 1 to 512 bytes';
  return { action: action as BulkAction, index, id: id === undefined || id === null ? undefined : String(id) };
}

function refusal(action: BulkAction, index: string | undefined, id: string | undefined, line: number, status: number, type: string, reason: string): BulkRefusal {
  return { kind: 'refused', action, index, id, status, type, reason, line };
}

interface Line {
  readonly bytes: Buffer;
  /** The line as text, or undefined when it is not valid UTF-8. */
  readonly text: string | undefined;
  readonly number: number;
}

/** Lines split on LF (a trailing CR is dropped); blank lines are skipped, as Elasticsearch does. */
function splitLines(body: Buffer): Line[] {
  const lines: Line[] = [];
  let start = 0;
  let number = 0;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    number++;
    let bytes = body.subarray(start, end);
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
    start = end + 1;
    if (isBlank(bytes)) continue;
    let text: string | undefined;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      text = undefined;
    }
    lines.push({ bytes, text, number });
  }
  return lines;
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
