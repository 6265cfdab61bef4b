// Saved searches (`GET/POST /api/v1/saved-searches`, `DELETE /api/v1/saved-searches/:id`): a named
// query, time range and column list a user keeps for themselves. Pure.
import { z } from 'zod';

/** A time bound as the search takes it: ISO 8601, epoch ms, or relative like `now-15m`. */
const timeBound = z.string().min(1).max(64);

export const savedSearchBody = z.object({
  name: z.string().trim().min(1, 'expected a name').max(100),
  query: z.string().max(10_000),
  range: z.object({ from: timeBound, to: timeBound }),
  columns: z.array(z.string().min(1).max(200)).min(1).max(50),
});
export type SavedSearchBody = z.input<typeof savedSearchBody>;

export const savedSearch = savedSearchBody.extend({
  id: z.string().min(1).max(64),
  /** ISO 8601, when it was saved. */
  savedAt: z.string(),
});
export type SavedSearchContract = z.infer<typeof savedSearch>;

export const savedSearchList = z.object({ savedSearches: z.array(savedSearch) });
export type SavedSearchListContract = z.infer<typeof savedSearchList>;

export const savedSearchIdParams = z.object({ id: z.string().regex(/^[0-9a-f]{16,64}$/, 'expected a saved search id') });
