// Hashes a run of leaves into its Merkle subtrees on a second thread, so that `verify` rebuilds a
// window's tree with both cores: this thread hashes the window's first half while the helper hashes
// the second, and MerkleFrontier.appendRange joins them (1M leaves: about 0.3 s on one thread).
// Building the tree is one SHA-256 call per node, so it cannot be made cheaper, only shared.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { HASH_SIZE, largestPowerOfTwoBelow } from './merkle.ts';

/** Leaf hashes of a run (a view on a SharedArrayBuffer, so it is shared, not copied) and the run sizes to report at. */
export interface RunJob {
  readonly leaves: Uint8Array;
  readonly stops: readonly number[];
}

/** The right edge of the run's own tree after its first `size` leaves. */
export interface RunEdge {
  readonly size: number;
  readonly edge: Uint8Array[];
}

/** Runs shorter than this are hashed faster than a message to the helper and back. */
const MIN_RUN = 1 << 15;

export class RunHasher {
  readonly #worker: Worker;
  #busy = false;

  constructor() {
    // Built code runs from dist/*.js, tests from src/*.ts: the helper is the file beside this one.
    const own = new URL(import.meta.url);
    this.#worker = new Worker(new URL(`./run-hasher-worker${path.extname(own.pathname)}`, own));
    this.#worker.unref(); // never what keeps the process alive
  }

  /**
   * Where to split `count` leaves appended to a tree of `size` leaves: this thread takes the
   * leaves before the returned index, the helper the rest. The helper's run must start at a
   * multiple of its tallest subtree (see appendRange); undefined when splitting does not pay.
   */
  static split(size: number, count: number): number | undefined {
    if (count < 2 * MIN_RUN) return undefined;
    const first = largestPowerOfTwoBelow(count);
    const tallest = largestPowerOfTwoBelow(count - first + 1); // the run's tallest subtree: its top bit
    return (size + first) % tallest === 0 ? first : undefined;
  }

  /**
   * The right edge of the run's tree after each stop (sizes within the run) and at its end. The
   * job is posted at once, so the helper works while the caller goes on; one job at a time.
   */
  hash(leaves: Buffer, stops: readonly number[]): Promise<RunEdge[]> {
    if (leaves.length % HASH_SIZE !== 0) throw new RangeError(`leaf hashes come in ${HASH_SIZE}-byte units, got ${leaves.length} bytes`);
    if (this.#busy) throw new Error('the helper thread is still hashing the previous run');
    this.#busy = true;
    const job: RunJob = { leaves, stops };
    const answer = new Promise<RunEdge[]>((resolve, reject) => {
      const failed = (error: Error): void => reject(error);
      this.#worker.once('error', failed);
      this.#worker.once('message', (edges: RunEdge[]) => {
        this.#worker.off('error', failed);
        resolve(edges);
      });
    });
    this.#worker.postMessage(job);
    return answer.finally(() => (this.#busy = false));
  }

  async close(): Promise<void> {
    await this.#worker.terminate();
  }
}
