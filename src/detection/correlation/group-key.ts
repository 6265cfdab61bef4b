// A correlation's group key: the values of its group-by names in an event, each read from the
// field the referenced rule's alias names (Sigma `aliases`) or from the field of that name. An
// event that lacks one of them belongs to no group and is left out: it cannot be attributed (a
// failed login without a source address is not one address's brute force). Pure.
import type { FieldValue, LogEvent } from '../../schema/event.ts';
import type { CorrelationRule } from '../rule.ts';

export interface GroupKey {
  /** A string that identifies the group within its rule (the values as JSON). */
  readonly key: string;
  /** group-by name → value, as the detection shows it. */
  readonly group: Readonly<Record<string, string>>;
}

/** The ECS field a group-by name (or value_count's field) reads in events of one referenced rule. */
export function fieldFor(rule: CorrelationRule, name: string, ruleId: string): string {
  return rule.groupFields[name]?.[ruleId] ?? name;
}

/** A field's value as the one string a group or a distinct count compares; undefined when absent or empty. */
export function valueText(value: FieldValue | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? undefined : value.join(',');
  return JSON.stringify(value);
}

/**
 * The group of an event matched by `ruleId`, or undefined when a group-by value is missing.
 * `first` is read before the event: a chained correlation's detection carries its group, which a
 * window decided at close (fired while another group's event was observed) must keep.
 */
export function groupKeyOf(rule: CorrelationRule, ruleId: string, event: LogEvent, first: Readonly<Record<string, string>> = {}): GroupKey | undefined {
  const group: Record<string, string> = {};
  const values: string[] = [];
  for (const name of rule.groupBy) {
    const field = fieldFor(rule, name, ruleId);
    const value = first[name] ?? first[field] ?? valueText(event[field]);
    if (value === undefined) return undefined;
    group[name] = value;
    values.push(value);
  }
  return { key: JSON.stringify(values), group };
}

/**
 * The `key` groupKeyOf gives an event that carries no chained group, built without the group
 * object or the list of values: silence reads it for every stored event, and only a group it has
 * not seen yet needs the rest. Undefined when a group-by value is missing.
 */
export function groupKeyText(rule: CorrelationRule, ruleId: string, event: LogEvent): string | undefined {
  let key = '[';
  for (let i = 0; i < rule.groupBy.length; i++) {
    const value = valueText(event[fieldFor(rule, rule.groupBy[i] as string, ruleId)]);
    if (value === undefined) return undefined;
    key += i === 0 ? JSON.stringify(value) : `,${JSON.stringify(value)}`;
  }
  return `${key}]`;
}

/** JSON.stringify of the values of `fields` in the event, without the list (undefined when one is missing). */
export function fieldValuesKey(fields: readonly string[], event: LogEvent): string | undefined {
  let key = '[';
  for (let i = 0; i < fields.length; i++) {
    const value = valueText(event[fields[i] as string]);
    if (value === undefined) return undefined;
    key += i === 0 ? JSON.stringify(value) : `,${JSON.stringify(value)}`;
  }
  return `${key}]`;
}

/** The key of a group a stored detection names (after a restart); undefined when it lacks a group-by name. */
export function keyOfGroup(rule: CorrelationRule, group: Readonly<Record<string, string>>): GroupKey | undefined {
  const values: string[] = [];
  for (const name of rule.groupBy) {
    const value = group[name];
    if (value === undefined) return undefined;
    values.push(value);
  }
  return { key: JSON.stringify(values), group };
}
