// Windows decided at close, waiting for event time to pass their end: a binary min-heap by end,
// so each event looks only at the windows that are due instead of at every group. An entry whose
// group has since moved its window is stale and skipped by the caller. Pure.

export interface Due {
  readonly key: string;
  readonly to: number;
}

export class CloseQueue {
  readonly #heap: Due[] = [];

  get size(): number {
    return this.#heap.length;
  }

  push(due: Due): void {
    const heap = this.#heap;
    heap.push(due);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.to <= heap[i]!.to) break;
      [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
      i = parent;
    }
  }

  /** The next window whose end lies before `watermark`, removed; undefined when none is due. */
  popDue(watermark: number): Due | undefined {
    const heap = this.#heap;
    if (heap.length === 0 || heap[0]!.to >= watermark) return undefined;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown();
    }
    return top;
  }

  #siftDown(): void {
    const heap = this.#heap;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let least = i;
      if (left < heap.length && heap[left]!.to < heap[least]!.to) least = left;
      if (right < heap.length && heap[right]!.to < heap[least]!.to) least = right;
      if (least === i) return;
      [heap[least], heap[i]] = [heap[i]!, heap[least]!];
      i = least;
    }
  }
}
