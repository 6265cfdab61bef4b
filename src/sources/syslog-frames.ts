// What every syslog source does with a received frame: normalise it (flagging, never dropping,
// what cannot be parsed), count it, and hand it to the pipeline.
import type { Frame } from '../codecs/framing.ts';
import type { IngestPipeline } from '../ingest/pipeline.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Clock } from '../runtime/clock.ts';
import type { LogEvent, SourceIdentity } from '../schema/event.ts';
import { normaliseSyslog } from '../transforms/normalise-syslog.ts';
import type { StreamLimits } from './connections.ts';

/** The `syslog` settings the listeners use (the config's `syslog` section has them). */
export interface SyslogListenerSettings extends StreamLimits {
  /** Receive buffer asked of the kernel for each UDP socket. */
  readonly udpReceiveBufferBytes: number;
}

export interface SyslogSourceDeps {
  readonly pipeline: IngestPipeline;
  readonly metrics: Metrics;
  readonly maxEventBytes: number;
  readonly defaultTimezone: string;
  readonly syslog: SyslogListenerSettings;
  /** Receipt time of each frame (`event.ingested`). */
  readonly clock: Clock;
}

/** Normalise frames into events, counting each flagged one by its reason. */
export function framesToEvents(frames: readonly Frame[], source: SourceIdentity, deps: SyslogSourceDeps): LogEvent[] {
  const receivedAt = deps.clock.now();
  const events: LogEvent[] = [];
  for (const frame of frames) {
    const { event, reject } = normaliseSyslog(frame, { source, receivedAt, defaultTimezone: deps.defaultTimezone });
    if (reject) deps.metrics.rejected.inc({ protocol: source.protocol, reason: reject.reason });
    events.push(event);
  }
  deps.metrics.received.inc({ protocol: source.protocol }, events.length);
  return events;
}
