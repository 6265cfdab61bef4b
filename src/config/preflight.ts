// Checks made before a start creates anything: the data dir can be made and written and no other
// server holds it, the files the config names can be read, and every listen address is free.
// A start that is refused leaves the disk as it found it: no data dir, no token, no engine files.
import dgram from 'node:dgram';
import { access, constants, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { LogwardenError } from '../errors/codes.ts';
import { dataDirHolder } from '../store/data-dir-lock.ts';
import { parseListenAddress, type ListenAddress } from './address.ts';
import { unreadableFiles } from './named-files.ts';
import type { Config } from './schema.ts';

export interface Listener {
  /** Dotted config path, e.g. `syslog.udp`. */
  readonly key: string;
  /** The `serve` flag that sets it, for the message. */
  readonly flag: string;
  readonly protocol: 'tcp' | 'udp';
  readonly address: string;
}

/** Every problem that would stop this config from starting; empty when the start may go ahead. */
export async function preflight(config: Config): Promise<LogwardenError[]> {
  const problems: LogwardenError[] = [];
  const dataDir = await dataDirProblem(config.dataDir);
  if (dataDir) problems.push(dataDir);
  else {
    const locked = await lockProblem(config.dataDir);
    if (locked) problems.push(locked);
  }
  for (const file of await unreadableFiles(config)) problems.push(new LogwardenError('LW_FILE_UNREADABLE', file.message, { key: file.key, file: file.file }));
  problems.push(...(await busyListeners(listenersOf(config))));
  return problems;
}

/** The listeners this config opens (the same conditions as the server's). */
export function listenersOf(config: Config): Listener[] {
  const listeners: Listener[] = [{ key: 'http.listen', flag: '--http', protocol: 'tcp', address: config.http.listen }];
  if (config.syslog.tcp) listeners.push({ key: 'syslog.tcp', flag: '--syslog-tcp', protocol: 'tcp', address: config.syslog.tcp });
  if (config.syslog.udp) listeners.push({ key: 'syslog.udp', flag: '--syslog-udp', protocol: 'udp', address: config.syslog.udp });
  const tls = config.syslog.tls;
  if (tls.listen && tls.cert && tls.key) listeners.push({ key: 'syslog.tls.listen', flag: '--syslog-tls', protocol: 'tcp', address: tls.listen });
  if (config.syslog.relp.listen) listeners.push({ key: 'syslog.relp.listen', flag: '--relp', protocol: 'tcp', address: config.syslog.relp.listen });
  return listeners;
}

/** The data dir, or the nearest existing directory above it, must be a directory logwarden can write. */
async function dataDirProblem(dataDir: string): Promise<LogwardenError | undefined> {
  const wanted = path.resolve(dataDir);
  const unwritable = (why: string): LogwardenError =>
    new LogwardenError('LW_DATA_DIR_UNWRITABLE', `data dir ${wanted} ${why}; choose another --data-dir (dataDir in the config file) or fix the path`, { dataDir: wanted });
  for (let current = wanted; ; current = path.dirname(current)) {
    const found = await stat(current).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' || error.code === 'ENOTDIR' ? undefined : error));
    if (found instanceof Error) return unwritable(`cannot be checked: ${found.message}`);
    if (found === undefined) {
      if (current === path.dirname(current)) return unwritable('has no existing parent directory');
      continue;
    }
    // Said of the data dir itself, or of the directory above it that would have to hold it.
    const said = (problem: string): string => (current === wanted ? problem : `cannot be created: ${current} ${problem}`);
    if (!found.isDirectory()) return unwritable(said('is a file, not a directory'));
    try {
      await access(current, constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return unwritable(said(code === 'EROFS' ? 'is on a read-only filesystem' : `is not writable by uid ${process.getuid?.() ?? '?'}`));
    }
    return undefined;
  }
}

async function lockProblem(dataDir: string): Promise<LogwardenError | undefined> {
  const pid = await dataDirHolder(dataDir);
  if (pid === undefined) return undefined;
  return new LogwardenError('LW_DATA_DIR_LOCKED', `another logwarden (process ${pid}) is running on data dir ${path.resolve(dataDir)}: stop it first, or give this server its own --data-dir`, {
    pid,
    dataDir,
  });
}

/**
 * Bind every listener (held until all are tried, so two listeners of this config on one port are
 * caught too) and close them again. Port 0 always finds a free port and is not probed.
 */
async function busyListeners(listeners: readonly Listener[]): Promise<LogwardenError[]> {
  const problems: LogwardenError[] = [];
  const held: Array<() => Promise<void>> = [];
  try {
    for (const listener of listeners) {
      const address = parseListenAddress(listener.address) as ListenAddress; // validated by the schema
      if (address.port === 0) continue;
      try {
        held.push(await (listener.protocol === 'tcp' ? bindTcp(address) : bindUdp(address)));
      } catch (error) {
        problems.push(listenProblem(listener, error as NodeJS.ErrnoException));
      }
    }
  } finally {
    await Promise.all(held.map((close) => close()));
  }
  return problems;
}

function listenProblem(listener: Listener, error: NodeJS.ErrnoException): LogwardenError {
  const where = `${listener.key} ${listener.address} (${listener.protocol.toUpperCase()})`;
  const details = { key: listener.key, address: listener.address };
  if (error.code === 'EADDRINUSE') {
    return new LogwardenError(
      'LW_PORT_IN_USE',
      `${where}: the address is already in use, by another process or another listener of this config: stop that process or choose another port (${listener.flag})`,
      details,
    );
  }
  const why =
    error.code === 'EACCES'
      ? 'permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)'
      : error.code === 'EADDRNOTAVAIL'
        ? 'no network interface of this host has that address'
        : error.message;
  return new LogwardenError('LW_CONFIG_INVALID', `${where}: cannot listen: ${why}; choose another address (${listener.flag})`, details);
}

function bindTcp(address: ListenAddress): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: address.host, port: address.port, exclusive: true }, () => resolve(() => new Promise((closed) => server.close(() => closed()))));
  });
}

function bindUdp(address: ListenAddress): Promise<() => Promise<void>> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(address.host) ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind({ address: address.host, port: address.port, exclusive: true }, () => resolve(() => new Promise((closed) => socket.close(() => closed()))));
  });
}
