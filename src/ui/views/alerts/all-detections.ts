// Every detection of an alert, page by page (GET /api/v1/alerts/:id/detections?after=&limit=):
// the alert's page holds the first 100, and an alert of a long attack holds thousands. Each page
// names the `next` to ask after; progress is reported after each page, and the signal stops it
// between pages. Pure: the caller passes the page fetcher.

export interface DetectionsPage<T> {
  readonly detections: readonly T[];
  readonly next?: number | undefined;
}

export type PageFetcher<T> = (after: number | undefined, signal: AbortSignal) => Promise<DetectionsPage<T>>;

/** Most pages read: a server that kept answering `next` must not keep the browser busy forever. */
export const MAX_PAGES = 1000;

export async function fetchAllDetections<T>(fetchPage: PageFetcher<T>, signal: AbortSignal, onProgress: (loaded: number) => void): Promise<T[]> {
  const all: T[] = [];
  let after: number | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    signal.throwIfAborted();
    const answer = await fetchPage(after, signal);
    all.push(...answer.detections);
    onProgress(all.length);
    if (answer.next === undefined || answer.next === after) return all;
    after = answer.next;
  }
  return all;
}
