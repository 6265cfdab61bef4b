// Syslog-over-TCP framer (RFC 6587), pure: push the bytes of one connection in, get frames out.
//
// The framing is detected per connection from the first byte of the stream: a digit means octet
// counting (`MSG-LEN SP SYSLOG-MSG`, §3.4.1), anything else (normally '<') means non-transparent
// framing with LF as the trailer (§3.4.2). A CR before the LF is stripped, so CRLF works. NUL is
// not treated as a trailer: it stays in the frame and the normaliser flags it.
//
// Robustness rules, because the peer is untrusted:
// - memory is bounded: at most maxFrameBytes (+1 for a pending CR) are buffered per connection;
//   whatever lies beyond the limit is skipped, not stored;
// - push() and end() never throw;
// - a garbage MSG-LEN yields one bad_frame and the connection resynchronises on the next LF and
//   carries on with newline framing;
// - after an octet-counted frame, a next frame that does not start with a digit switches the
//   connection to newline framing without an error: no byte is lost by doing so. LF/CR between
//   octet-counted frames are skipped, because some senders append a newline to each frame.

export interface FramerOptions {
  /** Largest frame (SYSLOG-MSG or line, excluding the trailer) emitted whole; longer ones are cut. */
  readonly maxFrameBytes: number;
}

export interface DataFrame {
  readonly bytes: Buffer;
  /** The frame exceeded maxFrameBytes; `bytes` holds its first maxFrameBytes bytes. */
  readonly truncated: boolean;
}

export interface BadFrame {
  readonly error: 'bad_frame';
  /** The offending bytes, at most maxFrameBytes of them. */
  readonly bytes: Buffer;
  readonly detail: string;
}

export type Frame = DataFrame | BadFrame;

export type FramingMode = 'undetected' | 'octet-counting' | 'non-transparent';

export function isBadFrame(frame: Frame): frame is BadFrame {
  return 'error' in frame;
}

const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const MAX_LENGTH_DIGITS = 10;

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

/** Collects up to `limit` bytes and counts (without keeping) the rest. */
class BoundedBytes {
  readonly #limit: number;
  #parts: Buffer[] = [];
  #kept = 0;
  #seen = 0;
  #last = -1;

  constructor(limit: number) {
    this.#limit = limit;
  }

  get seen(): number {
    return this.#seen;
  }

  get kept(): number {
    return this.#kept;
  }

  /** The last byte kept, or -1. */
  get lastKept(): number {
    return this.#last;
  }

  add(bytes: Buffer): void {
    this.#seen += bytes.length;
    const room = this.#limit - this.#kept;
    if (room <= 0 || bytes.length === 0) return;
    const part = bytes.length > room ? bytes.subarray(0, room) : bytes;
    this.#parts.push(part);
    this.#kept += part.length;
    this.#last = part[part.length - 1] ?? -1;
  }

  /** The first `count` kept bytes as a fresh Buffer (never a view into a caller's chunk). */
  take(count = this.#kept): Buffer {
    return Buffer.concat(this.#parts, Math.min(count, this.#kept));
  }
}

type State =
  | { kind: 'detect' }
  | { kind: 'line'; line: BoundedBytes; discarding: boolean }
  | { kind: 'length'; digits: string; startOffset: number }
  | { kind: 'body'; declared: number; remaining: number; body: BoundedBytes; emitted: boolean }
  | { kind: 'resync'; bad: BoundedBytes; detail: string; emitted: boolean };

export class SyslogFramer {
  readonly #max: number;
  #mode: FramingMode = 'undetected';
  #state: State = { kind: 'detect' };
  /** Stream offset of the first byte of the chunk being processed, for error details. */
  #chunkOffset = 0;

  constructor(opts: FramerOptions) {
    if (!Number.isSafeInteger(opts.maxFrameBytes) || opts.maxFrameBytes < 1) {
      throw new RangeError(`maxFrameBytes must be a positive integer, got ${opts.maxFrameBytes}`);
    }
    this.#max = opts.maxFrameBytes;
  }

