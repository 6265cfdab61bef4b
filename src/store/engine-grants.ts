// What logwarden's own engine user may do (R-TAMPER-1). chDB runs every query as the user `default`
// and ignores `--user`, so least privilege is the grants of `default` itself, given to the embedded
// engine as a users configuration when it starts. Measured in chDB 3.4 (ClickHouse 26.7):
// - A `<users>` section takes effect only when the config names a users file (`users_config`); the
//   config below names itself.
// - A wildcard grant (`ON default.retired_*`, no quotes) matches by prefix; quoted, it would name one
//   table called `retired_*`.
// - `MOVE PARTITION … TO TABLE` needs `ALTER MOVE PARTITION` on the source only (and INSERT on the
//   target). DROP/DETACH PARTITION, lightweight DELETE and `REPLACE PARTITION` all need ALTER DELETE.
// - RENAME and EXCHANGE need DROP TABLE on the table renamed away: no grant allows a rename of
//   `events` without allowing its drop, so a migration that swaps tables runs at the `migration`
//   level for its duration (chdb-engine.ts), never the server's everyday engine.
// - A restart of the engine is the only way to change the grants: `SYSTEM RELOAD CONFIG` is not
//   supported in clickhouse-local, and the config is process-wide (see chdb-engine.ts).

/**
 * `restricted`: the server's and the CLI's engine. `migration`: restricted plus renames, for the
 * minutes a table-swapping migration runs. `unrestricted`: tests that tamper with a store on purpose.
 */
export type EnginePrivileges = 'restricted' | 'migration' | 'unrestricted';

/** Everything the store, the ledger, the migrations and retention do. Nothing that removes rows. */
export const RESTRICTED_GRANTS: readonly string[] = [
  // Reads and writes, the DDL of migrations (no DROP COLUMN, MODIFY COLUMN, TTL or DELETE among them).
  'GRANT SELECT, INSERT, CREATE TABLE, ALTER ADD COLUMN, ALTER ADD INDEX, ALTER MODIFY SETTING ON default.*',
  // Retention and health read which parts and partitions exist.
  'GRANT SELECT ON system.*',
  // Retention: whole partitions of events move into a side table, which is then dropped.
  'GRANT ALTER MOVE PARTITION ON default.events',
  'GRANT DROP TABLE ON default.retired_*',
];

/** A swap of tables in a migration: RENAME/EXCHANGE need DROP TABLE on both sides. */
export const MIGRATION_GRANTS: readonly string[] = [...RESTRICTED_GRANTS, 'GRANT DROP TABLE ON default.*'];

/** Grants per level; `undefined` keeps ClickHouse's default of every privilege. */
export function grantsFor(privileges: EnginePrivileges): readonly string[] | undefined {
  if (privileges === 'restricted') return RESTRICTED_GRANTS;
  if (privileges === 'migration') return MIGRATION_GRANTS;
  return undefined;
}

/** The settings profile that marks an engine started with this level: chdb-engine.ts checks it. */
export function profileName(privileges: EnginePrivileges): string {
  return `logwarden_${privileges}`;
}

/**
 * The engine's config file: it names itself as the users file, and gives `default` the grants of
 * `privileges` and a profile that says which level this is. No `access_management`, so GRANT,
 * CREATE USER and the like are refused at every level but `unrestricted`.
 */
export function engineConfigXml(privileges: EnginePrivileges, ownPath: string): string {
  const grants = grantsFor(privileges);
  const grantXml = grants ? `\n      <grants>\n${grants.map((grant) => `        <query>${escapeXml(grant)}</query>`).join('\n')}\n      </grants>` : '';
  return `<clickhouse>
  <users_config>${escapeXml(ownPath)}</users_config>
  <users>
    <default>
      <password></password>
      <networks><ip>::/0</ip></networks>
      <profile>${profileName(privileges)}</profile>
      <quota>default</quota>${grantXml}
    </default>
  </users>
  <profiles><default/><${profileName(privileges)}/></profiles>
  <quotas><default/></quotas>
</clickhouse>
`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
