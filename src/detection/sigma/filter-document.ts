// A Sigma filter (meta rule, Sigma filters specification v2): which rules it tunes (`rules`, by id
// or name), and a selection with its condition describing the events those rules must no longer
// match. Checked with zod; applied by src/detection/filter-rule.ts. Pure.
import { z } from 'zod';
import { logsourceSchema, metaSchema } from './rule-document.ts';

const names = z.union([z.string(), z.array(z.string()).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value));

export const filterDocumentSchema = metaSchema.extend({
  logsource: logsourceSchema,
  filter: z.looseObject({ rules: names, condition: z.union([z.string(), z.array(z.string())]) }),
});

export type FilterDocument = z.infer<typeof filterDocumentSchema>;

/** The filter's searches and condition as a `detection` section the compiler reads (without `rules`). */
export function filterDetection(document: FilterDocument): Record<string, unknown> {
  const { rules, ...detection } = document.filter;
  void rules;
  return detection;
}
