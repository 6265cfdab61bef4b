// Leaf formats: how a record's canonical JSON (its ledger leaf's input) is written. A record keeps
// the format it was hashed with for good, so a change to the record's shape (a string field
// becoming a list) gets a new format rather than new leaves for old records. The ledger metadata
// (table `ledger_leaf_formats`, docs/ledger.md) says from which sequence number each format
// applies; the ledger's hashing, `verify`, proofs and evidence all use the format of the record's
// range. Pure.
//   1: array fields (event.category, event.type) as the strings they were: a one-element list is
//      its element, an empty one is absent, a longer one a JSON array (never stored in format 1).
//   2: array fields as JSON arrays of strings.
import { fieldByName } from '../schema/fields.ts';
import type { PublicEvent } from '../schema/present.ts';

export type LeafFormat = 1 | 2;

export const CURRENT_LEAF_FORMAT: LeafFormat = 2;

export function isLeafFormat(value: unknown): value is LeafFormat {
  return value === 1 || value === 2;
}

/** Format `format` applies to sequence numbers from `from` up to the next start. */
export interface LeafFormatStart {
  readonly from: number;
  readonly format: LeafFormat;
}

export interface FormatRange {
  readonly from: number;
  /** Exclusive. */
  readonly to: number;
  readonly format: LeafFormat;
}

/** Which format each sequence number's leaf is in. */
export class LeafFormats {
  /** A store whose every record is in the current format (new stores). */
  static readonly current = new LeafFormats([{ from: 0, format: CURRENT_LEAF_FORMAT }]);

  readonly starts: readonly LeafFormatStart[];

  constructor(starts: readonly LeafFormatStart[]) {
    const sorted = [...starts].sort((a, b) => a.from - b.from);
    // Numbers below the first start cannot exist in a store; they take the first format anyway.
    this.starts = sorted.length > 0 ? sorted : LeafFormats.current.starts;
  }

  formatOf(seq: number): LeafFormat {
    let format = (this.starts[0] as LeafFormatStart).format;
    for (const start of this.starts) if (start.from <= seq) format = start.format;
    return format;
  }

  /** [from, to) cut where the format changes, in order. */
  ranges(from: number, to: number): FormatRange[] {
    const ranges: FormatRange[] = [];
    let at = from;
    while (at < to) {
      const next = this.starts.find((start) => start.from > at)?.from ?? Infinity;
      const end = Math.min(to, next);
      ranges.push({ from: at, to: end, format: this.formatOf(at) });
      at = end;
    }
    return ranges;
  }
}

/** The record as its leaf format writes it (the API always presents the current shape). */
export function inLeafFormat(record: PublicEvent, format: LeafFormat): PublicEvent {
  if (format !== 1) return record;
  const out: PublicEvent = {};
  for (const [name, value] of Object.entries(record)) {
    if (!fieldByName(name)?.array || !Array.isArray(value)) out[name] = value;
    else if (value.length === 1) out[name] = value[0] as string;
    else if (value.length > 1) out[name] = value;
  }
  return out;
}
