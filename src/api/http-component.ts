// The HTTP API as a component: it listens only once storage, the pipeline, the ledger, access (tokens, users)
// and the disk guard are up, and closes with the listeners, before the pipeline drains, so no
// request is accepted that could not be written.
import type { FastifyInstance } from 'fastify';
import { formatListenAddress, parseListenAddress, type ListenAddress } from '../config/address.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { createHttpApp, type HttpAppDeps } from './http-app.ts';

/** What the API needs, but the parts that exist only once their components have started. */
type StartedParts = 'store' | 'engine' | 'ledger' | 'pipeline' | 'access' | 'preparation' | 'detection' | 'alerting' | 'tail';

export type HttpComponentDeps = Omit<HttpAppDeps, StartedParts> & {
  /** The started parts, asked for at start. */
  readonly parts: () => Pick<HttpAppDeps, StartedParts>;
};

export class HttpComponent implements Component {
  readonly name = 'http';
  readonly dependencies: readonly string[];
  readonly stopTimeoutMs: number;
  readonly #deps: HttpComponentDeps;
  #app: FastifyInstance | undefined;
  #url: string | undefined;

  /** `stopTimeoutMs`: the grace open connections get before the pipeline drains without them. */
  constructor(deps: HttpComponentDeps, dependencies: readonly string[], stopTimeoutMs: number) {
    this.#deps = deps;
    this.dependencies = dependencies;
    this.stopTimeoutMs = stopTimeoutMs;
  }

  /** Base URL of the API as bound (port 0 resolved); only after start. */
  get url(): string {
    if (this.#url === undefined) throw new Error('the HTTP API is not started');
    return this.#url;
  }

  /** The URL once it listens; before that, the configured address (a notification due at start links there). */
  get urlOrConfigured(): string {
    return this.#url ?? `${this.#deps.https ? 'https' : 'http'}://${this.#deps.config.http.listen}`;
  }

  async start(): Promise<void> {
    const app = createHttpApp({ ...this.#deps, ...this.#deps.parts() });
    const listen = parseListenAddress(this.#deps.config.http.listen) as ListenAddress; // validated by the config schema
    await app.listen({ host: listen.host, port: listen.port });
    this.#app = app;
    const bound = app.server.address();
    const address = typeof bound === 'object' && bound ? formatListenAddress({ host: bound.address, port: bound.port }) : this.#deps.config.http.listen;
    this.#url = `${this.#deps.https ? 'https' : 'http'}://${address}`;
  }

  async stop(): Promise<void> {
    await this.#app?.close();
  }

  health(): ComponentHealth {
    return HEALTHY;
  }
}
