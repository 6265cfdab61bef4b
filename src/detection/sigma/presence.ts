// Whether a field holds a value, by the store's empty-value rule (src/schema/empty.ts), for Sigma's
// `null` and `exists`: '' and an absent string are one state, as are [] and an absent list, NULL
// and an absent Nullable number, false and an absent bool, and 0 and an absent non-Nullable
// number (except the fields every record has). The same rule as the query language's presence
// node (src/query/semantics.ts), over a field the rule's resolver chose. Pure.
import type { FieldSel, Predicate } from '../../query/predicate.ts';
import { isArrayField, isNullable, TRUE } from '../../query/predicate.ts';
import { zeroIsDefault } from '../../schema/empty.ts';

export function presence(field: FieldSel, present: boolean): Predicate {
  const def = field.def;
  const kind = def.kind;
  const has: Predicate =
    isArrayField(def) || kind === 'text' || kind === 'keyword' || kind === 'ip' || kind === 'map'
      ? { op: 'nonEmpty', field }
      : isNullable(def)
        ? { op: 'notNull', field }
        : kind === 'bool'
          ? { op: 'bool', field, value: true }
          : zeroIsDefault(def)
            ? { op: 'not', child: { op: 'compare', field, cmp: '=', value: 0, time: kind === 'time' } }
            : TRUE;
  return present ? has : { op: 'not', child: has };
}
