// What a route declares about who may call it, read by the auth hook (src/http/auth.ts). Here, in
// the shared HTTP plumbing, so that the API's routes and the HTTP sources (src/sources/) declare it
// alike without either importing the other.
import type { Principal } from '../access/tokens.ts';

export type Permission = 'read' | 'ingest' | 'admin';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller, set by the auth hook on every route that is not public. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    permission?: Permission | 'public';
    /** Which Authorization schemes the route takes; `bearer` when not set. */
    credentials?: 'bearer' | 'elasticsearch';
  }
}