  get mode(): FramingMode {
    return this.#mode;
  }

  /** Feed the next chunk of the connection; returns the frames it completed (possibly none). */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    let pos = 0;
    while (pos < chunk.length) pos = this.#step(chunk, pos, out);
    this.#chunkOffset += chunk.length;
    return out;
  }

  /** The connection closed: flush an unterminated line, report an incomplete octet frame. */
  end(): Frame[] {
    const out: Frame[] = [];
    const state = this.#state;
    if (state.kind === 'line' && !state.discarding) this.#emitLine(state.line, out);
    if (state.kind === 'length' && state.digits.length > 0) {
      const detail = `connection closed inside MSG-LEN "${state.digits}" at stream offset ${state.startOffset}`;
      out.push(badFrame(Buffer.from(state.digits, 'latin1').subarray(0, this.#max), detail));
    }
    if (state.kind === 'body' && !state.emitted) {
      const detail = `connection closed after ${state.declared - state.remaining} of ${state.declared} declared MSG-LEN bytes`;
      out.push(badFrame(state.body.take(), detail));
    }
    if (state.kind === 'resync' && !state.emitted) out.push(badFrame(state.bad.take(), state.detail));
    this.#mode = 'undetected';
    this.#state = { kind: 'detect' };
    this.#chunkOffset = 0;
    return out;
  }

  /** Consume some bytes of `chunk` from `pos` according to the state; returns the new position. */
  #step(chunk: Buffer, pos: number, out: Frame[]): number {
    switch (this.#state.kind) {
      case 'detect':
        return this.#detect(chunk, pos);
      case 'line':
        return this.#stepLine(this.#state, chunk, pos, out);
      case 'length':
        return this.#stepLength(this.#state, chunk, pos);
      case 'body':
        return this.#stepBody(this.#state, chunk, pos, out);
      case 'resync':
        return this.#stepResync(this.#state, chunk, pos, out);
    }
  }

  #detect(chunk: Buffer, pos: number): number {
    if (isDigit(chunk[pos] ?? 0)) this.#startOctetFrame(pos);
    else this.#startLines();
    return pos;
  }

  #startLines(): void {
    this.#mode = 'non-transparent';
    this.#state = { kind: 'line', line: new BoundedBytes(this.#max + 1), discarding: false };
  }

