// Syslog over UDP (RFC 5426): one message per datagram. UDP cannot push back, so when the queue is
// full a datagram is dropped and counted (logwarden_events_dropped_total); docs recommend TCP.
import dgram from 'node:dgram';
import { formatListenAddress, type ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';

export interface RunningSource {
  /** The address actually bound (port 0 resolves to a real port). */
  readonly address: string;
  close(): Promise<void>;
}

export async function startSyslogUdp(listen: ListenAddress, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  const socket = dgram.createSocket({ type: listen.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: 8 * 1024 * 1024 });
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(listen.port, listen.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const bound = socket.address();
  const listener = formatListenAddress({ host: bound.address, port: bound.port });
  socket.on('error', (error) => logger.error({ err: error, listener }, 'syslog UDP socket error'));
  socket.on('message', (datagram, remote) => {
    if (!deps.pipeline.hasRoom()) {
      deps.metrics.dropped.inc({ protocol: 'syslog-udp' });
      return;
    }
    const truncated = datagram.length > deps.maxEventBytes;
    const frame = { bytes: truncated ? datagram.subarray(0, deps.maxEventBytes) : datagram, truncated };
    const source = { protocol: 'syslog-udp', listener, peer: formatListenAddress({ host: remote.address, port: remote.port }), identity: '' };
    void deps.pipeline.submit(framesToEvents([frame], source, deps)).catch(() => undefined); // closing: counted as not stored
  });
  return {
    address: listener,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
