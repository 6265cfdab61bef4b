// Test-only: fields of every kind added the way a real one is — a registry line each with the
// version of the migration that adds it, and that migration built by addColumnStatements. A test
// imports this module before anything else, so every consumer of the registry (leaf SQL, codec,
// query compiler, DDL) is built with these fields, exactly as after a one-line registry change.
// It imports nothing but the registry, so nothing that reads the registry has run yet; the test
// adds the migration (testMigration) before it opens the store.
import { extendRegistryForTest, field, type FieldDef } from '../schema/fields.ts';

/** Far above the released and reserved versions. */
export const TEST_VERSION = 1000;

export const EVOLUTION_FIELDS: readonly FieldDef[] = [
  field('test.keyword', 'LowCardinality(String)', 'keyword', 'a keyword added later', { since: TEST_VERSION }),
  field('test.note', 'String', 'keyword', 'a plain string added later', { since: TEST_VERSION }),
  field('test.maybe', 'Nullable(Int64)', 'int', 'a Nullable number added later', { since: TEST_VERSION }),
  field('test.count', 'UInt32', 'int', 'a non-Nullable number added later (0 is absent)', { since: TEST_VERSION }),
  field('test.when', "DateTime64(3, 'UTC')", 'time', 'a time added later (the epoch is absent)', { since: TEST_VERSION }),
  field('test.addr', 'String', 'ip', 'an address added later', { since: TEST_VERSION }),
  field('test.flag', 'Bool', 'bool', 'a flag added later', { since: TEST_VERSION }),
  field('test.attrs', 'Map(String, String)', 'map', 'a map added later', { since: TEST_VERSION }),
  field('test.tags', 'Array(LowCardinality(String))', 'keyword', 'a list added later', { since: TEST_VERSION, array: true }),
];

extendRegistryForTest(EVOLUTION_FIELDS);
