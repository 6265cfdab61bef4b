// Security headers on every HTTP answer, errors and 404s included: no MIME sniffing, no caching of
// API answers (they carry log data and tokens) unless a route says otherwise (the UI's hashed
// assets), no Referer leaking URLs with queries, no framing, and a strict Content Security Policy
// (the web UI's page loads only its own script and style sheet: no inline code, no eval, nothing
// from another origin). logwarden grants no cross-origin access at all: no CORS header is ever sent
// (one a route might set is removed), and an OPTIONS preflight gets no grant. Over HTTPS, browsers
// are told to keep to HTTPS (HSTS).
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

const NO_STORE = 'no-store';
const HSTS = 'max-age=31536000';

export function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean } = { https: false }): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(SECURITY_HEADERS);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', NO_STORE);
    if (options.https) reply.header('strict-transport-security', HSTS);
    for (const name of Object.keys(reply.getHeaders())) {
      if (name.toLowerCase().startsWith('access-control-')) reply.removeHeader(name);
    }
    return payload;
  });
}