  #startOctetFrame(pos: number): void {
    this.#mode = 'octet-counting';
    this.#state = { kind: 'length', digits: '', startOffset: this.#chunkOffset + pos };
  }

  // --- non-transparent framing -----------------------------------------------------------------

  #stepLine(state: Extract<State, { kind: 'line' }>, chunk: Buffer, pos: number, out: Frame[]): number {
    const lf = chunk.indexOf(LF, pos);
    const end = lf === -1 ? chunk.length : lf;
    if (!state.discarding) {
      state.line.add(chunk.subarray(pos, end));
      if (this.#lineOverflowed(state.line)) {
        out.push({ bytes: state.line.take(this.#max), truncated: true });
        state.discarding = true; // skip up to the next LF without keeping it
      }
    }
    if (lf === -1) return chunk.length;
    if (!state.discarding) this.#emitLine(state.line, out);
    this.#startLines();
    return lf + 1;
  }

  /**
   * The line is longer than the limit. One byte over is allowed while it is a CR, since a CRLF
   * trailer's CR is not part of the frame; whether an LF follows is only known later.
   */
  #lineOverflowed(line: BoundedBytes): boolean {
    return line.seen > this.#max + 1 || (line.seen === this.#max + 1 && line.lastKept !== CR);
  }

  /** Emit a complete line without its CR; blank lines are not messages and are dropped. */
  #emitLine(line: BoundedBytes, out: Frame[]): void {
    const length = line.lastKept === CR ? line.kept - 1 : line.kept;
    if (length > 0) out.push({ bytes: line.take(length), truncated: false });
  }

  // --- octet counting -------------------------------------------------------------------------

  #stepLength(state: Extract<State, { kind: 'length' }>, chunk: Buffer, pos: number): number {
    while (pos < chunk.length) {
      const byte = chunk[pos] ?? 0;
      if (state.digits.length === 0 && !isDigit(byte)) {
        if (byte === LF || byte === CR) {
          pos++;
          state.startOffset++;
          continue;
        }
        this.#startLines(); // the sender stopped octet counting: read the rest as lines
        return pos;
      }
      if (isDigit(byte)) {
        if (state.digits.length === MAX_LENGTH_DIGITS) {
          this.#resync(state, `MSG-LEN at stream offset ${state.startOffset} has more than ${MAX_LENGTH_DIGITS} digits`);
          return pos;
        }
        state.digits += String.fromCharCode(byte);
        pos++;
        continue;
      }
      if (byte !== SP) {
        const foundByte = `0x${byte.toString(16).padStart(2, '0')}`;
        this.#resync(state, `expected SP after MSG-LEN "${state.digits}" at stream offset ${this.#chunkOffset + pos}, found byte ${foundByte}`);
        return pos;
      }
      return this.#acceptLength(state, pos);
    }
    return pos;
  }

  /** At the SP after MSG-LEN: start the body, or report a length RFC 6587 does not allow. */
  #acceptLength(state: Extract<State, { kind: 'length' }>, spacePos: number): number {
    const where = `at stream offset ${state.startOffset}`;
    if (/^0+$/.test(state.digits)) {
      this.#resync(state, `MSG-LEN ${state.digits} ${where} is zero; expected a length of at least 1`, true);
      return spacePos + 1;
    }
    if (state.digits.startsWith('0')) {
      this.#resync(state, `MSG-LEN "${state.digits}" ${where} has a leading zero; expected NONZERO-DIGIT *DIGIT`, true);
      return spacePos + 1;
    }
    const declared = Number(state.digits);
    this.#state = { kind: 'body', declared, remaining: declared, body: new BoundedBytes(this.#max), emitted: false };
    return spacePos + 1;
  }

  #stepBody(state: Extract<State, { kind: 'body' }>, chunk: Buffer, pos: number, out: Frame[]): number {
    const take = Math.min(state.remaining, chunk.length - pos);
    state.body.add(chunk.subarray(pos, pos + take));
    state.remaining -= take;
    if (!state.emitted && state.declared > this.#max && state.body.kept === this.#max) {
      // Emit the cut frame now; the rest of the declared bytes is skipped as it arrives.
      out.push({ bytes: state.body.take(), truncated: true });
      state.emitted = true;
    }
    if (state.remaining === 0) {
      if (!state.emitted) out.push({ bytes: state.body.take(), truncated: false });
      this.#startOctetFrame(pos + take);
    }
    return pos + take;
  }

  // --- resynchronisation after a bad MSG-LEN -------------------------------------------------

  /** Report a bad octet-counted header and skip to the next LF, then use newline framing. */
  #resync(state: Extract<State, { kind: 'length' }>, problem: string, withSpace = false): void {
    const bad = new BoundedBytes(this.#max);
    bad.add(Buffer.from(withSpace ? `${state.digits} ` : state.digits, 'latin1'));
    const detail = `${problem}; expected an octet-counted frame "MSG-LEN SP SYSLOG-MSG" (RFC 6587 §3.4.1); skipping to the next LF and switching to newline framing`;
    this.#state = { kind: 'resync', bad, detail, emitted: false };
  }

  #stepResync(state: Extract<State, { kind: 'resync' }>, chunk: Buffer, pos: number, out: Frame[]): number {
    const lf = chunk.indexOf(LF, pos);
    const end = lf === -1 ? chunk.length : lf;
    state.bad.add(chunk.subarray(pos, end));
    if (!state.emitted && (lf !== -1 || state.bad.kept === this.#max)) {
      out.push(badFrame(state.bad.take(), state.detail));
      state.emitted = true;
    }
    if (lf === -1) return chunk.length;
    this.#startLines();
    return lf + 1;
  }
}

function badFrame(bytes: Buffer, detail: string): BadFrame {
  return { error: 'bad_frame', bytes, detail };
}
