// The review report's one query (report.ts): which rules made a detection in the period, by one
// GROUP BY over the stored detection events, within the caller's systems. Parameterised SQL, run
// on the store's search slots.
import type { SqlRead } from '../detection/detection-store.ts';
import type { Scope } from '../query/scope.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';

const column = (name: string): string => `\`${(fieldByName(name) as FieldDef).column}\``;

/** Rule id → how many detections it made with event times in [from, to). */
export async function detectionsByRule(read: SqlRead, period: { readonly from: number; readonly to: number; readonly scope: Scope }): Promise<Map<string, number>> {
  const clauses = ["event_kind = 'alert'", "timestamp >= fromUnixTimestamp64Milli({lw_from:Int64}, 'UTC')", "timestamp < fromUnixTimestamp64Milli({lw_to:Int64}, 'UTC')"];
  const params: Record<string, string | number | readonly string[]> = { lw_from: period.from, lw_to: period.to };
  if (period.scope.kind === 'systems') {
    clauses.push(`hasAll({lw_systems:Array(String)}, ${column('logwarden.detection.systems')})`);
    params['lw_systems'] = period.scope.systems;
  }
  const rows = await read<{ rule: string; n: string | number }>(
    `SELECT toString(${column('rule.id')}) AS rule, uniqExact(${column('event.id')}) AS n FROM events WHERE ${clauses.join(' AND ')} GROUP BY rule`,
    params,
  );
  return new Map(rows.map((row) => [row.rule, Number(row.n)]));
}
