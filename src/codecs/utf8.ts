// UTF-8 decoding that keeps evidence: strict decoding first, and when the bytes are not UTF-8, a
// lossy text plus the byte offset of the first broken sequence (RFC 3629). Pure.

export interface Decoded {
  readonly text: string;
  /** Byte offset of the first invalid UTF-8 sequence, when there is one. */
  readonly invalidAt?: number;
}

// ignoreBOM keeps a BOM in the text: event.original must be verbatim (the parser strips the BOM
// that RFC 5424 allows at the start of MSG).
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

export function decodeUtf8(raw: Buffer, truncated: boolean): Decoded {
  // The framer cuts at a byte count and may split a multi-byte character; that is part of the
  // oversize problem, not bad input, so the dangling partial character is dropped.
  const bytes = truncated ? raw.subarray(0, raw.length - incompleteTailLength(raw)) : raw;
  try {
    return { text: strictDecoder.decode(bytes) };
  } catch {
    return { text: lossyDecoder.decode(bytes), invalidAt: firstInvalidUtf8Offset(bytes) };
  }
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
function scanCharacter(bytes: Buffer, offset: number): { valid: boolean; length: number } {
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
export function firstInvalidUtf8Offset(bytes: Buffer): number {
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
export function incompleteTailLength(bytes: Buffer): number {
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
