// The live tail's consumer of the stored stream: it is handed each range of newly stored records
// like the ledger and detection are, reads them from memory (RecentStoredRecords: the pipeline's
// own events, no query) and publishes them to the tail hub. A tail shows what is stored from now
// on, so it never replays: after a restart it starts after the last stored record (resumeAfter),
// and keeps no durable cursor. With nobody tailing it lets each batch go unread.
import { setImmediate } from 'node:timers/promises';
import type { EventStore } from '../store/event-store.ts';
import type { SequenceRange, StoredRecords, StreamConsumer } from './consumer.ts';
import type { RecentStoredRecords } from './recent-stored-records.ts';
import type { TailHub } from './tail-hub.ts';

/** Records matched between two yields to the event loop. */
const SLICE = 256;

export class TailConsumer implements StreamConsumer {
  readonly name = 'tail';
  readonly #hub: TailHub;
  readonly #recent: RecentStoredRecords;
  readonly #store: Pick<EventStore, 'lastSequence'>;

  constructor(hub: TailHub, recent: RecentStoredRecords, store: Pick<EventStore, 'lastSequence'>) {
    this.#hub = hub;
    this.#recent = recent;
    this.#store = store;
  }

  resumeAfter(): Promise<number> {
    return this.#store.lastSequence();
  }

  async consume(range: SequenceRange, records: StoredRecords): Promise<void> {
    try {
      if (this.#hub.size === 0) return;
      const events = await this.#recent.over(records).read(range);
      // In slices, yielding between them: matching a large batch for many tails must not hold
      // the event loop, which the listeners and the API share, for longer than a slice.
      for (let at = 0; at < events.length; at += SLICE) {
        if (at > 0) await setImmediate();
        this.#hub.publish(events.slice(at, at + SLICE));
      }
    } finally {
      this.#recent.release(range.end);
    }
  }
}
