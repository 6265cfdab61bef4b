// Test helper: a real SMTP server (the `smtp-server` package from the nodemailer project) on
// loopback, with a throwaway certificate (test/helpers/tls.ts) for STARTTLS or implicit TLS, and
// AUTH PLAIN/LOGIN against a user table. It collects every message it accepted, with the
// headers and the text decoded (quoted-printable, base64, RFC 2047 words) by the small parser
// below, and how the session was secured and authenticated.
import { Arrivals } from './arrivals.ts';
import { readFile } from 'node:fs/promises';
import type net from 'node:net';
import { SMTPServer, type SMTPServerAuthentication, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  readonly from: string;
  readonly to: readonly string[];
  /** Header names lower-case; values unfolded and RFC 2047-decoded. */
  readonly headers: Readonly<Record<string, string>>;
  /** The text body, decoded (the text/plain part of a multipart message). */
  readonly text: string;
  /** The message as it arrived. */
  readonly raw: string;
  /** Whether the session ran over TLS (STARTTLS or implicit) when the message arrived. */
  readonly secure: boolean;
  /** The authenticated user, if any. */
  readonly user?: string;
}

export interface SmtpReceiverOptions {
  /** PEM files of the server certificate (for STARTTLS, or implicit TLS with `secure`). */
  readonly cert: string;
  readonly key: string;
  /** true: TLS from the first byte (like port 465). Default false: plain, with STARTTLS offered. */
  readonly secure?: boolean;
  /** Offer no STARTTLS and refuse the command (to test that a client which requires it gives up). */
  readonly hideStartTls?: boolean;
  /** user → password; when given, AUTH is required before MAIL FROM. */
  readonly users?: Readonly<Record<string, string>>;
}

export interface SmtpReceiver {
  readonly host: string;
  readonly port: number;
  readonly received: ReceivedMail[];
  /** Failed AUTH attempts, by user name. */
  readonly authFailures: string[];
  waitFor(count: number, ms?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

/** Decode RFC 2047 encoded words (=?UTF-8?Q?…?= and =?UTF-8?B?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_all, _charset: string, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
    );
}

export function decodeQuotedPrintable(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let index = 0; index < soft.length; index += 1) {
    const hex = soft.slice(index + 1, index + 3);
    if (soft[index] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else bytes.push(...Buffer.from(soft[index] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function splitEntity(raw: string): { headers: Record<string, string>; body: string } {
  const end = raw.search(/\r?\n\r?\n/);
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = decodeWords(line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function decodeBody(headers: Record<string, string>, body: string): string {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

/** The text/plain content of a message: itself, or the first text/plain part of a multipart one. */
function textOf(headers: Record<string, string>, body: string): string {
  const boundary = /boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '')?.[1];
  if (boundary === undefined) return decodeBody(headers, body);
  for (const part of body.split(`--${boundary}`).slice(1)) {
    const entity = splitEntity(part.replace(/^\r?\n/, ''));
    if ((entity.headers['content-type'] ?? 'text/plain').startsWith('text/plain')) return decodeBody(entity.headers, entity.body).replace(/\r?\n$/, '');
  }
  return '';
}

export function parseMail(raw: string): { headers: Record<string, string>; text: string } {
  const { headers, body } = splitEntity(raw);
  return { headers, text: textOf(headers, body) };
}

export async function startSmtpReceiver(options: SmtpReceiverOptions): Promise<SmtpReceiver> {
  const arrivals = new Arrivals<ReceivedMail>('smtp receiver: messages');
  const received = arrivals.items;
  const authFailures: string[] = [];
  const users = options.users;
  const server = new SMTPServer({
    secure: options.secure ?? false,
    key: await readFile(options.key),
    cert: await readFile(options.cert),
    hideSTARTTLS: options.hideStartTls ?? false,
    // Hidden is not enough: smtp-server still answers the command; refuse it like a server without TLS.
    ...(options.hideStartTls === true ? { disabledCommands: ['STARTTLS'] } : {}),
    authOptional: users === undefined,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth: SMTPServerAuthentication, _session: SMTPServerSession, callback) {
      const user = auth.username ?? '';
      if (users !== undefined && Object.hasOwn(users, user) && users[user] === auth.password) return callback(null, { user });
      authFailures.push(user);
      callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const user = typeof session.user === 'string' ? session.user : undefined;
        arrivals.add({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          ...parseMail(raw),
          raw,
          secure: session.secure,
          ...(user === undefined ? {} : { user }),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as net.AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    received,
    authFailures,
    waitFor: (count, ms = 10_000) => arrivals.waitFor(count, ms),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
