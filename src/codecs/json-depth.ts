// How deeply a sender's JSON nests, measured without recursion: JSON.parse accepts any depth, but
// everything that walks the result recursively (flattening, JSON.stringify, the label codec) runs
// out of stack somewhere in the thousands of levels, and one such line used to fail its whole
// request. The normalisers refuse to walk deeper than a bound instead, and keep the line verbatim.

/** Objects and arrays nested deeper than this are not walked (docs/limits.md). */
export const MAX_JSON_DEPTH = 64;

/** True when `value` has objects or arrays nested more than `limit` levels (`{}` is one level). */
export function exceedsJsonDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop() as [unknown, number];
    if (current === null || typeof current !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(current)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * The source text of each element of the JSON array `text` (which must be valid JSON, an array),
 * in order, found by scanning rather than by parsing, so that an element too deep to serialise
 * again can still be stored exactly as it was sent.
 */
export function arrayElementTexts(text: string): string[] {
  const elements: string[] = [];
  let depth = 0;
  let inString = false;
  let start = -1;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') depth++;
    else if (char === ']' || char === '}') depth--;
    if (depth === 1 && (char === '[' || char === ',') && start < 0) start = index + 1;
    if ((depth === 1 && char === ',') || (depth === 0 && char === ']')) {
      const element = text.slice(start, index).trim();
      if (element !== '') elements.push(element);
      start = char === ',' ? index + 1 : -1;
    }
  }
  return elements;
}
