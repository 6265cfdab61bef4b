// The multi-needle scan: one pass over a field's text finds which of many literals occur in it,
// whatever their number — an Aho-Corasick automaton compiled to a dense table (state × character
// class → state), so each character of the text costs one array read. Written here rather than
// taken from npm: the needles are ASCII after folding (fold.ts), which makes a small dense table
// possible, and the scan must fold the text exactly as the needles were folded — a general string
// library would need the text lowered into a copy first. Text characters that no needle contains
// send the automaton back to its start. Pure.
import { foldChar } from './fold.ts';

export class NeedleScan {
  /** Character class of each folded ASCII code (0: in no needle). */
  readonly #classOf = new Uint8Array(128);
  readonly #classes: number;
  /** next[state * classes + class]: the state after reading a character of that class. */
  readonly #next: Int32Array;
  /** The needles (their indices) that end at each state, suffixes included. */
  readonly #output: readonly (readonly number[])[];

  /** Needles must be folded ASCII (fold.ts longestAsciiRun), at least one character each. */
  constructor(needles: readonly string[]) {
    let classes = 1;
    for (const needle of needles) {
      if (needle === '') throw new Error('empty needle');
      for (let i = 0; i < needle.length; i++) {
        const code = needle.charCodeAt(i);
        if (code >= 0x80 || foldChar(code) !== code) throw new Error(`needle not folded ASCII: ${JSON.stringify(needle)}`);
        if (this.#classOf[code] === 0) this.#classOf[code] = classes++;
      }
    }
    this.#classes = classes;
    const trie = this.#trie(needles);
    this.#next = trie.next;
    this.#output = this.#link(trie.next, trie.output, trie.states);
  }

  /** Calls found(index) for each needle occurring in the text (a needle may be reported more than once). */
  scan(text: string, found: (needle: number) => void): void {
    const classOf = this.#classOf;
    const next = this.#next;
    const classes = this.#classes;
    const output = this.#output;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = foldChar(text.charCodeAt(i));
      const cls = code < 0x80 ? classOf[code]! : 0;
      state = next[state * classes + cls]!;
      const out = output[state]!;
      for (let k = 0; k < out.length; k++) found(out[k]!);
    }
  }

  #trie(needles: readonly string[]): { next: Int32Array; output: number[][]; states: number } {
    const classes = this.#classes;
    const size = 1 + needles.reduce((sum, needle) => sum + needle.length, 0);
    // -1: no edge yet (filled in by #link); state 0 is the start.
    const next = new Int32Array(size * classes).fill(-1);
    const output: number[][] = [[]];
    let states = 1;
    needles.forEach((needle, index) => {
      let state = 0;
      for (let i = 0; i < needle.length; i++) {
        const slot = state * classes + this.#classOf[needle.charCodeAt(i)]!;
        if (next[slot] === -1) {
          next[slot] = states++;
          output.push([]);
        }
        state = next[slot]!;
      }
      output[state]!.push(index);
    });
    return { next, output, states };
  }

  /** Breadth first: each state's failure link, its missing edges (the DFA) and its suffixes' outputs. */
  #link(next: Int32Array, output: number[][], states: number): number[][] {
    const classes = this.#classes;
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (let c = 0; c < classes; c++) {
      const child = next[c]!;
      if (child <= 0) next[c] = 0;
      else queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      output[state] = [...output[state]!, ...output[fail[state]!]!];
      for (let c = 0; c < classes; c++) {
        const slot = state * classes + c;
        const child = next[slot]!;
        const viaFail = next[fail[state]! * classes + c]!;
        if (child === -1) next[slot] = viaFail;
        else {
          fail[child] = viaFail;
          queue.push(child);
        }
      }
    }
    return output;
  }
}
