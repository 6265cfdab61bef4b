// A record's ledger leaf hash, recomputed in the browser from the record the proof answer carries:
// SHA-256(0x00 ‖ RFC 8785 canonical JSON of the record in its leaf format), as
// src/ledger/leaf.ts (publicRecordLeafHash) computes it. Pure apart from crypto.subtle.
import type { PublicEventContract } from '../../../../contracts/event.ts';
import { canonicalJson } from './canonical-json.ts';
import { leafHash } from './merkle.ts';

/** src/ledger/leaf-format.ts: 1 wrote list fields as strings, 2 (current) as lists. */
export type LeafFormat = 1 | 2;

export function recordLeafHash(record: PublicEventContract, format: LeafFormat): Promise<Uint8Array> {
  return leafHash(new TextEncoder().encode(canonicalJson(inLeafFormat(record, format))));
}

/**
 * Format 1 wrote a list field as the string it was: one element as that element, none as absent,
 * more as the list. Only list fields hold arrays in a presented record, so every array is one.
 */
function inLeafFormat(record: PublicEventContract, format: LeafFormat): PublicEventContract {
  if (format !== 1) return record;
  const out: Record<string, PublicEventContract[string]> = {};
  for (const [name, value] of Object.entries(record)) {
    if (!Array.isArray(value)) out[name] = value;
    else if (value.length === 1) out[name] = value[0] as string;
    else if (value.length > 1) out[name] = value;
  }
  return out;
}
