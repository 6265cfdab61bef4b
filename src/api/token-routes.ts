// Token administration (admin only): create a named token for one role, optionally expiring,
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
  /** Store a logwarden event through the pipeline (into the ledger); resolves once stored. */
  readonly record: (action: InternalAction, message: string) => Promise<void>;
  readonly clock: Clock;
}

export function registerTokenRoutes(app: FastifyInstance, deps: TokenRouteDeps): void {
  const clock = (): number => deps.clock.now();
  app.post('/api/v1/tokens', { config: { permission: 'tokens.manage', audit: 'token-change' } }, async (request, reply) => {
    const { name, role, expires } = parseParams(createTokenBody, requiredJsonBody(request.body));
    if (deps.access.roles.get(role) === undefined) {
      throw new LogwardenError('LW_BAD_REQUEST', `role: no role named "${role}"; the roles are ${deps.access.roles.roles.map((one) => one.name).join(', ')}`);
    }
    const now = clock();
    const expiresAt = expires === undefined ? undefined : parseExpiry(expires, now);
    const by = actor(request);
    request.auditDetails = { target: name, change: 'create' };
    const { token, info } = await deps.access.tokens.create(name, role, { now, expiresAt, createdBy: by });
    await deps.record('token-created', `token "${name}" (role ${role}, ${info.expiresAt ? `expires ${info.expiresAt}` : 'no expiry'}) created by token "${by}"`);
    const created: CreateTokenResponse = { name, role, token, ...(info.expiresAt ? { expiresAt: info.expiresAt } : {}) };
    return reply.code(201).send(created);
  });
  app.get('/api/v1/tokens', { config: { permission: 'tokens.manage' } }, async (): Promise<{ tokens: TokenInfoContract[] }> => ({ tokens: deps.access.tokens.list(clock()) }));
  app.delete('/api/v1/tokens/:name', { config: { permission: 'tokens.manage', audit: 'token-change' } }, async (request): Promise<TokenInfoContract> => {
    const { name } = parseParams(tokenParams, request.params);
    const by = actor(request);
    request.auditDetails = { target: name, change: 'revoke' };
    const info = await deps.access.tokens.revoke(name, by, clock());
    await deps.record('token-revoked', `token "${name}" (role ${info.role}) revoked by token "${by}"`);
    return info;
  });
}

function actor(request: FastifyRequest): string {
  return request.principal?.name ?? 'unknown';
}

const EXAMPLE_BODY = '{"name": "...", "role": "ingest", "expires": "90d"}';

function requiredJsonBody(body: unknown): unknown {
  const parsed = jsonRequestBody(body, EXAMPLE_BODY);
  if (parsed === undefined) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body ${EXAMPLE_BODY}`);
  return parsed;
}
