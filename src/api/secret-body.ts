// The JSON body of a request that carries a password. Parsed apart from other bodies because
// JSON.parse's own error message quotes the text around the mistake, which could be the password,
// and a refusal must never echo it (nor may a log line). It must also be application/json, which a
// page on another site cannot send without a CORS preflight that logwarden never grants: no
// cross-site form can sign a browser in or change a password.
import type { FastifyRequest } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';

export function secretJsonBody(request: FastifyRequest, example: string): unknown {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new LogwardenError('LW_UNSUPPORTED_MEDIA_TYPE', `this route takes Content-Type: application/json only (a body like ${example})`);
  }
  const body = request.body;
  if (!(body instanceof Uint8Array) || body.length === 0) throw new LogwardenError('LW_BAD_REQUEST', `expected a JSON body like ${example}`);
  try {
    return JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as unknown;
  } catch {
    throw new LogwardenError('LW_BAD_REQUEST', `the body is not valid JSON (expected a body like ${example}); it is not quoted here as it holds a password`);
  }
}
