// RELP frame parser (the Reliable Event Logging Protocol, rsyslog's acknowledged transport), pure:
// push the bytes of one connection in, get frames out.
//
// A frame is `TXNR SP COMMAND SP DATALEN [SP DATA] TRAILER`, where TXNR is 1-9 digits, COMMAND is
// 1-32 ASCII letters (digits and `_` allowed after the first), DATALEN is 1-9 digits giving the
// byte length of DATA, DATA is present (after one SP) only when DATALEN > 0, and TRAILER is LF.
//
// Robustness rules, because the peer is untrusted:
// - memory is bounded: at most a header (HEADER_MAX_BYTES) plus maxDataBytes plus the trailer is
//   buffered; a DATALEN above maxDataBytes is an error before any of its data is read;
// - push() never throws; the first malformed byte makes the parser fail for good (RELP has no way
//   to resynchronise a stream), reporting the TXNR of the broken frame when it was readable, so
//   the listener can answer `TXNR rsp LEN 500 ...` and then `serverclose`.

export interface RelpFrame {
  readonly txnr: number;
  readonly command: string;
  readonly data: Buffer;
}

export interface RelpError {
  /** The transaction number of the malformed frame, when its TXNR field was complete and valid. */
  readonly txnr?: number;
  readonly detail: string;
}

export interface RelpPushResult {
  /** Complete frames, in stream order (those before an error are valid and should be processed). */
  readonly frames: RelpFrame[];
  /** Set once the stream is malformed; every later push returns it again with no frames. */
  readonly error?: RelpError;
}

const MAX_DIGITS = 9;
const MAX_COMMAND = 32;
/** TXNR SP COMMAND SP DATALEN SP */
export const HEADER_MAX_BYTES = MAX_DIGITS + 1 + MAX_COMMAND + 1 + MAX_DIGITS + 1;
const SP = 0x20;
const LF = 0x0a;

function isDigit(byte: number): boolean {
  return byte >= 0x30 && byte <= 0x39;
}

function isCommandByte(byte: number, first: boolean): boolean {
  const letter = (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
  return first ? letter : letter || isDigit(byte) || byte === 0x5f;
}

type Parsed = { readonly kind: 'frame'; readonly frame: RelpFrame; readonly used: number } | { readonly kind: 'more' } | { readonly kind: 'error'; readonly error: RelpError };

export class RelpParser {
  readonly #maxDataBytes: number;
  #buffer: Buffer = Buffer.alloc(0);
  #error: RelpError | undefined;

  constructor(options: { readonly maxDataBytes: number }) {
    this.#maxDataBytes = options.maxDataBytes;
  }

  get failed(): RelpError | undefined {
    return this.#error;
  }

  /** Bytes held waiting for the rest of a frame. */
  get buffered(): number {
    return this.#buffer.length;
  }

  push(chunk: Buffer): RelpPushResult {
    if (this.#error) return { frames: [], error: this.#error };
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const frames: RelpFrame[] = [];
    let offset = 0;
    for (;;) {
      const parsed = this.#parseAt(offset);
      if (parsed.kind === 'more') break;
      if (parsed.kind === 'error') {
        this.#error = parsed.error;
        this.#buffer = Buffer.alloc(0);
        return { frames, error: parsed.error };
      }
      frames.push(parsed.frame);
      offset = parsed.used;
    }
    // Copy the remainder so the (possibly large) chunk it came from can be freed.
    this.#buffer = offset === 0 ? this.#buffer : Buffer.from(this.#buffer.subarray(offset));
    return { frames };
  }

  /** The stream ended: a partial frame left over is an error (its sender gets no ack and resends). */
  end(): RelpError | undefined {
    if (this.#error) return this.#error;
    if (this.#buffer.length > 0) this.#error = { detail: `connection ended inside a frame (${this.#buffer.length} bytes pending)` };
    this.#buffer = Buffer.alloc(0);
    return this.#error;
  }

  #parseAt(start: number): Parsed {
    const buf = this.#buffer;
    let i = start;
    const more = (): Parsed => ({ kind: 'more' });
    const fail = (detail: string, txnr?: number): Parsed => ({ kind: 'error', error: { ...(txnr !== undefined ? { txnr } : {}), detail } });
    if (i >= buf.length) return more();

    // TXNR
    let txnr = 0;
    let digits = 0;
    while (i < buf.length && isDigit(buf[i] as number)) {
      if (++digits > MAX_DIGITS) return fail(`transaction number longer than ${MAX_DIGITS} digits`);
      txnr = txnr * 10 + ((buf[i] as number) - 0x30);
      i++;
    }
    if (i >= buf.length) return more();
    if (digits === 0) return fail(`expected a transaction number, found byte 0x${(buf[i] as number).toString(16).padStart(2, '0')}`);
    if (buf[i] !== SP) return fail('expected a space after the transaction number');
    i++;

    // COMMAND
    const commandStart = i;
    while (i < buf.length && isCommandByte(buf[i] as number, i === commandStart)) {
      if (i - commandStart >= MAX_COMMAND) return fail(`command longer than ${MAX_COMMAND} characters`, txnr);
      i++;
    }
    if (i >= buf.length) return more();
    if (i === commandStart) return fail('expected a command', txnr);
    if (buf[i] !== SP) return fail('expected a space after the command', txnr);
    const command = buf.toString('latin1', commandStart, i);
    i++;

    // DATALEN
    let dataLen = 0;
    digits = 0;
    while (i < buf.length && isDigit(buf[i] as number)) {
      if (++digits > MAX_DIGITS) return fail(`data length longer than ${MAX_DIGITS} digits`, txnr);
      dataLen = dataLen * 10 + ((buf[i] as number) - 0x30);
      i++;
    }
    if (i >= buf.length) return more();
    if (digits === 0) return fail('expected a data length', txnr);
    if (dataLen > this.#maxDataBytes) return fail(`data length ${dataLen} exceeds the limit of ${this.#maxDataBytes} bytes`, txnr);

    if (dataLen === 0) {
      // Some senders write a SP before the trailer even without data: accept it.
      if (buf[i] === SP) {
        i++;
        if (i >= buf.length) return more();
      }
      if (buf[i] !== LF) return fail('expected the LF trailer', txnr);
      return { kind: 'frame', frame: { txnr, command, data: Buffer.alloc(0) }, used: i + 1 };
    }
    if (buf[i] !== SP) return fail('expected a space before the data', txnr);
    i++;
    if (buf.length < i + dataLen + 1) return more();
    const data = Buffer.from(buf.subarray(i, i + dataLen));
    i += dataLen;
    if (buf[i] !== LF) return fail(`expected the LF trailer after ${dataLen} bytes of data`, txnr);
    return { kind: 'frame', frame: { txnr, command, data }, used: i + 1 };
  }
}

/** Encode one frame. */
export function encodeRelpFrame(txnr: number, command: string, data: Buffer | string = ''): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return body.length === 0 ? Buffer.from(`${txnr} ${command} 0\n`) : Buffer.concat([Buffer.from(`${txnr} ${command} ${body.length} `), body, Buffer.from('\n')]);
}

/** A response: `TXNR rsp LEN CODE SP TEXT [LF offers]`. */
export function encodeRelpResponse(txnr: number, code: number, text: string, extra?: string): Buffer {
  return encodeRelpFrame(txnr, 'rsp', `${code} ${text}${extra === undefined ? '' : `\n${extra}`}`);
}

/** What the server sends before it closes a session: txnr 0 by convention. */
export const SERVER_CLOSE = encodeRelpFrame(0, 'serverclose');
