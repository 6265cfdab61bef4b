// What the stream alone cannot know and the store remembers: for `rate`, how many events a group
// had in the same hour of previous days; for `first_seen`, whether a value was seen before the
// stream's window. The detection consumer uses SqlDetectionHistory (src/detection/history-sql.ts); tests and
// `rules test` use MemoryDetectionHistory.
export interface DetectionHistory {
  /** Defined by the correlation engine's author: see this file once built. */
  readonly kind: 'memory' | 'sql';
}

export class MemoryDetectionHistory implements DetectionHistory {
  readonly kind = 'memory' as const;
}
