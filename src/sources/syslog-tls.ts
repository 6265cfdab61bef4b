// Syslog over TLS (RFC 5425): the same per-connection handling as syslog over TCP (octet counting,
// or LF framing detected per connection; backpressure by not reading), on an encrypted stream.
// TLS 1.2 is the minimum, with forward-secret AEAD suites only (src/config/tls-policy.ts). With a client CA, every client must present a certificate signed by it,
// and the certificate's subject becomes `logwarden.source.identity` on each of its events.
// The certificate, key and client CA files are polled and reloaded without a restart; a new pair
// that does not load is logged and the previous one stays in use.
import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import tls from 'node:tls';
import type { ListenAddress } from '../config/address.ts';
import { TLS_SERVER_POLICY } from '../config/tls-policy.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Logger } from '../observability/logger.ts';
import { ListenerConnections, type ServedConnection } from './connections.ts';
import type { SyslogSourceDeps } from './syslog-frames.ts';
import { listenOn, serveSyslogConnection } from './syslog-tcp.ts';
import type { RunningSource } from './syslog-udp.ts';

export const SYSLOG_TLS_PROTOCOL = 'syslog-tls';

export interface SyslogTlsOptions {
  readonly listen: ListenAddress;
  /** PEM files: the server certificate (chain) and its private key. */
  readonly cert: string;
  readonly key: string;
  /** PEM file of the CA(s) that sign client certificates; when set, a client certificate is required. */
  readonly clientCa?: string | null | undefined;
  /** How often the files are checked for changes. */
  readonly reloadIntervalMs: number;
}

export async function startSyslogTls(options: SyslogTlsOptions, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  return startTlsListener(
    options,
    { name: 'syslog', protocol: SYSLOG_TLS_PROTOCOL },
    deps,
    (socket, identity, listener) => serveSyslogConnection(socket, { protocol: SYSLOG_TLS_PROTOCOL, listener, identity }, deps, logger),
    logger,
  );
}

/** Who a TLS listener is: `name` labels its log lines and errors, `protocol` its metrics. */
export interface TlsListenerLabel {
  readonly name: string;
  readonly protocol: string;
}

/**
 * A TLS listener with the syslog TLS rules (TLS 1.2 minimum, optional required client certificate
 * whose subject is the identity, certificate reload) and the connection cap and idle timeout of
 * `deps.syslog`, handing each connection to `onConnection`. Shared by syslog over TLS and RELP over TLS.
 */
export async function startTlsListener(
  options: SyslogTlsOptions,
  { name, protocol }: TlsListenerLabel,
  deps: Pick<SyslogSourceDeps, 'syslog' | 'metrics'>,
  onConnection: (socket: tls.TLSSocket, identity: string, listener: string) => ServedConnection,
  logger: Logger,
): Promise<RunningSource> {
  const files = [options.cert, options.key, ...(options.clientCa ? [options.clientCa] : [])];
  let stamps = await fileStamps(files);
  let context: tls.SecureContextOptions;
  try {
    context = await loadContext(options);
  } catch (error) {
    throw new LogwardenError('LW_CONFIG_INVALID', `${name} TLS (syslog.tls): cannot use certificate ${options.cert} with key ${options.key}: ${(error as Error).message}`);
  }
  const requireClientCert = Boolean(options.clientCa);
  let listener = '';
  const server = tls.createServer({ ...context, requestCert: requireClientCert, rejectUnauthorized: requireClientCert }, (socket) => {
    const identity = requireClientCert ? formatSubject(socket.getPeerCertificate().subject as unknown as Record<string, unknown>) : '';
    connections.serve(socket, onConnection(socket, identity, listener));
  });
  const connections = new ListenerConnections(server, protocol, deps.syslog, deps.metrics, logger);
  // A refused handshake (no or untrusted client certificate, TLS below 1.2, plain text) stores nothing.
  server.on('tlsClientError', (error, socket) =>
    logger.info({ err: { message: error.message, code: (error as NodeJS.ErrnoException).code }, peer: `${socket.remoteAddress}:${socket.remotePort}` }, `${name} TLS handshake refused`),
  );
  listener = await listenOn(server, options.listen);
  logger.info({ listener, ...describeCertificate(context.cert as Buffer), clientCertificates: requireClientCert ? 'required' : 'not requested' }, `${name} TLS certificate loaded`);

  let checking = false;
  const checkForChanges = async (): Promise<void> => {
    const now = await fileStamps(files);
    if (now === stamps) return;
    stamps = now; // a file that fails to load is reported once, not on every poll
    try {
      const next = await loadContext(options);
      server.setSecureContext(next);
      logger.info({ listener, ...describeCertificate(next.cert as Buffer) }, `${name} TLS certificate reloaded`);
    } catch (error) {
      logger.error({ err: error, listener, cert: options.cert, key: options.key }, `${name} TLS certificate reload failed: keeping the previous certificate`);
    }
  };
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void checkForChanges().finally(() => (checking = false));
  }, options.reloadIntervalMs);
  timer.unref();

  return {
    address: listener,
    close: async () => {
      clearInterval(timer);
      await connections.close();
    },
  };
}

/** Read the files and build a context once, so that a bad or mismatched pair fails here. */
async function loadContext(options: SyslogTlsOptions): Promise<tls.SecureContextOptions> {
  const [cert, key, ca] = await Promise.all([readFile(options.cert), readFile(options.key), options.clientCa ? readFile(options.clientCa) : undefined]);
  const context: tls.SecureContextOptions = { cert, key, ...TLS_SERVER_POLICY, ...(ca ? { ca } : {}) };
  tls.createSecureContext(context);
  new X509Certificate(cert); // also rejects a file that is not a certificate at all
  return context;
}

/** Size, modification time and inode of each file: any change (also a rename over it) shows. */
async function fileStamps(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map(async (file) => {
      try {
        const info = await stat(file, { bigint: true });
        return `${info.ino}:${info.size}:${info.mtimeNs}`;
      } catch {
        return 'missing';
      }
    }),
  );
  return parts.join('|');
}

function describeCertificate(pem: Buffer): Record<string, string> {
  const certificate = new X509Certificate(pem);
  return { subject: certificate.subject.split('\n').reverse().join(','), serialNumber: certificate.serialNumber, validTo: certificate.validTo };
}

/**
 * A certificate subject as Node gives it ({ O: 'Example', CN: 'web-1' }, in certificate order,
 * repeated attributes as arrays) written the RFC 4514 way, most specific first: `CN=web-1,O=Example`.
 */
export function formatSubject(subject: Readonly<Record<string, unknown>> | undefined): string {
  if (!subject) return '';
  const parts: string[] = [];
  for (const [type, value] of Object.entries(subject)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string') parts.push(`${type}=${escapeDnValue(one)}`);
    }
  }
  return parts.reverse().join(',');
}

function escapeDnValue(value: string): string {
  return value
    .replace(/["+,;<>\\]/g, (c) => `\\${c}`)
    .replace(/\0/g, '\\00')
    .replace(/^([ #])/, '\\$1')
    .replace(/ $/, '\\ ');
}
