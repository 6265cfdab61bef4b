// "Did you mean …?" for unknown field names: the known name with the smallest edit distance.

import { FIELDS, FIELD_ALIASES } from '../schema/fields.ts';

// Bounds the O(n·m) distance computation for hostile, very long names.
const MAX_COMPARED_LENGTH = 64;

export function closestFieldName(name: string): string {
  const typed = name.slice(0, MAX_COMPARED_LENGTH);
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of candidateNames(typed)) {
    const distance = editDistance(typed, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function candidateNames(typed: string): string[] {
  const names = [...FIELDS.map((f) => f.name), ...Object.keys(FIELD_ALIASES)];
  // `label.env` should suggest `labels.env`, not the bare map name: keep the typed key.
  const dot = typed.indexOf('.');
  if (dot > 0) {
    for (const map of FIELDS.filter((f) => f.kind === 'map')) names.push(`${map.name}.${typed.slice(dot + 1)}`);
  }
  return names;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
