// The API tokens as a component: the token list loaded (on a first start the initial admin token is
// created and written to a file), and tokens created offline while the server was stopped recorded
// in the ledger before any request is served.
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { TokenStore } from './tokens.ts';

export class TokensComponent implements Component {
  readonly name = 'tokens';
  readonly dependencies: readonly string[];
  readonly tokens: TokenStore;
  readonly #dataDir: string;
  readonly #record: RecordInternal;
  readonly #logger: Logger;
  readonly #clock: Clock;
  /** Path of the initial admin token when this start created it. */
  initialTokenPath: string | undefined;

  /** `pipeline`: the name of the component `record` writes through. */
  constructor(dataDir: string, pipeline: string, record: RecordInternal, runtime: { readonly logger: Logger; readonly clock: Clock }) {
    this.tokens = new TokenStore(TokenStore.secretsDir(dataDir));
    this.#dataDir = dataDir;
    this.#record = record;
    this.#logger = runtime.logger;
    this.#clock = runtime.clock;
    this.dependencies = [pipeline];
  }

  async start(): Promise<void> {
    this.initialTokenPath = await this.tokens.open(this.#dataDir, this.#clock.now());
    if (this.initialTokenPath) this.#logger.info({ tokenFile: this.initialTokenPath }, 'initial admin token written (read it from this file)');
    for (const made of this.tokens.unrecorded()) await this.#record('token-created', `token "${made.name}" (role ${made.role}) created offline by ${made.createdBy} while the server was stopped`);
    await this.tokens.markRecorded();
  }

  /** Nothing to release: every change was written when it was made. */
  async stop(): Promise<void> {}

  health(): ComponentHealth {
    return HEALTHY;
  }
}
