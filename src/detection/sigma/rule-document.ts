// A Sigma rule document as YAML gives it, checked with zod (the one schema library): the attributes
// every rule, correlation and filter share, and those of a detection rule. Unknown top-level keys
// are allowed — the specification lets rules carry custom attributes — and kept out of the model.
// What the sections mean is decided elsewhere: `detection` by the compiler (detection.ts),
// `correlation` and `filter` by correlation-document.ts and filter-document.ts. Pure.
import { z } from 'zod';
import { RULE_LEVELS } from '../rule.ts';

/** A string, or a list of strings, read as a list (`falsepositives: Unknown` is one entry). */
const stringList = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === 'string' ? [value] : value));

/** Dates are text in YAML 1.2 (`2024-08-08`, `2020/05/18`); a bare year parses as a number. */
const dateText = z.union([z.string(), z.number()]).transform(String);

export const logsourceSchema = z.looseObject({
  product: z.string().optional(),
  category: z.string().optional(),
  service: z.string().optional(),
  definition: z.string().optional(),
});

const relatedSchema = z.array(z.looseObject({ id: z.string(), type: z.string() }));

/** What every Sigma document (rule, correlation, filter) may say about itself. */
export const metaSchema = z.looseObject({
  title: z.string().min(1),
  id: z.string().optional(),
  name: z.string().min(1).optional(),
  status: z.string().optional(),
  description: z.string().optional(),
  references: stringList.optional(),
  author: z.string().optional(),
  date: dateText.optional(),
  modified: dateText.optional(),
  tags: z.array(z.string()).optional(),
  // Levels are lower-case words in the specification; `High` is taken to mean `high`.
  level: z
    .string()
    .transform((level) => level.toLowerCase())
    .pipe(z.enum(RULE_LEVELS))
    .optional(),
  falsepositives: stringList.optional(),
  fields: z.array(z.string()).optional(),
  related: relatedSchema.optional(),
});

export type SigmaMeta = z.infer<typeof metaSchema>;

/** A detection rule: a logsource and a `detection` map with its `condition`. */
export const detectionDocumentSchema = metaSchema.extend({
  logsource: logsourceSchema,
  detection: z.record(z.string(), z.unknown()).refine((detection) => detection['condition'] !== undefined, { message: 'detection has no condition' }),
});

export type DetectionDocument = z.infer<typeof detectionDocumentSchema>;

export type DocumentKind = 'detection' | 'correlation' | 'filter';

/** Which kind of Sigma document this is, by the section it has; undefined for a document that is not a rule. */
export function documentKind(document: Readonly<Record<string, unknown>>): DocumentKind | undefined {
  if ('correlation' in document) return 'correlation';
  if ('filter' in document) return 'filter';
  if ('detection' in document) return 'detection';
  return undefined;
}

/** A UUID in its usual 8-4-4-4-12 hex form, of any version (the specification recommends v4, SigmaHQ uses several). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRuleId(id: string): boolean {
  return UUID.test(id);
}

/** A zod error as one line: each problem with where it is, e.g. `logsource: expected object`. */
export function schemaProblem(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
