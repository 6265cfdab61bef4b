// People and machines as a component: API tokens (on a first start the initial admin token is
// created and written to a file), users, sessions, the roles in force, masking profiles and the
// audit trail. Tokens created and commands run offline while the server was stopped are recorded
// in the ledger before any request is served.
import type { Config } from '../config/schema.ts';
import type { RecordInternal } from '../ingest/internal-events.ts';
import type { Logger } from '../observability/logger.ts';
import type { Clock } from '../runtime/clock.ts';
import { HEALTHY, type Component, type ComponentHealth } from '../runtime/component.ts';
import { AuditTrail, type AuditSink } from '../audit/audit-trail.ts';
import type { AuditMetrics } from '../observability/metrics.ts';
import { MaskingProfiles } from './masking.ts';
import { OidcSignOn } from './oidc.ts';
import { RoleSet } from './roles.ts';
import { SessionStore } from './sessions.ts';
import { TokenStore } from './tokens.ts';
import { UserStore } from './users.ts';

/** What the HTTP API needs to know who calls and what they may see, and to record what they did. */
export interface AccessServices {
  readonly tokens: TokenStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly roles: RoleSet;
  readonly masking: MaskingProfiles;
  readonly audit: AuditTrail;
  /** Single sign-on through OpenID Connect; absent when `access.oidc` is not configured. */
  readonly oidc?: OidcSignOn | undefined;
}

export class AccessComponent implements Component {
  readonly name = 'access';
  readonly dependencies: readonly string[];
  readonly services: AccessServices;
  readonly #dataDir: string;
  readonly #record: RecordInternal;
  readonly #logger: Logger;
  readonly #clock: Clock;
  /** Path of the initial admin token when this start created it. */
  initialTokenPath: string | undefined;

  /** `pipeline`: the name of the component `record` and `sink` write through. */
  constructor(
    config: Config,
    pipeline: { readonly name: string; readonly sink: () => AuditSink },
    record: RecordInternal,
    runtime: { readonly logger: Logger; readonly clock: Clock; readonly metrics?: AuditMetrics },
  ) {
    const secrets = TokenStore.secretsDir(config.dataDir);
    this.services = {
      tokens: new TokenStore(secrets),
      users: new UserStore(secrets, config.access.users),
      sessions: new SessionStore(config.access.users),
      roles: new RoleSet(config.access.roles),
      masking: new MaskingProfiles(config.access.masking, secrets),
      audit: new AuditTrail(pipeline.sink, runtime),
    };
    const { roles, users } = this.services;
    if (config.access.oidc !== undefined) this.services = { ...this.services, oidc: new OidcSignOn(config.access.oidc, { roles, users, logger: runtime.logger }) };
    this.#dataDir = config.dataDir;
    this.#record = record;
    this.#logger = runtime.logger;
    this.#clock = runtime.clock;
    this.dependencies = [pipeline.name];
  }

  get tokens(): TokenStore {
    return this.services.tokens;
  }

  async start(): Promise<void> {
    const { tokens, users, masking, audit } = this.services;
    this.initialTokenPath = await tokens.open(this.#dataDir, this.#clock.now());
    if (this.initialTokenPath) this.#logger.info({ tokenFile: this.initialTokenPath }, 'initial admin token written (read it from this file)');
    for (const made of tokens.unrecorded()) await this.#record('token-created', `token "${made.name}" (role ${made.role}) created offline by ${made.createdBy} while the server was stopped`);
    await tokens.markRecorded();
    await users.open();
    await this.services.oidc?.open();
    await masking.open();
    await audit.recordPendingOffline(this.#dataDir);
  }

  /** Nothing to release: every change was written when it was made. */
  async stop(): Promise<void> {}

  health(): ComponentHealth {
    return HEALTHY;
  }
}
