// What every Elasticsearch-compatible route shares: the credentials Elasticsearch shippers send
// (route config `credentials: 'elasticsearch'`), the `X-Elastic-Product: Elasticsearch` header the
// official clients insist on, on every answer, and errors in Elasticsearch's shape (the one error
// mapping's Elasticsearch face, src/errors/http-errors.ts). Applied to a plugin's own context, so
// it reaches only the routes that plugin registers.
import type { FastifyInstance, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { LogwardenError } from '../errors/codes.ts';
import { elasticsearchErrorHandler } from '../http/error-reply.ts';
import type { Logger } from '../observability/logger.ts';
import { ES_SETTINGS_MAX_BODY_BYTES } from './es-settings-store.ts';

/** The Elasticsearch version logwarden presents itself as. */
export const ES_COMPAT_VERSION = '8.17.0';

export function useElasticsearchFace(app: FastifyInstance, logger: Logger): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Elastic-Product', 'Elasticsearch');
    return payload;
  });
  app.setErrorHandler(elasticsearchErrorHandler(logger, tooLarge));
}

/**
 * Route options of an Elasticsearch-compatible route: who may call it, and its body limit. The
 * handshake's reads (cluster info, licence, health, stored templates) answer fixed or shipper-made
 * values, no events: any authenticated caller may read them (`authenticated`), as shippers do.
 */
export function esRoute(permission: 'ingest' | 'authenticated', bodyLimit?: number): RouteShorthandOptions {
  return { config: { permission, credentials: 'elasticsearch' }, ...(bodyLimit === undefined ? {} : { bodyLimit }) };
}

function tooLarge(request: FastifyRequest): LogwardenError {
  const limit = request.routeOptions.bodyLimit;
  if (limit === ES_SETTINGS_MAX_BODY_BYTES) {
    return new LogwardenError('LW_INGEST_TOO_LARGE', `a template or lifecycle policy body may be at most ${limit} bytes; send a smaller one`, { limit });
  }
  return new LogwardenError('LW_INGEST_TOO_LARGE', `request body exceeds http.maxBodyBytes (${limit} bytes); send smaller bulk requests`, { limit });
}
