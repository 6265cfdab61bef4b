// The table of one entity's transitions: append-only, one row per (id, n), never updated. Its DDL
// goes into a numbered migration of the entity that introduces it (never edited afterwards).

const ENTITY_NAME = /^[a-z][a-z0-9_]{0,39}$/;

/** `case` → `case_transitions`. Entity names are code, not input; checked anyway, since they become SQL identifiers. */
export function transitionTable(entity: string): string {
  if (!ENTITY_NAME.test(entity)) throw new RangeError(`entity name ${JSON.stringify(entity)} must be lower-case letters, digits and _, starting with a letter`);
  return `${entity}_transitions`;
}

/**
 * `state` holds the whole state after the transition as canonical JSON, validated by the entity's
 * zod schema on the way in and out, so a new field of an entity needs no ALTER. Sorted by (id, n):
 * the current state of one id is the last rows of one range. Durable like the events (migration 3):
 * a transition that was answered survives kill -9 and power loss.
 */
export function transitionTableDdl(entity: string): string {
  return `CREATE TABLE IF NOT EXISTS ${transitionTable(entity)} (
  id String,
  n UInt32,
  state String,
  at DateTime64(3, 'UTC'),
  by String
) ENGINE = MergeTree ORDER BY (id, n)
SETTINGS fsync_after_insert = 1, fsync_part_directory = 1`;
}
