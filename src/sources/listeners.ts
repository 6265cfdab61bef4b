// The network listeners the config asks for, each a component named after its config key. Which
// ones exist is decided here, once, from the config; each opens with the same source deps.
import { parseListenAddress, type ListenAddress } from '../config/address.ts';
import type { Config } from '../config/schema.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import { ListenerComponent } from './listener-component.ts';
import { startRelp } from './relp.ts';
import type { SyslogSourceDeps } from './syslog-frames.ts';
import { startSyslogTcp } from './syslog-tcp.ts';
import { startSyslogTls } from './syslog-tls.ts';
import { startSyslogUdp, type RunningSource } from './syslog-udp.ts';

export interface ListenerRuntime {
  /** The running pipeline, asked for when a listener opens (its component has started by then). */
  readonly pipeline: () => IngestPipeline;
  readonly metrics: Metrics;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** `dependencies`: what must be up before any listener accepts an event (the pipeline, the disk guard). */
export function listenerComponents(config: Config, runtime: ListenerRuntime, dependencies: readonly string[], stopTimeoutMs: number): ListenerComponent[] {
  const { logger } = runtime;
  let deps: SyslogSourceDeps | undefined;
  const sourceDeps = (): SyslogSourceDeps =>
    (deps ??= {
      pipeline: runtime.pipeline(),
      metrics: runtime.metrics,
      clock: runtime.clock,
      maxEventBytes: config.ingest.maxEventBytes,
      defaultTimezone: config.ingest.defaultTimezone,
      syslog: config.syslog,
    });
  const listener = (name: string, open: () => Promise<RunningSource>) => new ListenerComponent(name, open, dependencies, stopTimeoutMs);
  const found: ListenerComponent[] = [];
  const { tcp, udp, tls, relp } = config.syslog;
  if (tcp) found.push(listener('syslog.tcp', () => startSyslogTcp(address(tcp), sourceDeps(), logger)));
  if (udp) found.push(listener('syslog.udp', () => startSyslogUdp(address(udp), sourceDeps(), logger)));
  if (tls.listen && tls.cert && tls.key) {
    const options = { listen: address(tls.listen), cert: tls.cert, key: tls.key, clientCa: tls.clientCa, reloadIntervalMs: tls.reloadIntervalMs };
    found.push(listener('syslog.tls', () => startSyslogTls(options, sourceDeps(), logger)));
  }
  if (relp.listen) {
    const relpTls = relp.tls && tls.cert && tls.key ? { cert: tls.cert, key: tls.key, clientCa: tls.clientCa, reloadIntervalMs: tls.reloadIntervalMs } : undefined;
    const listen = address(relp.listen);
    found.push(listener('syslog.relp', () => startRelp({ listen, tls: relpTls }, sourceDeps(), logger)));
  }
  return found;
}

function address(text: string): ListenAddress {
  return parseListenAddress(text) as ListenAddress; // validated by the config schema
}
