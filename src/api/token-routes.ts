// Token administration (admin only): create a named token for one role, optionally expiring,
// shown once in the answer (only its hash is kept); list the tokens without their hashes; revoke
// one, refused from that moment on. One ingest token per source lets each event carry its sender
// in `logwarden.source.identity`. Creating and revoking are recorded as logwarden events in the
// ledger (R-ACCESS-2), naming the token, its role and who did it, never the secret.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { parseExpiry } from '../access/expiry.ts';
import { TOKEN_NAME_PATTERN, type TokenStore } from '../access/tokens.ts';
import { LogwardenError } from '../errors/codes.ts';
import type { InternalAction } from '../ingest/internal-events.ts';
import { parseParams } from './params.ts';
import type { Clock } from '../runtime/clock.ts';

const tokenName = z
  .string()
  .regex(TOKEN_NAME_PATTERN, 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit');

const createBody = z.object({
  name: tokenName,
  role: z.enum(['ingest', 'reader', 'admin']).default('ingest'),
  /** A duration from now (`90d`) or an ISO 8601 time; absent: no expiry. */
  expires: z.string().max(64).optional(),
});

export interface TokenRouteDeps {
  readonly tokens: TokenStore;
  /** Store a logwarden event through the pipeline (into the ledger); resolves once stored. */
  readonly record: (action: InternalAction, message: string) => Promise<void>;
  readonly clock: Clock;
}

export function registerTokenRoutes(app: FastifyInstance, deps: TokenRouteDeps): void {
  const clock = (): number => deps.clock.now();
  app.post('/api/v1/tokens', { config: { permission: 'admin' } }, async (request, reply) => {
    const { name, role, expires } = parseParams(createBody, jsonBody(request.body));
    const now = clock();
    const expiresAt = expires === undefined ? undefined : parseExpiry(expires, now);
    const by = actor(request);
    const { token, info } = await deps.tokens.create(name, role, { now, expiresAt, createdBy: by });
    await deps.record('token-created', `token "${name}" (role ${role}, ${info.expiresAt ? `expires ${info.expiresAt}` : 'no expiry'}) created by token "${by}"`);
    return reply.code(201).send({ name, role, token, ...(info.expiresAt ? { expiresAt: info.expiresAt } : {}) });
  });
  app.get('/api/v1/tokens', { config: { permission: 'admin' } }, async () => ({ tokens: deps.tokens.list(clock()) }));
  app.delete('/api/v1/tokens/:name', { config: { permission: 'admin' } }, async (request) => {
    const { name } = parseParams(z.object({ name: tokenName }), request.params);
    const by = actor(request);
    const info = await deps.tokens.revoke(name, by, clock());
    await deps.record('token-revoked', `token "${name}" (role ${info.role}) revoked by token "${by}"`);
    return info;
  });
}

function actor(request: FastifyRequest): string {
  return request.principal?.name ?? 'unknown';
}

function jsonBody(body: unknown): unknown {
  if (!(body instanceof Buffer) || body.length === 0) throw new LogwardenError('LW_BAD_REQUEST', 'expected a JSON body {"name": "...", "role": "ingest", "expires": "90d"}');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LogwardenError('LW_BAD_REQUEST', `body is not valid JSON: ${(error as Error).message}`);
  }
}
