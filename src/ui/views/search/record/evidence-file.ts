// "Download evidence": the record's evidence bundle as a JSON file an auditor checks without access
// to the store (`logwarden verify-proof FILE --public-key KEY`, docs/ledger.md): the record, its
// inclusion proof and the signed checkpoint, as the server answered them, plus the log's verifier
// keys as this server gave them (an auditor trusts a key only from a channel of their own) and what
// the browser's check found.
import type { Evidence, LedgerKeys, ProofCheck } from './proof-check.ts';

export function evidenceFile(evidence: Evidence, keys: LedgerKeys, check: ProofCheck, now: Date): { name: string; text: string } {
  const bundle = { ...evidence, publicKey: keys.current, verifierKeys: keys.keys, browserCheck: { ...check, at: now.toISOString() } };
  return { name: `logwarden-evidence-${evidence.seq}.json`, text: `${JSON.stringify(bundle, null, 2)}\n` };
}

/** Save `text` as a file through a temporary object URL and an `<a download>` (no inline script: CSP). */
export function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled: revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
