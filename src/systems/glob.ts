// Host name globs of the systems inventory (`match.host`): `*` is any run of characters, `?` one
// character, everything else itself, case-insensitive. Matched by the two-pointer wildcard walk
// (back to the last `*` on a mismatch): time at most length(name) × length(glob), never the
// exponential backtracking a regular expression with several `.*` can fall into on a long name
// a sender chose. Pure.

export class HostGlob {
  readonly text: string;
  readonly #pattern: string;

  constructor(text: string) {
    this.text = text;
    // Runs of `*` are one `*`: fewer restart points, same language.
    this.#pattern = text.toLowerCase().replace(/\*+/g, '*');
  }

  /** Whether `name` (already lower-case) matches. */
  matches(name: string): boolean {
    const pattern = this.#pattern;
    let p = 0;
    let n = 0;
    let star = -1;
    let resume = 0;
    while (n < name.length) {
      const char = pattern[p];
      if (char === '*') {
        star = p++;
        resume = n;
      } else if (char !== undefined && (char === '?' || char === name[n])) {
        p++;
        n++;
      } else if (star !== -1) {
        p = star + 1;
        n = ++resume;
      } else return false;
    }
    while (pattern[p] === '*') p++;
    return p === pattern.length;
  }
}
