// `GET /api/v1/fields`: the field names a caller may put in a query (docs/fields.md, less what the
// caller's masking profile hides), for the search box's suggestions. Pure.
import { z } from 'zod';

export const fieldKind = z.enum(['text', 'keyword', 'int', 'time', 'ip', 'bool', 'map']);

export const queryableField = z.object({
  name: z.string(),
  kind: fieldKind,
  description: z.string(),
  /** Its top values may be asked for (`GET /api/v1/aggregate?field=`): a value-like field this caller may aggregate. */
  values: z.boolean(),
});
export type QueryableField = z.infer<typeof queryableField>;

export const fieldsResponse = z.object({
  fields: z.array(queryableField),
  /** Short names the query language reads as a field (`host` → `host.name`), for fields listed. */
  aliases: z.record(z.string(), z.string()),
});
export type FieldsResponse = z.infer<typeof fieldsResponse>;
