// Token administration (tokens.manage): create a named token for one role, optionally limited to
// some systems of the inventory and optionally expiring,
// shown once in the answer (only its hash is kept); list the tokens without their hashes; revoke
// one, refused from that moment on. One ingest token per source lets each event carry its sender
// in `logwarden.source.identity`. Creating and revoking are recorded as logwarden events in the
// ledger (R-ACCESS-2), naming the token, its role and who did it, never the secret.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseExpiry } from '../access/expiry.ts';
import type { AccessServices } from '../access/access-component.ts';
import { LogwardenError } from '../errors/codes.ts';
import { createTokenBody, jsonRequestBody, tokenParams, type CreateTokenResponse, type TokenInfoContract } from '../contracts/index.ts';
import type { InternalAction } from '../ingest/internal-events.ts';
import { parseParams } from './params.ts';
import type { Clock } from '../runtime/clock.ts';

export interface TokenRouteDeps {
  readonly access: Pick<AccessServices, 'tokens' | 'roles'>;
  /** The systems a token may be limited to: the inventory's and the server's own (roles-schema.ts nameableSystems). */
  readonly systems: readonly string[];
  /** Store a logwarden event through the pipeline (into the ledger); resolves once stored. */
  readonly record: (action: InternalAction, message: string) => Promise<void>;
  readonly clock: Clock;
}

export function registerTokenRoutes(app: FastifyInstance, deps: TokenRouteDeps): void {
  const clock = (): number => deps.clock.now();
  app.post('/api/v1/tokens', { config: { permission: 'tokens.manage', audit: 'token-change' } }, async (request, reply) => {
    const { name, role, systems, expires } = parseParams(createTokenBody, requiredJsonBody(request.body));
    checkGrant(deps, role, systems);
    const now = clock();
    const expiresAt = expires === undefined ? undefined : parseExpiry(expires, now);
    const by = actor(request);
    request.auditDetails = { target: name, change: 'create' };
    const { token, info } = await deps.access.tokens.create(name, role, { now, expiresAt, createdBy: by, systems });
    const reach = systems === undefined ? 'every system its role reads' : `systems ${systems.join(', ')}`;
    await deps.record('token-created', `token "${name}" (role ${role}, ${reach}, ${info.expiresAt ? `expires ${info.expiresAt}` : 'no expiry'}) created by ${principalKind(request)} "${by}"`);
    const created: CreateTokenResponse = { name, role, ...(info.systems ? { systems: [...info.systems] } : {}), token, ...(info.expiresAt ? { expiresAt: info.expiresAt } : {}) };
    return reply.code(201).send(created);
  });
  app.get('/api/v1/tokens', { config: { permission: 'tokens.manage' } }, async (): Promise<{ tokens: TokenInfoContract[] }> => ({ tokens: deps.access.tokens.list(clock()) }));
  app.delete('/api/v1/tokens/:name', { config: { permission: 'tokens.manage', audit: 'token-change' } }, async (request): Promise<TokenInfoContract> => {
    const { name } = parseParams(tokenParams, request.params);
    const by = actor(request);
    request.auditDetails = { target: name, change: 'revoke' };
    const info = await deps.access.tokens.revoke(name, by, clock());
    await deps.record('token-revoked', `token "${name}" (role ${info.role}) revoked by ${principalKind(request)} "${by}"`);
    return info;
  });
}

/**
 * A token names a role in force and systems that exist and that its role reads; what exists is
 * named in the refusal. Its scope is the role's systems ∩ its own (roles.ts), so a system outside
 * the role's would silently read nothing: refused instead.
 */
function checkGrant(deps: TokenRouteDeps, role: string, systems: readonly string[] | undefined): void {
  const definition = deps.access.roles.get(role);
  if (definition === undefined) {
    throw new LogwardenError('LW_BAD_REQUEST', `role: no role named "${role}"; the roles are ${deps.access.roles.roles.map((one) => one.name).join(', ')}`);
  }
  if (systems === undefined) return;
  if (systems.length === 0) throw new LogwardenError('LW_BAD_REQUEST', 'systems: expected at least one system, or leave systems out for every system the role reads');
  const unknown = systems.filter((system) => !deps.systems.includes(system));
  if (unknown.length > 0) {
    throw new LogwardenError('LW_BAD_REQUEST', `systems: no system ${unknown.map((one) => `"${one}"`).join(', ')} in the systems inventory; the systems are ${deps.systems.join(', ')}`);
  }
  const outside = definition.systems === undefined ? [] : systems.filter((system) => !definition.systems?.includes(system));
  if (outside.length > 0) {
    throw new LogwardenError('LW_BAD_REQUEST', `systems: role "${role}" reads only ${definition.systems?.join(', ')}; not ${outside.join(', ')}`);
  }
}

function principalKind(request: FastifyRequest): string {
  return request.principal?.kind ?? 'token';
}

function actor(request: FastifyRequest): string {
  return request.principal?.name ?? 'unknown';
}

const EXAMPLE_BODY = '{"name": "...", "role": "ingest", "systems": ["web"], "expires": "90d"}';

function requiredJsonBody(body: unknown): unknown {
  const parsed = jsonRequestBody(body, EXAMPLE_BODY);
  if (parsed === undefined) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body ${EXAMPLE_BODY}`);
  return parsed;
}
