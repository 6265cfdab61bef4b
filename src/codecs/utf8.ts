// The one UTF-8 decoder of every ingest path (syslog, RELP, NDJSON, `_bulk`, OTLP): strict decoding
// first, and when the bytes are not UTF-8, a lossy text plus the byte offset of the first broken
// sequence (RFC 3629), which the caller flags and keeps verbatim as base64. Pure.
//
// A leading byte order mark is kept in the text: event.original must be the bytes that came, and
// TextDecoder's default drops it (18 bytes in, 15 characters stored). Parsers that must not see it
// (JSON.parse refuses U+FEFF; RFC 8259 §8.1 lets a parser ignore one) skip it with withoutBom, and
// the syslog parser strips the BOM that RFC 5424 allows at the start of MSG from the message only.

export interface Decoded {
  readonly text: string;
  /** Byte offset of the first invalid UTF-8 sequence, when there is one. */
  readonly invalidAt?: number;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

const BOM = '\uFEFF';

export function decodeUtf8(raw: Uint8Array, truncated = false): Decoded {
  // The framer cuts at a byte count and may split a multi-byte character; that is part of the
  // oversize problem, not bad input, so the dangling partial character is dropped.
  const bytes = truncated ? raw.subarray(0, raw.length - incompleteTailLength(raw)) : raw;
  try {
    return { text: strictDecoder.decode(bytes) };
  } catch {
    return { text: lossyDecoder.decode(bytes), invalidAt: firstInvalidUtf8Offset(bytes) };
  }
}

/** The text of bytes that are valid UTF-8, BOM kept; undefined when they are not. */
export function strictUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Bytes as text with U+FFFD for broken sequences, BOM kept: for text already flagged as not UTF-8. */
export function lossyUtf8(bytes: Uint8Array): string {
  return lossyDecoder.decode(bytes);
}

/** 3 when the bytes start with a UTF-8 byte order mark (EF BB BF), else 0: where a parser starts. */
export function bomLength(bytes: Uint8Array): 0 | 3 {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** The text without a leading byte order mark, for a parser (JSON) that refuses one. */
export function withoutBom(text: string): string {
  return text.startsWith(BOM) ? text.slice(1) : text;
}

/** Valid range of the byte after a lead byte (RFC 3629 §4: no overlongs, surrogates or > U+10FFFF). */
function secondByteRange(lead: number): readonly [number, number] {
  if (lead === 0xe0) return [0xa0, 0xbf];
  if (lead === 0xed) return [0x80, 0x9f];
  if (lead === 0xf0) return [0x90, 0xbf];
  if (lead === 0xf4) return [0x80, 0x8f];
  return [0x80, 0xbf];
}

/** Number of continuation bytes a lead byte announces, or -1 when it cannot start a character. */
function continuationCount(lead: number): number {
  if (lead < 0x80) return 0;
  if (lead >= 0xc2 && lead <= 0xdf) return 1;
  if (lead >= 0xe0 && lead <= 0xef) return 2;
  if (lead >= 0xf0 && lead <= 0xf4) return 3;
  return -1;
}

/**
 * Check the character starting at `offset`: `valid: false` when its bytes are broken, otherwise
 * `length` is how many of its bytes are present (fewer than announced when the buffer ends first).
 */
function scanCharacter(bytes: Uint8Array, offset: number): { valid: boolean; length: number } {
  const lead = bytes[offset] ?? 0;
  const count = continuationCount(lead);
  if (count < 0) return { valid: false, length: 0 };
  const [low, high] = secondByteRange(lead);
  for (let k = 1; k <= count; k++) {
    const byte = bytes[offset + k];
    if (byte === undefined) return { valid: true, length: k }; // ran out: incomplete, not broken
    const inRange = k === 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xbf;
    if (!inRange) return { valid: false, length: k };
  }
  return { valid: true, length: count + 1 };
}

/** Byte offset of the first invalid (or unfinished) UTF-8 sequence; -1 when the bytes are valid. */
export function firstInvalidUtf8Offset(bytes: Uint8Array): number {
  let offset = 0;
  while (offset < bytes.length) {
    const { valid, length } = scanCharacter(bytes, offset);
    const complete = length === continuationCount(bytes[offset] ?? 0) + 1;
    if (!valid || !complete) return offset;
    offset += length;
  }
  return -1;
}

/** Length of a well-formed but unfinished character at the very end of `bytes` (0..3). */
export function incompleteTailLength(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const offset = bytes.length - back;
    const byte = bytes[offset] ?? 0;
    if (byte >= 0x80 && byte <= 0xbf) continue; // continuation byte: keep looking for the lead
    const { valid, length } = scanCharacter(bytes, offset);
    const unfinished = continuationCount(byte) + 1 > back;
    return valid && unfinished && length === back ? back : 0;
  }
  return 0;
}
