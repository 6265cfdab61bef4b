// Syslog over UDP (RFC 5426): one message per datagram. UDP cannot push back, so when the queue is
// full a datagram is dropped and counted (logwarden_events_dropped_total); docs recommend TCP.
// A burst faster than logwarden reads overflows the socket's receive buffer, where the kernel drops
// datagrams before logwarden sees them: the buffer is configurable (syslog.udpReceiveBufferBytes)
// and the kernel's drop count is exposed at /metrics (logwarden_udp_kernel_drops_total).
import dgram from 'node:dgram';
import os from 'node:os';
import { formatListenAddress, type ListenAddress } from '../config/address.ts';
import type { Logger } from '../observability/logger.ts';
import { framesToEvents, type SyslogSourceDeps } from './syslog-frames.ts';
import { readUdpKernelDrops } from './udp-kernel-drops.ts';

export interface RunningSource {
  /** The address actually bound (port 0 resolves to a real port). */
  readonly address: string;
  close(): Promise<void>;
}

export async function startSyslogUdp(listen: ListenAddress, deps: SyslogSourceDeps, logger: Logger): Promise<RunningSource> {
  const requested = deps.syslog.udpReceiveBufferBytes;
  const socket = dgram.createSocket({ type: listen.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: requested });
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
  reportReceiveBuffer(socket.getRecvBufferSize(), requested, listener, deps, logger);
  const readDrops = async (): Promise<{ listener: string; drops: number } | undefined> => {
    const drops = await readUdpKernelDrops(bound.address, bound.port);
    return drops === undefined ? undefined : { listener, drops };
  };
  deps.metrics.udpKernelDropReaders.add(readDrops);
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
    close: () => {
      deps.metrics.udpKernelDropReaders.delete(readDrops);
      return new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
}

/**
 * Linux grants twice the size asked (the doubling pays for its bookkeeping), capped at twice
 * net.core.rmem_max: a grant below that means the cap was hit.
 */
function reportReceiveBuffer(granted: number, requested: number, listener: string, deps: SyslogSourceDeps, logger: Logger): void {
  deps.metrics.udpReceiveBuffer.set({ listener }, granted);
  const details = { listener, receiveBufferBytes: granted, requestedBytes: requested };
  const doubled = os.platform() === 'linux';
  if (granted >= (doubled ? 2 * requested : requested)) {
    logger.info(details, 'syslog UDP receive buffer set');
    return;
  }
  const set = doubled ? granted / 2 : granted;
  logger.warn(
    details,
    `syslog UDP receive buffer capped by the kernel: syslog.udpReceiveBufferBytes asks ${requested} bytes, the kernel allowed ${set} (net.core.rmem_max); ` +
      `bursts beyond it are dropped by the kernel (logwarden_udp_kernel_drops_total): raise the cap with sysctl -w net.core.rmem_max=${requested}`,
  );
}
