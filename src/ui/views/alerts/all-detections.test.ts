import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchAllDetections, type DetectionsPage } from './all-detections.ts';

/** A server of `total` detections numbered 1…total answering `size` per page. */
function pages(total: number, size: number) {
  const asked: (number | undefined)[] = [];
  const fetchPage = async (after: number | undefined): Promise<DetectionsPage<number>> => {
    asked.push(after);
    const start = after ?? 0;
    const detections = Array.from({ length: Math.min(size, total - start) }, (_, k) => start + k + 1);
    const last = detections.at(-1);
    return last !== undefined && last < total ? { detections, next: last } : { detections };
  };
  return { fetchPage, asked };
}

test('every page is read, each after the previous one’s next, with progress after each', async () => {
  const server = pages(2500, 1000);
  const progress: number[] = [];
  const all = await fetchAllDetections(server.fetchPage, new AbortController().signal, (loaded) => progress.push(loaded));
  assert.equal(all.length, 2500);
  assert.deepEqual(all.slice(998, 1002), [999, 1000, 1001, 1002]);
  assert.deepEqual(server.asked, [undefined, 1000, 2000]);
  assert.deepEqual(progress, [1000, 2000, 2500]);
});

test('cancelling stops between pages', async () => {
  const server = pages(5000, 1000);
  const controller = new AbortController();
  await assert.rejects(
    fetchAllDetections(server.fetchPage, controller.signal, (loaded) => {
      if (loaded >= 2000) controller.abort();
    }),
    { name: 'AbortError' },
  );
  assert.deepEqual(server.asked, [undefined, 1000]);
});

test('a next that does not move ends the reading', async () => {
  const all = await fetchAllDetections(
    async () => ({ detections: [1], next: 7 }),
    new AbortController().signal,
    () => undefined,
  );
  assert.deepEqual(all, [1, 1]);
});
