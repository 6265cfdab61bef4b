// Every reason an input is flagged or refused for is one of the closed set REJECT_REASONS: the
// metrics label, the stored `logwarden.parse.error` and the docs all speak of that set only.
// Most call sites are held to it by their types (RejectReason); this test also reads the source
// for reasons written as literals where the type is a plain string (the metrics counters' labels).
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import type { OtlpRejectReason } from '../codecs/otlp-logs.ts';
import { REJECT_REASONS, type RejectReason } from './event.ts';

const SRC = new URL('..', import.meta.url).pathname;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.fixtures.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `reason: 'x'` inside a `rejected.inc({…})` call, and `const NAME: RejectReason = 'x'`. */
function literalReasons(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/rejected\.inc\(\{[^}]*?reason:\s*'([^']*)'/g)) found.push(match[1] as string);
  for (const match of text.matchAll(/:\s*RejectReason\s*=\s*'([^']*)'/g)) found.push(match[1] as string);
  return found;
}

test('every reject reason written in the source is in REJECT_REASONS (bad_action included)', async () => {
  const closed = new Set<string>(REJECT_REASONS);
  const used = new Map<string, string>();
  for (const file of await sourceFiles(SRC)) {
    for (const reason of literalReasons(await readFile(file, 'utf8'))) used.set(reason, path.relative(SRC, file));
  }
  // The scan must see the literal reasons known to be there, or it proves nothing.
  for (const known of ['bad_action', 'http_request', 'bad_frame']) assert.ok(used.has(known), `the scan found no use of ${known}`);
  for (const [reason, file] of used) assert.ok(closed.has(reason), `${file} uses reject reason "${reason}", which is not in REJECT_REASONS`);
});

test('the scan recognises a reason outside the set', () => {
  assert.deepEqual(literalReasons("metrics.rejected.inc({ protocol: 'x', reason: 'made_up' });"), ['made_up']);
});

test('the OTLP decoder reasons are a subset of the closed set (checked by the compiler)', () => {
  const otlp: readonly OtlpRejectReason[] = ['invalid_field', 'too_deep'];
  const asRejectReasons: readonly RejectReason[] = otlp; // fails to compile if OtlpRejectReason ever leaves the set
  for (const reason of asRejectReasons) assert.ok(REJECT_REASONS.includes(reason));
});
