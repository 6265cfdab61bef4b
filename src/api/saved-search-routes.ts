// `GET/POST /api/v1/saved-searches`, `DELETE /api/v1/saved-searches/:id` (docs/api.md "Saved
// searches"): each caller's own named searches (query, range, columns) for the web UI. Reading
// needs events.read like the search they open; saving and deleting are audited as
// saved-search-change. The owner is the caller (a user or a token, by kind and name): nobody
// sees, opens or deletes another's, and another's id is answered as unknown.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../access/principal.ts';
import { jsonRequestBody } from '../contracts/parse.ts';
import { savedSearchBody, savedSearchIdParams, type SavedSearchContract, type SavedSearchListContract } from '../contracts/saved-searches.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { Clock } from '../runtime/clock.ts';
import { SavedSearchStore, savedSearchesPath } from '../saved-searches/saved-search-store.ts';
import { parseParams } from './params.ts';

export interface SavedSearchRouteDeps {
  readonly dataDir: string;
  readonly clock: Clock;
}

export function registerSavedSearchRoutes(app: FastifyInstance, deps: SavedSearchRouteDeps): void {
  const store = openedOnFirstUse(() => SavedSearchStore.open(savedSearchesPath(deps.dataDir)));
  app.get('/api/v1/saved-searches', { config: { permission: 'events.read' } }, async (request): Promise<SavedSearchListContract> => ({
    savedSearches: (await store()).list(ownerOf(request)),
  }));
  app.post('/api/v1/saved-searches', { config: { permission: 'events.read', audit: 'saved-search-change' }, preValidation: change('create') }, async (request, reply): Promise<SavedSearchContract> => {
    const body = parseParams(savedSearchBody, jsonRequestBody(request.body, '{"name", "query", "range": {"from", "to"}, "columns": [...]}') ?? {});
    const saved = await (await store()).add(ownerOf(request), body, deps.clock.now());
    request.auditDetails = { target: saved.id, change: 'create', message: `saved the search ${JSON.stringify(saved.name)}`, query: saved.query };
    void reply.code(201);
    return saved;
  });
  app.delete('/api/v1/saved-searches/:id', { config: { permission: 'events.read', audit: 'saved-search-change' }, preValidation: change('delete') }, async (request, reply) => {
    const { id } = parseParams(savedSearchIdParams, request.params);
    if (!(await (await store()).remove(ownerOf(request), id))) throw new LogwardenError('LW_NOT_FOUND', `you have no saved search ${JSON.stringify(id)}`);
    return reply.code(204).send();
  });
}

/** A user and a token of the same name are different owners. */
function ownerOf(request: FastifyRequest): string {
  const principal = request.principal as Principal;
  return `${principal.kind}:${principal.name}`;
}

/** The intent record (written before the route runs) names what is changed. */
function change(verb: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const id = (request.params as { id?: unknown }).id;
    request.auditDetails = { change: verb, ...(id === undefined ? {} : { target: String(id) }) };
  };
}

/** The file is read when first needed (not at every start); a failed read is tried again next time. */
function openedOnFirstUse(open: () => Promise<SavedSearchStore>): () => Promise<SavedSearchStore> {
  let opening: Promise<SavedSearchStore> | undefined;
  return () => {
    opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    });
    return opening;
  };
}
