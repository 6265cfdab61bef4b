// A rule's revision: the first 16 hex digits of the SHA-256 of its document's canonical JSON
// (RFC 8785, src/ledger/canonical-json.ts). Canonical, so re-indenting a file, reordering its keys
// or changing its comments leaves the revision alone, while any change to what the rule says gives
// a new one — and with it new detection ids (detection.ts), so an edited rule's detections are new.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../ledger/canonical-json.ts';

/** Throws CanonicalJsonError for a value JSON cannot hold (e.g. YAML's `.inf`). */
export function ruleRevision(document: unknown): string {
  return createHash('sha256').update(canonicalJson(document)).digest('hex').slice(0, 16);
}
