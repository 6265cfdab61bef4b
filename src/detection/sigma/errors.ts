// The compiler's one error: a rule it cannot run, with the reason the loader lists for the skipped
// rule (`unmapped field CommandLine`, `unknown modifier foo`). Its own file so that every part of
// the compiler can throw it without importing detection.ts, which imports them. Pure.

/** A rule the compiler cannot run; its message is the reason listed for the skipped rule. */
export class SigmaRuleError extends Error {
  override readonly name = 'SigmaRuleError';
}
