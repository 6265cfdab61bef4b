// `rules import DIR` sends a checkout (SigmaHQ's has thousands of files) in requests of bounded
// size: each under the server's body limit and its files-per-request cap, in path order, with the
// correlation files last so that the rules they refer to are already imported when they arrive.
// Pure.
import type { RuleFile } from '../detection/rule-files.ts';

export interface ChunkLimits {
  /** Most files in one request (the server takes at most MAX_IMPORT_FILES). */
  readonly maxFiles: number;
  /** Most bytes of rule text in one request (kept well under http.maxBodyBytes, with room for JSON escaping). */
  readonly maxBytes: number;
}

/** Sigma correlation documents have a top-level `correlation:` key. */
export function isCorrelationFile(text: string): boolean {
  return /^correlation:/m.test(text);
}

/** The files in requests: detection rules first, then correlations, each in path order; a file larger than maxBytes travels alone. */
export function chunkRuleFiles(files: readonly RuleFile[], limits: ChunkLimits): RuleFile[][] {
  const ordered = [...files.filter((file) => !isCorrelationFile(file.text)), ...files.filter((file) => isCorrelationFile(file.text))];
  const chunks: RuleFile[][] = [];
  let current: RuleFile[] = [];
  let bytes = 0;
  for (const file of ordered) {
    const size = Buffer.byteLength(file.text) + Buffer.byteLength(file.path);
    if (current.length > 0 && (current.length >= limits.maxFiles || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
