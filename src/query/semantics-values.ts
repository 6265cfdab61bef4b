// Typing a query value against its field's kind: what `field:value` means for text, keyword, int,
// time, ip and bool fields. Produces typed predicates (predicate.ts) for both backends. Pure.

import type { Bound, CompareOp, MatchValue, RangeValue } from './ast.ts';
import { isMatchAnything, literalText } from './ast.ts';
import { fieldError } from './errors.ts';
import type { Comparison, FieldSel, Predicate } from './predicate.ts';
import { allOf, isNullable, TRUE } from './predicate.ts';
import type { TimeInterval } from './time.ts';
import { parseTime } from './time.ts';
import { parseBool, parseInt64, parseIpRange } from './values.ts';

export interface TypedField extends FieldSel {
  readonly query: string;
  readonly now: number;
}

/** The predicate of `field:value` for the field's kind. */
export function matchCondition(field: TypedField, value: MatchValue): Predicate {
  switch (field.def.kind) {
    case 'text':
      return textCondition(field, value);
    case 'keyword':
    case 'map':
      return keywordCondition(field, value);
    case 'int':
      return intCondition(field, value);
    case 'time':
      return timeCondition(field, value);
    case 'ip':
      return ipCondition(field, value);
    case 'bool':
      return boolCondition(field, value);
  }
}

// ---------------------------------------------------------------------------------------------
// Type errors
// ---------------------------------------------------------------------------------------------

function valueError(field: TypedField, position: number, expected: string, found: string): never {
  throw fieldError(field.query, position, `"${field.name}" expects ${expected}, found ${JSON.stringify(found)} at ${position}`, { field: field.name });
}

function notOrderable(field: TypedField, value: MatchValue): never {
  throw fieldError(field.query, value.position, `ranges and comparisons apply only to number and time fields; "${field.name}" is ${kindName(field)} (at ${value.position})`, { field: field.name });
}

function kindName(field: TypedField): string {
  const kind = field.def.kind;
  return `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} field`;
}

/** The literal text of a term or phrase for typed fields, where wildcards make no sense. */
function exactText(field: TypedField, value: MatchValue & { kind: 'term' | 'phrase' }): string {
  if (value.kind === 'phrase') return value.text;
  const text = literalText(value.parts);
  if (text !== undefined) return text;
  throw fieldError(field.query, value.position, `wildcards apply only to text, keyword and ip fields; "${field.name}" is ${kindName(field)} (at ${value.position})`, { field: field.name });
}

/** For Nullable columns a missing value is a plain false, so that NOT includes those rows. */
function nonNull(field: TypedField, conditions: readonly Predicate[]): Predicate {
  return allOf(isNullable(field.def) ? [{ op: 'notNull', field }, ...conditions] : conditions);
}

// ---------------------------------------------------------------------------------------------
// Per field kind
// ---------------------------------------------------------------------------------------------

