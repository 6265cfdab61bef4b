// The email channel (docs/alerting.md "Channels"): the notice's subject and plain-text body
// (content.ts) sent by SMTP with nodemailer. TLS is required by default: `secure` is TLS from the
// first byte (port 465), otherwise STARTTLS must be offered unless `requireTls: false` (a relay on
// loopback); either way TLS 1.2 at least and the certificate checked. The Message-ID is made from
// the notice's id, the same on every retry, so a mail client shows a retried notice once.
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';
import { TLS_MIN_VERSION } from '../../config/tls-policy.ts';
import { DeliveryError, type Channel, type Notice } from '../channel.ts';
import { noticeSubject, noticeText } from '../content.ts';
import type { EmailChannelConfig } from '../notifications-schema.ts';
import { WEBHOOK_ID } from '../webhook-signature.ts';
import { scrub } from './secrets.ts';

export interface EmailChannelOptions {
  /** The SMTP password (read from passwordFile or passwordEnv at start). */
  readonly password?: string;
  /** The CA file's PEM text (tls.ca). */
  readonly ca?: string;
  /** Time limit of connecting, the greeting and each command, ms. */
  readonly timeoutMs: number;
}

/** The nodemailer transport options of a channel: one pooled connection, kept open between notices. */
export function transportOptions(config: EmailChannelConfig, options: EmailChannelOptions): SMTPPool.Options & { pool: true } {
  return {
    pool: true,
    maxConnections: 1,
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: !config.secure && config.requireTls,
    ...(config.user === undefined ? {} : { auth: { user: config.user, ...(options.password === undefined ? {} : { pass: options.password }) } }),
    tls: {
      minVersion: TLS_MIN_VERSION,
      rejectUnauthorized: true,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      ...(config.tls?.serverName === undefined ? {} : { servername: config.tls.serverName }),
    },
    connectionTimeout: options.timeoutMs,
    greetingTimeout: options.timeoutMs,
    socketTimeout: options.timeoutMs,
    logger: false,
    debug: false,
  };
}

interface SmtpError extends Error {
  readonly code?: string;
  readonly responseCode?: number;
  readonly response?: string;
}

/** Codes where trying again cannot help until someone changes the configuration or the message. */
const FINAL_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'EREQUIRETLS']);

/** The reason of a failed send, fit for the record: nodemailer's code and the server's answer, never the password. */
export function smtpFailure(error: unknown, secrets: readonly (string | undefined)[]): DeliveryError {
  const smtp = error as SmtpError;
  const permanent = smtp.responseCode !== undefined && smtp.responseCode >= 500 && smtp.responseCode < 600;
  const temporary = smtp.responseCode !== undefined && smtp.responseCode >= 400 && smtp.responseCode < 500;
  const retryable = temporary || (!permanent && !FINAL_CODES.has(smtp.code ?? ''));
  const why = smtp.code === 'EAUTH' ? 'the SMTP server refused the user and password' : smtp.code === 'EREQUIRETLS' || smtp.code === 'ETLS' ? 'no TLS with the SMTP server' : 'SMTP delivery failed';
  const detail = scrub(`${smtp.code ?? 'error'}: ${smtp.message}`, secrets).replace(/\s+/g, ' ');
  return new DeliveryError(`${why} (${detail})`.slice(0, 400), retryable);
}

export class EmailChannel implements Channel {
  readonly name: string;
  readonly type = 'email' as const;
  readonly masking?: string;
  readonly #config: EmailChannelConfig;
  readonly #password: string | undefined;
  readonly #transport: Transporter<SMTPPool.SentMessageInfo, SMTPPool.Options>;

  constructor(config: EmailChannelConfig, options: EmailChannelOptions) {
    this.name = config.name;
    if (config.masking !== undefined) this.masking = config.masking;
    this.#config = config;
    this.#password = options.password;
    this.#transport = nodemailer.createTransport(transportOptions(config, options));
  }

  async deliver(notice: Notice, signal: AbortSignal): Promise<void> {
    if (!WEBHOOK_ID.test(notice.id)) throw new DeliveryError('the notification id is not fit for a Message-ID', false);
    const message = {
      from: this.#config.from,
      to: [...this.#config.to],
      subject: noticeSubject(notice),
      text: noticeText(notice),
      messageId: `<${notice.id}@logwarden>`,
      headers: { 'X-Logwarden-Alert': notice.alert.id, 'X-Logwarden-Kind': notice.kind },
    };
    if (signal.aborted) throw new DeliveryError('the SMTP server did not answer in time');
    // nodemailer takes no signal: the abort ends the wait; its own timeouts end the connection.
    let onAbort = (): void => undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      onAbort = () => reject(new DeliveryError('the SMTP server did not answer in time'));
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([this.#transport.sendMail(message), aborted]);
    } catch (error) {
      if (error instanceof DeliveryError) throw error;
      throw smtpFailure(error, [this.#password]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    this.#transport.close();
  }
}
