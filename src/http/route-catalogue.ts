// Every route the HTTP app has, with the permission it declares: collected by an onRoute hook as
// the routes are registered, so nothing registered later (a plugin, an HTTP source) is missed. It
// enforces the rule that every route declares who may call it: a route without `permission` is a
// wiring bug that would let any authenticated caller in, so registering one throws and the server
// does not start. The access matrix (src/api/access-routes.ts) answers the list, and the role ×
// route test (test/e2e/access-matrix.test.ts) calls every route in it with every role.
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RoutePermission } from './route-config.ts';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly permission: RoutePermission;
}

export class RouteCatalogue {
  readonly #routes: RouteEntry[] = [];

  /** Watch `app` (and every plugin registered in it) from now on. */
  watch(app: FastifyInstance): void {
    app.addHook('onRoute', (route) => this.#add(route));
  }

  /** The routes, in registration order, one entry per method. */
  get routes(): readonly RouteEntry[] {
    return this.#routes;
  }

  #add(route: RouteOptions): void {
    const permission = route.config?.permission;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (permission === undefined) {
      throw new Error(`route ${methods.join(',')} ${route.url} declares no permission: set config.permission (a permission, 'authenticated' or 'public'; src/http/route-config.ts)`);
    }
    for (const method of methods) this.#routes.push({ method, url: route.url, permission });
  }
}
