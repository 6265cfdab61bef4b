// The detections of one alert, read back from the stored detection events by parameterised SQL:
// its rule's detections with its group key (the stored group map equal to the alert's) whose
// sequence numbers lie between the alert's first and newest detection (alert-state.ts). Paged by
// sequence number, since an alert keeps only its first detection ids. Run on the store's search
// slots (the API's reads).
import { DETECTION_FIELDS, storedDetection, type StoredDetection } from '../detection/detection-event.ts';
import type { SqlRead } from '../detection/detection-store.ts';
import type { Scope } from '../query/scope.ts';
import { fieldByName, type FieldDef } from '../schema/fields.ts';
import { fromRow } from '../store/row-codec.ts';
import type { AlertState } from './alert-state.ts';

const column = (name: string): string => `\`${(fieldByName(name) as FieldDef).column}\``;
const DETECTION_COLUMNS = DETECTION_FIELDS.map(column).join(', ');
const GROUP = column('logwarden.detection.group');

export interface AlertDetectionsPage {
  readonly detections: StoredDetection[];
  /** The sequence number to pass as `after` for the next page; absent on the last. */
  readonly next?: number;
}

export interface AlertDetectionsQuery {
  readonly scope: Scope;
  /** Detections with a sequence number after this one. */
  readonly after?: number;
  readonly limit: number;
}

/** The alert's detections, oldest first, one row per detection id. */
export async function alertDetections(read: SqlRead, alert: Pick<AlertState, 'rule' | 'group' | 'firstSequence' | 'lastSequence'>, query: AlertDetectionsQuery): Promise<AlertDetectionsPage> {
  const keys = Object.keys(alert.group).sort();
  const clauses = [
    "event_kind = 'alert'",
    `${column('rule.id')} = {lw_rule:String}`,
    'event_sequence >= {lw_first:UInt64}',
    'event_sequence <= {lw_last:UInt64}',
    'event_sequence > {lw_after:Int64}',
    // Map equality without a Map parameter: as many keys, all of ours among them, each with our value.
    `length(${GROUP}) = {lw_group_size:UInt32}`,
    `hasAll(mapKeys(${GROUP}), {lw_group_keys:Array(String)})`,
    `arrayAll((k, v) -> ${GROUP}[k] = v, {lw_group_keys:Array(String)}, {lw_group_values:Array(String)})`,
  ];
  const params: Record<string, string | number | readonly string[]> = {
    lw_rule: alert.rule.id,
    lw_first: alert.firstSequence,
    lw_last: alert.lastSequence,
    lw_after: query.after ?? -1,
    lw_group_size: keys.length,
    lw_group_keys: keys,
    lw_group_values: keys.map((key) => alert.group[key] as string),
    // One more than asked: whether there is a next page.
    lw_limit: query.limit + 1,
  };
  if (query.scope.kind === 'systems') {
    clauses.push(`hasAll({lw_systems:Array(String)}, ${column('logwarden.detection.systems')})`);
    params['lw_systems'] = query.scope.systems;
  }
  const rows = await read(
    `SELECT ${DETECTION_COLUMNS} FROM events WHERE ${clauses.join(' AND ')}
     ORDER BY event_sequence LIMIT 1 BY ${column('event.id')} LIMIT {lw_limit:UInt32}`,
    params,
  );
  const detections = rows.map((row) => storedDetection(fromRow(row)));
  if (detections.length <= query.limit) return { detections };
  const page = detections.slice(0, query.limit);
  return { detections: page, next: (page.at(-1) as StoredDetection).sequence };
}