function textCondition(field: TypedField, value: MatchValue): Predicate {
  switch (value.kind) {
    case 'exists':
      return { op: 'nonEmpty', field };
    case 'phrase':
      // Every message contains the empty string.
      return value.text === '' ? TRUE : { op: 'tokens', field, text: value.text };
    case 'term': {
      const text = literalText(value.parts);
      if (text !== undefined) return { op: 'tokens', field, text };
      if (isMatchAnything(value.parts)) return { op: 'nonEmpty', field };
      return { op: 'like', field, parts: value.parts, anchored: false, cased: false };
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

function keywordCondition(field: TypedField, value: MatchValue): Predicate {
  switch (value.kind) {
    case 'exists':
      return { op: 'nonEmpty', field };
    case 'phrase':
      return { op: 'substring', field, at: 'equals', value: value.text, cased: true };
    case 'term': {
      const text = literalText(value.parts);
      if (text !== undefined) return { op: 'substring', field, at: 'equals', value: text, cased: true };
      if (isMatchAnything(value.parts)) return { op: 'nonEmpty', field };
      return { op: 'like', field, parts: value.parts, anchored: true, cased: true };
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

function intCondition(field: TypedField, value: MatchValue): Predicate {
  const int = (cmp: Comparison, text: string, position: number): Predicate => {
    const parsed = parseInt64(text);
    if (parsed === undefined) return valueError(field, position, 'an integer', text);
    return { op: 'compare', field, cmp, value: parsed, time: false };
  };
  switch (value.kind) {
    case 'exists':
      return nonNull(field, []);
    case 'term':
    case 'phrase':
      return nonNull(field, [int('=', exactText(field, value), value.position)]);
    case 'compare':
      return nonNull(field, [int(value.op, value.bound.text, value.bound.position)]);
    case 'range':
      return nonNull(
        field,
        rangeConditions(value, (cmp, b) => int(cmp, b.text, b.position)),
      );
  }
}

/** Integer ranges: each present end becomes one comparison. */
function rangeConditions(range: RangeValue, bound: (cmp: Comparison, b: Bound) => Predicate): Predicate[] {
  const conditions: Predicate[] = [];
  if (range.lower) conditions.push(bound(range.includeLower ? '>=' : '>', range.lower));
  if (range.upper) conditions.push(bound(range.includeUpper ? '<=' : '<', range.upper));
  return conditions;
}

function timeCondition(field: TypedField, value: MatchValue): Predicate {
  const interval = (text: string, position: number): TimeInterval => parseTimeOrFail(field, text, position);
  const at = (cmp: Comparison, ms: number): Predicate => ({ op: 'compare', field, cmp, value: ms, time: true });
  switch (value.kind) {
    case 'exists':
      return nonNull(field, []);
    case 'term':
    case 'phrase': {
      const { start, end } = interval(exactText(field, value), value.position);
      return end - start === 1 ? at('=', start) : { op: 'and', children: [at('>=', start), at('<', end)] };
    }
    case 'compare': {
      const { start, end } = interval(value.bound.text, value.bound.position);
      const rule = TIME_COMPARE[value.op];
      return at(rule.op, rule.edge === 'start' ? start : end);
    }
    case 'range': {
      const conditions: Predicate[] = [];
      if (value.lower) {
        const { start, end } = interval(value.lower.text, value.lower.position);
        conditions.push(at('>=', value.includeLower ? start : end));
      }
      if (value.upper) {
        const { start, end } = interval(value.upper.text, value.upper.position);
        conditions.push(at('<', value.includeUpper ? end : start));
      }
      return nonNull(field, conditions);
    }
  }
}

// A time literal is an interval (a whole day for `2026-11-24`); compare against the edge that makes
// `>` mean "after that interval" and `<=` "up to its end", as Elasticsearch's date rounding does.
const TIME_COMPARE: Readonly<Record<CompareOp, { op: Comparison; edge: 'start' | 'end' }>> = {
  '>': { op: '>=', edge: 'end' },
  '>=': { op: '>=', edge: 'start' },
  '<': { op: '<', edge: 'start' },
  '<=': { op: '<', edge: 'end' },
};

function parseTimeOrFail(field: TypedField, text: string, position: number): TimeInterval {
  const parsed = parseTime(text, field.now);
  if ('interval' in parsed) return parsed.interval;
  if (parsed.problem === 'range') return valueError(field, position, 'a time between 1900-01-01 and 2299-12-31', text);
  return valueError(field, position, 'a time such as 2026-11-24, 2026-11-24T12:00:00Z or now-15m', text);
}

function ipCondition(field: TypedField, value: MatchValue): Predicate {
  switch (value.kind) {
    case 'exists':
      return { op: 'nonEmpty', field };
    case 'term':
    case 'phrase': {
      const text = value.kind === 'phrase' ? value.text : literalText(value.parts);
      if (text === undefined && value.kind === 'term') {
        if (isMatchAnything(value.parts)) return { op: 'nonEmpty', field };
        return { op: 'like', field, parts: value.parts, anchored: true, cased: true };
      }
      const range = text === undefined ? undefined : parseIpRange(text);
      if (range === undefined) return valueError(field, value.position, 'an IP address or a CIDR range such as 10.0.0.0/8', text ?? '');
      return { op: 'ipRange', field, range };
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}

function boolCondition(field: TypedField, value: MatchValue): Predicate {
  switch (value.kind) {
    case 'exists':
      // false is the column's default, which the store counts as no value (schema/empty.ts).
      return { op: 'bool', field, value: true };
    case 'term':
    case 'phrase': {
      const text = exactText(field, value);
      const parsed = parseBool(text);
      if (parsed === undefined) return valueError(field, value.position, 'true or false', text);
      return { op: 'bool', field, value: parsed };
    }
    case 'compare':
    case 'range':
      return notOrderable(field, value);
  }
}
