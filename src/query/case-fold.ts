// The one case-folding rule of case-insensitive matching, shared by both backends: Unicode simple
// case folding (CaseFolding.txt, statuses C and S), which is what RE2's (?i) does in the engine and
// what JavaScript's `iu` flags do in the matcher. ſ (U+017F) folds with s and S, the Kelvin sign
// with k, ẞ with ß; İ (U+0130) and ı (U+0131) fold with nothing, and nothing folds to several
// characters (ß does not match "ss"). ClickHouse's ILIKE is not used: its per-character folding is
// its own ('staging' ILIKE '%ſ%' is false).
//
// The engine's RE2 tables predate Unicode 16 (2024), whose new case pairs V8 already folds; the
// matcher writes those letters as case-sensitive groups so that it folds them as RE2 does — not at
// all. case-fold.test.ts checks every case pair against the real engine, so an upgrade of either
// side shows up there. Pure.

/** Letters whose case pair RE2 in the engine does not know (Unicode 16 additions). */
const RE2_UNPAIRED: readonly (readonly [number, number])[] = [
  [0x019b, 0x019b], // ƛ ↔ U+A7DC
  [0x0264, 0x0264], // ɤ ↔ U+A7CB
  [0x1c89, 0x1c8a],
  [0xa7cb, 0xa7cd],
  [0xa7da, 0xa7dc],
  [0x10d50, 0x10d65], // Garay capitals
  [0x10d70, 0x10d85], // Garay small letters
];

/** True when RE2's (?i) leaves this code point unfolded while JavaScript's `iu` would fold it. */
export function isRe2Unpaired(codePoint: number): boolean {
  return RE2_UNPAIRED.some(([low, high]) => codePoint >= low && codePoint <= high);
}
