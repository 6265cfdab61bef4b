// Security headers on every HTTP answer, errors and 404s included: no MIME sniffing, no caching of
// API answers (they carry log data and tokens), no Referer leaking URLs with queries. logwarden
// serves no browser front end, so it grants no cross-origin access at all: no CORS header is ever
// sent (one a route might set is removed), and an OPTIONS preflight gets no grant.
import type { FastifyInstance } from 'fastify';

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    for (const name of Object.keys(reply.getHeaders())) {
      if (name.toLowerCase().startsWith('access-control-')) reply.removeHeader(name);
    }
    return payload;
  });
}
