// `GET /api/v1/fields` (permission `events.read`): the fields a caller may query, for the web UI's
// suggestions and for scripts. A masked caller (docs/api.md#masked-callers) is told only of fields
// its profile lets it query, and which of those it may ask top values of, by asking the very
// checks its searches and aggregates go through, so the list cannot disagree with them.
import type { FastifyInstance } from 'fastify';
import type { AccessServices } from '../access/access-component.ts';
import type { Masker } from '../access/masking.ts';
import type { FieldsResponse, QueryableField } from '../contracts/fields.ts';
import { FIELD_ALIASES, FIELDS, type FieldDef } from '../schema/fields.ts';

export interface FieldRouteDeps {
  readonly access: Pick<AccessServices, 'masking'>;
}

/** Kinds whose values are worth suggesting: exact values, not free text or instants. */
const VALUE_KINDS: ReadonlySet<string> = new Set(['keyword', 'ip', 'int', 'bool']);

export function registerFieldRoutes(app: FastifyInstance, deps: FieldRouteDeps): void {
  app.get('/api/v1/fields', { config: { permission: 'events.read' } }, async (request): Promise<FieldsResponse> => {
    const masker = deps.access.masking.forPrincipal(request.principal);
    const fields = FIELDS.filter((field) => mayQuery(masker, field)).map((field) => describe(masker, field));
    const listed = new Set(fields.map((field) => field.name));
    const aliases = Object.fromEntries(Object.entries(FIELD_ALIASES).filter(([, name]) => listed.has(name)));
    return { fields, aliases };
  });
}

function passes(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

function mayQuery(masker: Masker | undefined, field: FieldDef): boolean {
  // A map field is queried by key (`labels.env:x`); any key stands for the check.
  const example = field.kind === 'map' ? `${field.name}.key:*` : `${field.name}:*`;
  return masker === undefined || passes(() => masker.checkQuery(example));
}

function describe(masker: Masker | undefined, field: FieldDef): QueryableField {
  const valueLike = VALUE_KINDS.has(field.kind);
  const values = valueLike && (masker === undefined || passes(() => masker.checkAggregate(field.name)));
  return { name: field.name, kind: field.kind, description: field.description, values };
}
