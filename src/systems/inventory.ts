// The systems inventory at work: the first configured system whose match rules fit how an event
// arrived names its `logwarden.system`. Placeholder until issue 11's inventory work lands: every
// event is unassigned.
import type { SystemConfig } from '../config/systems-schema.ts';
import type { LogEvent } from '../schema/event.ts';
import { UNASSIGNED_SYSTEM } from '../transforms/server-fields.ts';

/** The system an event was placed in, and what the pipeline needs of it. */
export interface AssignedSystem {
  readonly name: string;
  /** Zone for timestamps that carry none (RFC 3164), when the system has one. */
  readonly timezone?: string;
}

export const UNASSIGNED: AssignedSystem = { name: UNASSIGNED_SYSTEM };

export class SystemsInventory {
  readonly systems: readonly SystemConfig[];

  constructor(systems: readonly SystemConfig[]) {
    this.systems = systems;
  }

  /** The first system whose rules match the event; `unassigned` when none does. */
  assign(_event: Readonly<LogEvent>): AssignedSystem {
    return UNASSIGNED;
  }
}
