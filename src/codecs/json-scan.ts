// Finds where JSON values begin and end in a body without building them, so that a large JSON
// array (an ingest body, OTLP/JSON's lists of records) can be counted cheaply and then parsed one
// element at a time. Only the structure is checked here (brackets, strings, commas, colons); each
// element's own syntax is left to JSON.parse when it is parsed.
import { strictUtf8 } from './utf8.ts';

export class JsonShapeError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

export function skipSpace(bytes: Uint8Array, at: number, end = bytes.length): number {
  while (at < end && isSpace(bytes[at])) at++;
  return at;
}

/** End (exclusive) of the JSON value that starts at `at`; throws when the value is not closed. */
export function valueEnd(bytes: Uint8Array, at: number, end = bytes.length): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at, end);
  if (first === 0x5b || first === 0x7b) return containerEnd(bytes, at, end);
  let cursor = at;
  while (cursor < end && !isSpace(bytes[cursor]) && bytes[cursor] !== 0x2c && bytes[cursor] !== 0x5d && bytes[cursor] !== 0x7d) cursor++;
  if (cursor === at) throw new JsonShapeError(`expected a value at offset ${at}`);
  return cursor;
}

function stringEnd(bytes: Uint8Array, at: number, end: number): number {
  for (let cursor = at + 1; cursor < end; cursor++) {
    if (bytes[cursor] === BACKSLASH) cursor++;
    else if (bytes[cursor] === QUOTE) return cursor + 1;
  }
  throw new JsonShapeError(`string from offset ${at} is not closed`);
}

function containerEnd(bytes: Uint8Array, at: number, end: number): number {
  let depth = 0;
  for (let cursor = at; cursor < end; cursor++) {
    const byte = bytes[cursor];
    if (byte === QUOTE) cursor = stringEnd(bytes, cursor, end) - 1;
    else if (byte === 0x5b || byte === 0x7b) depth++;
    else if (byte === 0x5d || byte === 0x7d) {
      if (--depth === 0) return cursor + 1;
    }
  }
  throw new JsonShapeError(`${bytes[at] === 0x5b ? 'array' : 'object'} from offset ${at} is not closed`);
}

/** [start, end) of each element of the array whose `[` is at `at`. */
export function* arrayElements(bytes: Uint8Array, at: number, end = bytes.length): Generator<readonly [number, number]> {
  if (bytes[at] !== 0x5b) throw new JsonShapeError(`expected an array at offset ${at}`);
  let cursor = skipSpace(bytes, at + 1, end);
  if (bytes[cursor] === 0x5d) return;
  for (;;) {
    const elementEnd = valueEnd(bytes, cursor, end);
    yield [cursor, elementEnd];
    cursor = skipSpace(bytes, elementEnd, end);
    if (bytes[cursor] === 0x5d) return;
    if (bytes[cursor] !== 0x2c) throw new JsonShapeError(`expected , or ] at offset ${cursor}`);
    cursor = skipSpace(bytes, cursor + 1, end);
  }
}

/** Each member of the object whose `{` is at `at`: its key, and [start, end) of its value. */
export function* objectMembers(bytes: Uint8Array, at: number, end = bytes.length): Generator<readonly [string, number, number]> {
  if (bytes[at] !== 0x7b) throw new JsonShapeError(`expected an object at offset ${at}`);
  let cursor = skipSpace(bytes, at + 1, end);
  if (bytes[cursor] === 0x7d) return;
  for (;;) {
    if (bytes[cursor] !== QUOTE) throw new JsonShapeError(`expected a key at offset ${cursor}`);
    const keyEnd = stringEnd(bytes, cursor, end);
    const key = keyText(bytes, cursor, keyEnd);
    cursor = skipSpace(bytes, keyEnd, end);
    if (bytes[cursor] !== 0x3a) throw new JsonShapeError(`expected : at offset ${cursor}`);
    cursor = skipSpace(bytes, cursor + 1, end);
    const memberEnd = valueEnd(bytes, cursor, end);
    yield [key, cursor, memberEnd];
    cursor = skipSpace(bytes, memberEnd, end);
    if (bytes[cursor] === 0x7d) return;
    if (bytes[cursor] !== 0x2c) throw new JsonShapeError(`expected , or } at offset ${cursor}`);
    cursor = skipSpace(bytes, cursor + 1, end);
  }
}

function keyText(bytes: Uint8Array, start: number, end: number): string {
  try {
    return JSON.parse(strictUtf8(bytes.subarray(start, end)) ?? '') as string;
  } catch {
    throw new JsonShapeError(`the key at offset ${start} is not a valid JSON string`);
  }
}
