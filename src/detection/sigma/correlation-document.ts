// A Sigma correlation (correlations specification v2) and logwarden's anomaly types written the same
// way, checked with zod: the section's type, the rules it refers to, group-by, aliases, timespan,
// condition and generate, and the parameters of `rate`, `first_seen` and `silence`
// (docs/detection.md, "Loading rules"). Resolving references and fields is correlation-rule.ts's. Pure.
import { z } from 'zod';
import type { CorrelationType } from '../rule.ts';
import { metaSchema } from './rule-document.ts';

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `30s`, `5m`, `1h`, `7d`: a number and one lower-case unit letter, as the specification writes them. */
export function durationMs(text: string): number | undefined {
  const match = /^([1-9][0-9]{0,8})([smhd])$/.exec(text);
  return match === null ? undefined : Number(match[1]) * UNIT_MS[match[2]!]!;
}

const duration = z.string().transform((text, context) => {
  const ms = durationMs(text);
  if (ms === undefined) context.addIssue({ code: 'custom', message: `${JSON.stringify(text)} is not a timespan like 30s, 5m, 1h or 7d` });
  return ms ?? 0;
});

const list = z.union([z.string(), z.array(z.string()).min(1)]).transform((value) => (typeof value === 'string' ? [value] : value));
const bound = z.number().int().min(0).optional();

export const countConditionSchema = z.strictObject({ gt: bound, gte: bound, lt: bound, lte: bound, eq: bound, field: z.string().min(1).optional() });

export const CORRELATION_TYPES = ['event_count', 'value_count', 'temporal', 'temporal_ordered', 'rate', 'first_seen', 'silence'] as const satisfies readonly CorrelationType[];

const sectionSchema = z.looseObject({
  type: z.enum(CORRELATION_TYPES),
  rules: list.optional(),
  'group-by': list.optional(),
  timespan: duration.optional(),
  condition: countConditionSchema.optional(),
  aliases: z.record(z.string(), z.record(z.string(), z.string())).optional(),
  generate: z.boolean().optional(),
  // logwarden's anomaly parameters.
  field: z.string().min(1).optional(),
  learning: duration.optional(),
  baseline: z.number().int().min(1).max(365).optional(),
  deviations: z.number().positive().optional(),
  'min-count': z.number().int().min(0).optional(),
  'max-gap': duration.optional(),
});

export type CorrelationSection = z.infer<typeof sectionSchema>;

const hasBound = (condition: z.infer<typeof countConditionSchema>): boolean => ['gt', 'gte', 'lt', 'lte', 'eq'].some((key) => condition[key as keyof typeof condition] !== undefined);

/** What each type needs beyond the common shape; the specification's "mandatory" attributes. */
function typeProblems(section: CorrelationSection): string[] {
  const problems: string[] = [];
  const needs = (present: boolean, what: string): void => void (present ? undefined : problems.push(`${section.type} needs ${what}`));
  if (section.type !== 'silence') needs(section.rules !== undefined, 'rules');
  if (['event_count', 'value_count', 'temporal', 'temporal_ordered'].includes(section.type)) needs(section.timespan !== undefined, 'a timespan');
  if (section.type === 'event_count' || section.type === 'value_count') needs(section.condition !== undefined && hasBound(section.condition), 'a condition with gt, gte, lt, lte or eq');
  if (section.type === 'value_count') needs(section.condition?.field !== undefined, 'condition.field, the field whose distinct values are counted');
  if (section.type === 'first_seen') needs(section.field !== undefined, 'field, the field whose new values are reported');
  return problems;
}

export const correlationDocumentSchema = metaSchema
  .extend({
    correlation: sectionSchema,
    // Where the specification's text puts it: beside `correlation` (pySigma reads it inside).
    generate: z.boolean().optional(),
  })
  .superRefine((document, context) => {
    for (const message of typeProblems(document.correlation)) context.addIssue({ code: 'custom', message, path: ['correlation'] });
  });

export type CorrelationDocument = z.infer<typeof correlationDocumentSchema>;
