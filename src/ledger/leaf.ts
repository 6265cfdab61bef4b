// The ledger leaf of one record, in JavaScript: SHA-256(0x00 ‖ RFC 8785 canonical JSON of the
// record as the API presents it: ECS names, ISO times, sequence number, absent fields omitted),
// written in the record's leaf format (leaf-format.ts).
// The pipeline uses it when a record is stored, and `verify-proof` when a third party checks one.
import type { LogEvent } from '../schema/event.ts';
import { presentEvent, type PublicEvent } from '../schema/present.ts';
import { compactEvent } from '../schema/empty.ts';
import { canonicalJson } from './canonical-json.ts';
import { CURRENT_LEAF_FORMAT, inLeafFormat, type LeafFormat } from './leaf-format.ts';
import { leafHash } from './merkle.ts';

/** The canonical text of a record as stored. */
export function canonicalRecord(event: LogEvent, format: LeafFormat = CURRENT_LEAF_FORMAT): string {
  return canonicalJson(inLeafFormat(presentEvent(compactEvent(event)), format));
}

export function eventLeafHash(event: LogEvent, format: LeafFormat = CURRENT_LEAF_FORMAT): Uint8Array {
  return leafHash(Buffer.from(canonicalRecord(event, format)));
}

/** Leaf hash of a record given as the API returns it (e.g. evidence handed to an auditor). */
export function publicRecordLeafHash(record: PublicEvent, format: LeafFormat = CURRENT_LEAF_FORMAT): Uint8Array {
  return leafHash(Buffer.from(canonicalJson(inLeafFormat(record, format))));
}
