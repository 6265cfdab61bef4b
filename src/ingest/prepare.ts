// What the pipeline does to every source event before its server fields are stamped, in order:
// the per-program parsers read security fields from the message (src/parsers/); the systems
// inventory places the event in a system (src/systems/inventory.ts); the clock check reads a
// zoneless timestamp in the system's or listener's zone and flags a sender whose clock is off
// (src/systems/clock-skew.ts). logwarden's own events skip the parsers and belong to the system
// `logwarden`. Built once from the config in src/server.ts and handed to the pipeline.
import type { Metrics } from '../observability/metrics.ts';
import { recogniseParser, type ParserTable } from '../parsers/recognise.ts';
import { PARSER_TABLE } from '../parsers/table.ts';
import type { LogEvent } from '../schema/event.ts';
import { ClockCheck } from '../systems/clock-skew.ts';
import { SystemsInventory } from '../systems/inventory.ts';
import type { Config } from '../config/schema.ts';
import type { Clock } from '../runtime/clock.ts';
import type { RecordInternal } from './internal-events.ts';

/** The system logwarden's own events belong to (R-EVENTS-1: use of the log management system itself). */
export const LOGWARDEN_SYSTEM = 'logwarden';

export interface EventPreparation {
  /** Prepare one event in place; returns the name of its system. */
  prepare(event: LogEvent): string;
}

export interface PreparationParts {
  readonly parsers: ParserTable | undefined;
  readonly inventory: SystemsInventory;
  readonly clockCheck: ClockCheck;
  readonly metrics: Pick<Metrics, 'parsed'>;
}

export class Preparation implements EventPreparation {
  readonly parts: PreparationParts;

  constructor(parts: PreparationParts) {
    this.parts = parts;
  }

  prepare(event: LogEvent): string {
    if (event['logwarden.source.protocol'] === 'internal') return LOGWARDEN_SYSTEM;
    const { parsers, inventory, clockCheck, metrics } = this.parts;
    if (parsers) {
      const recognised = recogniseParser(event, parsers);
      if (recognised !== undefined) metrics.parsed.inc({ parser: recognised });
    }
    const system = inventory.assign(event);
    clockCheck.check(event, system);
    return system.name;
  }
}

export interface PreparationRuntime {
  readonly metrics: Metrics;
  readonly clock: Clock;
  /**
   * Stores a logwarden event (a clock-skew episode). Never call it from inside prepare(): that
   * runs within a submit, and a nested submit would take sequence numbers in the middle of it;
   * defer it (queueMicrotask) instead.
   */
  readonly record: RecordInternal;
}

/** The preparation a configured server runs. */
export function configuredPreparation(config: Config, { metrics, record }: PreparationRuntime): Preparation {
  const { clockSkew, defaultTimezone, listenerTimezones } = config.ingest;
  return new Preparation({
    parsers: config.ingest.parsers ? PARSER_TABLE : undefined,
    inventory: new SystemsInventory(config.systems),
    clockCheck: new ClockCheck({ ...clockSkew, defaultTimezone, listenerTimezones, metrics, record }),
    metrics,
  });
}

/** Nothing but the system name every event had before the inventory: for tests and tools. */
export const UNPREPARED: EventPreparation = { prepare: (event) => (event['logwarden.source.protocol'] === 'internal' ? LOGWARDEN_SYSTEM : 'unassigned') };
