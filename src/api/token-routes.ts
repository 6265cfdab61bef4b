// Token administration (admin only): create a named token for one role, shown once in the answer
// (only its hash is kept), and list the tokens without their hashes. One ingest token per source
// lets each event carry its sender in `logwarden.source.identity`.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TokenStore } from '../access/tokens.ts';
import { LogwardenError } from '../errors/codes.ts';
import { parseParams } from './params.ts';

const createBody = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit'),
  role: z.enum(['ingest', 'reader', 'admin']).default('ingest'),
});

export function registerTokenRoutes(app: FastifyInstance, tokens: TokenStore): void {
  app.post('/api/v1/tokens', { config: { permission: 'admin' } }, async (request, reply) => {
    const { name, role } = parseParams(createBody, jsonBody(request.body));
    const token = await tokens.create(name, role);
    return reply.code(201).send({ name, role, token });
  });
  app.get('/api/v1/tokens', { config: { permission: 'admin' } }, async () => ({ tokens: tokens.list() }));
}

function jsonBody(body: unknown): unknown {
  if (!(body instanceof Buffer) || body.length === 0) throw new LogwardenError('LW_BAD_REQUEST', 'expected a JSON body {"name": "...", "role": "ingest"}');
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new LogwardenError('LW_BAD_REQUEST', `body is not valid JSON: ${(error as Error).message}`);
  }
}
