// Reads of the engine's own session (the ledger's rounds and proofs, administration, the last
// sequence) spread over a few sessions: each read goes to the member with the fewest reads in
// flight, so a short read does not queue behind a long one when another member is free. Searches
// have slots of their own (query-slots.ts); this is for everything else.
export class ReadPool<Member> {
  readonly #members: readonly Member[];
  readonly #busy: number[];

  constructor(members: readonly Member[]) {
    if (members.length === 0) throw new RangeError('ReadPool needs at least one member');
    this.#members = members;
    this.#busy = members.map(() => 0);
  }

  get size(): number {
    return this.#members.length;
  }

  async run<T>(work: (member: Member) => Promise<T>): Promise<T> {
    const index = this.#leastBusy();
    this.#busy[index] = (this.#busy[index] ?? 0) + 1;
    try {
      return await work(this.#members[index] as Member);
    } finally {
      this.#busy[index] = (this.#busy[index] ?? 1) - 1;
    }
  }

  /** The first member with the fewest reads in flight: member 0 while nothing overlaps. */
  #leastBusy(): number {
    let best = 0;
    for (let i = 1; i < this.#busy.length; i++) if ((this.#busy[i] ?? 0) < (this.#busy[best] ?? 0)) best = i;
    return best;
  }
}
