// Splits an Elasticsearch `_bulk` body (NDJSON: an action line, then for index/create/update a
// source line) into items, in request order. Pure: the caller turns each document's source line
// into an event. logwarden is append-only, so `delete` and `update` are answered as refused items;
// a malformed action line is one refused item and the lines after it are still read. After a
// malformed action line the next line is taken as its source unless it is itself an action line.

import { strictUtf8, withoutBom } from './utf8.ts';

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

/**
 * Parse a bulk body. `defaultIndex` is the index of the URL (`POST /:index/_bulk`), used when an
 * action names none. Never throws: every problem becomes a refused item.
 */
export function parseBulkBody(body: Buffer, defaultIndex?: string): BulkItem[] {
  return [...bulkItems(body, defaultIndex)];
}

/** Non-blank lines of a bulk body, counted without reading them: two per document. */
export function bulkLineCount(body: Buffer): number {
  let count = 0;
  for (const _line of lineViews(body)) count++;
  return count;
}

/** The items of a bulk body one at a time, in order (see parseBulkBody), for working in slices. */
export function* bulkItems(body: Buffer, defaultIndex?: string): Generator<BulkItem> {
  const lines = peekable(splitLines(body));
  for (let current = lines.next(); current !== undefined; current = lines.next()) {
    const { text, number } = current;
    const parsed = parseAction(text);
    if (typeof parsed === 'string') {
      // Malformed: its source line (if any) is skipped, but never a line that is itself an action.
      const following = lines.peek();
      if (following !== undefined && typeof parseAction(following.text) === 'string') lines.next();
      yield refusal('index', defaultIndex, undefined, number, 400, 'illegal_argument_exception', `malformed action/metadata line [${number}]: ${parsed}`);
      continue;
    }
    const index = parsed.index ?? defaultIndex;
    if (parsed.action === 'delete' || parsed.action === 'update') {
      if (parsed.action === 'update') lines.next();
      const reason = `logwarden is append-only: stored events cannot be ${parsed.action === 'delete' ? 'deleted' : 'updated'}; use index or create`;
      yield refusal(parsed.action, index, parsed.id, number, 400, 'illegal_argument_exception', reason);
      continue;
    }
    const sourceLine = lines.next();
    if (sourceLine === undefined) {
      yield refusal(parsed.action, index, parsed.id, number, 400, 'illegal_argument_exception', `the ${parsed.action} action on line [${number}] has no source line after it`);
      continue;
    }
    yield documentOrRefusal(parsed.action, parsed.id, index, sourceLine.bytes, number);
  }
}

function documentOrRefusal(action: 'index' | 'create', id: string | undefined, index: string | undefined, source: Buffer, number: number): BulkItem {
  if (index === undefined) return refusal(action, index, id, number, 400, 'action_request_validation_exception', 'index is missing');
  const badName = invalidIndexName(index);
  if (badName !== undefined) return refusal(action, index, id, number, 400, 'invalid_index_name_exception', badName);
  return { kind: 'document', action, index, id, source, line: number };
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
    // A body may start with a byte order mark, which JSON.parse refuses (RFC 8259 §8.1 lets it be ignored).
    value = JSON.parse(withoutBom(text));
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
function* splitLines(body: Buffer): Generator<Line> {
  for (const [bytes, number] of lineViews(body)) {
    yield { bytes, text: strictUtf8(bytes), number };
  }
}

/** Each non-blank line as a view of the body, with its 1-based line number. */
function* lineViews(body: Buffer): Generator<readonly [Buffer, number]> {
  let start = 0;
  let number = 0;
  while (start < body.length) {
    let end = body.indexOf(0x0a, start);
    if (end === -1) end = body.length;
    number++;
    let bytes = body.subarray(start, end);
    if (bytes.at(-1) === 0x0d) bytes = bytes.subarray(0, -1);
    start = end + 1;
    if (!isBlank(bytes)) yield [bytes, number];
  }
}

/** An iterator that can look one item ahead. */
function peekable<T>(iterator: Iterator<T>): { next(): T | undefined; peek(): T | undefined } {
  let ahead: IteratorResult<T> | undefined;
  const pull = (): IteratorResult<T> => (ahead ??= iterator.next());
  return {
    next() {
      const result = pull();
      ahead = undefined;
      return result.done ? undefined : result.value;
    },
    peek() {
      const result = pull();
      return result.done ? undefined : result.value;
    },
  };
}

function isBlank(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d) return false;
  return true;
}
