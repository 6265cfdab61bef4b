// Senders' clocks (R-FIELDS-2). Placeholder until issue 11's time work lands: checks nothing.
import type { LogEvent } from '../schema/event.ts';
import type { AssignedSystem } from './inventory.ts';

/** One source's clock as seen here, for /metrics and the systems list. */
export interface SourceSkew {
  /** The source's key (see clock-skew.ts): host name, else the peer's address. */
  readonly source: string;
  readonly system: string;
  /** Rolling median of @timestamp − event.ingested, ms; positive when the sender is ahead. */
  readonly medianMs: number;
  readonly samples: number;
  /** When its last event was received (epoch ms). */
  readonly lastSeen: number;
}

export class ClockCheck {
  /** Read a zoneless timestamp in its zone, then track and flag the event's skew. */
  check(_event: LogEvent, _system: AssignedSystem): void {}

  /** Every tracked source. */
  sources(): readonly SourceSkew[] {
    return [];
  }
}
