// The syslog channel (docs/alerting.md "Channels"): RFC 5424 messages (syslog-format.ts),
// octet-counted, to another SIEM over TCP or TLS (RFC 5425: TLS 1.2 at least, the receiver's
// certificate checked against the channel's CA and name). One connection is kept open for every
// notice; when it fails or the receiver closes it, the next delivery opens a new one. A delivery
// resolves once its frame was handed to the socket (for TLS: encrypted and written) — syslog has no
// acknowledgement, so that is the most a sender can know.
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';
import { parseListenAddress } from '../../config/address.ts';
import { TLS_MIN_VERSION } from '../../config/tls-policy.ts';
import { DeliveryError, type Channel, type Notice } from '../channel.ts';
import type { SyslogChannelConfig } from '../notifications-schema.ts';
import { octetCounted, syslogMessage, type SyslogIdentity } from './syslog-format.ts';

export interface SyslogChannelOptions {
  /** The CA file's PEM text, when tls names one (else the system's CAs). */
  readonly ca?: string;
  readonly timeoutMs: number;
  readonly identity?: SyslogIdentity;
}

export class SyslogChannel implements Channel {
  readonly name: string;
  readonly type = 'syslog' as const;
  readonly masking?: string;
  readonly #config: SyslogChannelConfig;
  readonly #options: SyslogChannelOptions;
  readonly #host: string;
  readonly #port: number;
  readonly #identity: SyslogIdentity;
  #socket: Promise<net.Socket> | undefined;
  /** The connected socket of #socket, once it is connected. */
  #live: net.Socket | undefined;
  #closed = false;

  constructor(config: SyslogChannelConfig, options: SyslogChannelOptions) {
    this.name = config.name;
    if (config.masking !== undefined) this.masking = config.masking;
    const address = parseListenAddress(config.address);
    if (address === undefined) throw new Error(`notifications channel "${config.name}": bad address`);
    this.#config = config;
    this.#options = options;
    this.#host = address.host;
    this.#port = address.port;
    this.#identity = options.identity ?? { hostname: os.hostname(), procid: String(process.pid) };
  }

  get #where(): string {
    return `${this.#config.tls === false ? 'tcp' : 'tls'}://${this.#config.address}`;
  }

  async deliver(notice: Notice, signal: AbortSignal): Promise<void> {
    if (this.#closed) throw new DeliveryError('the syslog channel is closed');
    const frame = octetCounted(syslogMessage(notice, this.#config.facility, this.#identity));
    const socket = await this.#connection(signal);
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.#drop(socket);
        reject(new DeliveryError(`${this.#where} took no message in time`));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      socket.write(frame, (error) => {
        signal.removeEventListener('abort', onAbort);
        if (error === undefined || error === null) return resolve();
        this.#drop(socket);
        reject(new DeliveryError(`writing to ${this.#where} failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`));
      });
    });
  }

  /** The open connection, or a new one. */
  #connection(signal: AbortSignal): Promise<net.Socket> {
    if (this.#live?.destroyed === true) this.#drop(this.#live);
    this.#socket ??= this.#connect(signal).then((socket) => (this.#live = socket));
    const pending = this.#socket;
    // A failed connect is forgotten, so the next delivery tries again.
    pending.catch(() => {
      if (this.#socket === pending) this.#socket = undefined;
    });
    return pending;
  }

  #connect(signal: AbortSignal): Promise<net.Socket> {
    return new Promise<net.Socket>((resolve, reject) => {
      const socket = this.#open();
      const ready = this.#config.tls === false ? 'connect' : 'secureConnect';
      const fail = (why: string): void => {
        signal.removeEventListener('abort', onAbort);
        socket.destroy();
        reject(new DeliveryError(`cannot connect to ${this.#where}: ${why}`));
      };
      function onAbort(): void {
        fail('timed out');
      }
      signal.addEventListener('abort', onAbort, { once: true });
      socket.setTimeout(this.#options.timeoutMs, () => fail('timed out'));
      socket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
      socket.once(ready, () => {
        signal.removeEventListener('abort', onAbort);
        socket.setTimeout(0);
        socket.removeAllListeners('error');
        this.#watch(socket);
        resolve(socket);
      });
    });
  }

  #open(): net.Socket {
    if (this.#config.tls === false) return net.connect({ host: this.#host, port: this.#port });
    const clientTls = this.#config.tls === true ? {} : this.#config.tls;
    const serverName = clientTls.serverName ?? (net.isIP(this.#host) === 0 ? this.#host : undefined);
    return tls.connect({
      host: this.#host,
      port: this.#port,
      minVersion: TLS_MIN_VERSION,
      rejectUnauthorized: true,
      ...(this.#options.ca === undefined ? {} : { ca: this.#options.ca }),
      ...(serverName === undefined ? {} : { servername: serverName }),
    });
  }

  /** Forget a connection the receiver closed or that failed, so the next notice reconnects. */
  #watch(socket: net.Socket): void {
    socket.setKeepAlive(true, 30_000);
    socket.setNoDelay(true);
    socket.on('data', () => undefined);
    socket.on('error', () => this.#drop(socket));
    socket.on('end', () => this.#drop(socket));
    socket.on('close', () => this.#drop(socket));
  }

  #drop(socket: net.Socket): void {
    socket.destroy();
    if (this.#live !== socket) return;
    this.#live = undefined;
    this.#socket = undefined;
  }

  async close(): Promise<void> {
    this.#closed = true;
    const pending = this.#socket;
    this.#socket = undefined;
    this.#live = undefined;
    const socket = await pending?.catch(() => undefined);
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }
}
