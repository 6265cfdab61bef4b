// Single sign-on through OpenID Connect (openid-client): the authorization code flow with PKCE,
// state and nonce. The start step keeps the nonce and the PKCE verifier server-side under a random
// state (oidc-pending.ts); the callback takes that state once, exchanges the code, lets
// openid-client validate the ID token (signature, issuer, audience, expiry, nonce), and maps the
// claims to a grant of kind 'user' (oidc-claims.ts). The session is made by the caller, like a
// password sign-in's (src/api/oidc-routes.ts).
//
// The provider's configuration is discovered at start, and again at the first sign-in when the
// provider was down then: logwarden must start and keep recording logs whether the provider
// answers or not; only single sign-on waits for it.
import { readFile } from 'node:fs/promises';
import * as client from 'openid-client';
import { LogwardenError } from '../errors/codes.ts';
import type { Logger } from '../observability/logger.ts';
import { grantFromClaims } from './oidc-claims.ts';
import { PendingSignIns, type PendingLimits } from './oidc-pending.ts';
import type { OidcConfig } from './oidc-schema.ts';
import type { Grant, RoleSet } from './roles.ts';
import type { UserInfo } from './users.ts';

/** The HTTP requests to the provider (discovery, token, keys, userinfo) give up after this. */
const PROVIDER_TIMEOUT_SECONDS = 10;

export interface OidcDeps {
  readonly roles: RoleSet;
  /** Local (password) users: single sign-on may not sign in under one of their names. */
  readonly users: { get(name: string, now: number): UserInfo | undefined };
  readonly logger: Logger;
  /** Where clientSecretEnv is read; the process's environment when absent. */
  readonly env?: NodeJS.ProcessEnv;
  readonly pendingLimits?: PendingLimits;
}

/** Where to send the browser to sign in at the provider, and the state to bind to that browser. */
export interface OidcStart {
  readonly url: URL;
  readonly state: string;
}

export type OidcCompletion =
  | { readonly ok: true; readonly grant: Grant; readonly returnTo: string }
  /** `userName` when the provider named the user (for the audit trail's failed sign-in). */
  | { readonly ok: false; readonly error: LogwardenError; readonly userName?: string };

export class OidcSignOn {
  readonly #oidc: OidcConfig;
  readonly #deps: OidcDeps;
  readonly #pending: PendingSignIns;
  #clientAuth: client.ClientAuth | undefined;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(oidc: OidcConfig, deps: OidcDeps) {
    this.#oidc = oidc;
    this.#deps = deps;
    this.#pending = new PendingSignIns(deps.pendingLimits);
  }

  get issuer(): string {
    return this.#oidc.issuer;
  }

  /** Read the client secret (a start without it is refused) and try discovery (a provider that is down is only logged). */
  async open(): Promise<void> {
    const secret = await this.#readSecret();
    this.#clientAuth = secret === undefined ? client.None() : client.ClientSecretBasic(secret);
    try {
      await this.#discover();
      this.#deps.logger.info({ issuer: this.#oidc.issuer }, 'single sign-on: provider configuration discovered');
    } catch (error) {
      this.#deps.logger.warn({ issuer: this.#oidc.issuer, err: (error as Error).message }, 'single sign-on: the provider did not answer discovery; retried at the next sign-in');
    }
  }

  /** A new sign-in: the provider's authorization URL (PKCE S256, state, nonce). */
  async begin(returnTo: string, now: number): Promise<OidcStart> {
    const configuration = await this.#discover();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const codeVerifier = client.randomPKCECodeVerifier();
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: this.#oidc.redirectUri,
      scope: this.#oidc.scopes.join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    this.#pending.add(state, { nonce, codeVerifier, returnTo }, now);
    return { url, state };
  }

  /**
   * The provider sent the browser back with `query`. `browserState` is the state the start step
   * bound to this browser (a cookie): a callback carried to another browser is refused, so nobody
   * can sign a victim in as themselves (login CSRF).
   */
  async complete(query: URLSearchParams, browserState: string | undefined, now: number): Promise<OidcCompletion> {
    const state = query.get('state');
    if (state === null || state === '') return refused('the provider sent no state back: start the sign-in again from logwarden');
    if (browserState !== state) return refused('this sign-in was not started from this browser (its state does not match): start the sign-in again from logwarden');
    const pending = this.#pending.take(state, now);
    if (pending === undefined) return refused('this sign-in is unknown, took too long, or was completed already: start the sign-in again from logwarden');
    const configuration = await this.#discover();
    const callbackUrl = new URL(this.#oidc.redirectUri);
    for (const [key, value] of query) callbackUrl.searchParams.append(key, value);
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedNonce: pending.nonce,
        expectedState: state,
        idTokenExpected: true,
      });
      claims = await this.#claimsOf(configuration, tokens);
    } catch (error) {
      return refused(describeProviderError(error));
    }
    return this.#grantOf(claims, pending.returnTo, now);
  }

  #grantOf(claims: Record<string, unknown>, returnTo: string, now: number): OidcCompletion {
    const outcome = grantFromClaims(claims, this.#oidc);
    if (!outcome.ok) return refused(outcome.reason, outcome.userName);
    const { grant } = outcome;
    if (this.#deps.users.get(grant.name, now) !== undefined) {
      // A provider account must not borrow a local user's name: the audit trail could not tell them
      // apart, and whoever may pick their own name at the provider could pose as that user.
      return refused(`"${grant.name}" is the name of a local (password) user: single sign-on may not sign in under it; rename one of them`, grant.name);
    }
    if (this.#deps.roles.get(grant.role) === undefined) return refused(`the role "${grant.role}" that access.oidc gives user "${grant.name}" does not exist`, grant.name);
    return { ok: true, grant, returnTo };
  }

  /** The ID token's claims, completed from the userinfo endpoint when it lacks one the mapping reads. */
  async #claimsOf(configuration: client.Configuration, tokens: client.TokenEndpointResponse & client.TokenEndpointResponseHelpers): Promise<Record<string, unknown>> {
    const idClaims = tokens.claims();
    if (idClaims === undefined) throw new Error('the provider sent no ID token');
    const wanted = [this.#oidc.usernameClaim, this.#oidc.rolesClaim, this.#oidc.systemsClaim].filter((claim) => claim !== undefined);
    const complete = wanted.every((claim) => idClaims[claim] !== undefined);
    if (complete || configuration.serverMetadata().userinfo_endpoint === undefined) return { ...idClaims };
    // Many providers (oidc-provider by default) put scope claims in userinfo only; the ID token,
    // signed, wins where both have one.
    const userinfo = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    return { ...userinfo, ...idClaims };
  }

  /** The provider's configuration, discovered once; a failed discovery is forgotten so the next call tries again. */
  #discover(): Promise<client.Configuration> {
    if (this.#configuration !== undefined) return this.#configuration;
    const issuer = new URL(this.#oidc.issuer);
    // The schema allows http:// only for a loopback issuer (a provider on this machine).
    const execute = issuer.protocol === 'http:' ? [client.allowInsecureRequests] : [];
    const discovering = client.discovery(issuer, this.#oidc.clientId, undefined, this.#clientAuth ?? client.None(), { execute, timeout: PROVIDER_TIMEOUT_SECONDS });
    this.#configuration = discovering.catch((error: unknown) => {
      this.#configuration = undefined;
      throw new LogwardenError('LW_UNAVAILABLE', `single sign-on is unavailable: the OpenID provider ${this.#oidc.issuer} did not answer discovery (${(error as Error).message}); retry when it is up`);
    });
    return this.#configuration;
  }

  async #readSecret(): Promise<string | undefined> {
    const { clientSecretFile, clientSecretEnv } = this.#oidc;
    if (clientSecretFile !== undefined) {
      let text: string;
      try {
        text = await readFile(clientSecretFile, 'utf8');
      } catch (error) {
        throw new LogwardenError('LW_FILE_UNREADABLE', `access.oidc.clientSecretFile: cannot read ${clientSecretFile}: ${(error as Error).message}`);
      }
      return nonEmpty(text.replace(/\r?\n$/, ''), `access.oidc.clientSecretFile ${clientSecretFile} is empty`);
    }
    if (clientSecretEnv === undefined) return undefined;
    return nonEmpty((this.#deps.env ?? process.env)[clientSecretEnv] ?? '', `access.oidc.clientSecretEnv names ${clientSecretEnv}, which is not set (or empty) in logwarden's environment`);
  }
}

function nonEmpty(secret: string, problem: string): string {
  if (secret.length === 0) throw new LogwardenError('LW_CONFIG_INVALID', problem);
  return secret;
}

function refused(reason: string, userName?: string): OidcCompletion {
  return { ok: false, error: new LogwardenError('LW_SIGN_IN_FAILED', `single sign-on refused: ${reason}`), ...(userName === undefined ? {} : { userName }) };
}

/** What went wrong at the provider, for the person signing in: its error code, never a token. */
function describeProviderError(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) return `the provider refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  if (error instanceof client.ResponseBodyError) return `the provider refused the code exchange: ${error.error}${error.error_description ? ` (${error.error_description})` : ''}`;
  if (error instanceof client.WWWAuthenticateChallengeError) {
    // A 401 with a challenge: the provider did not accept logwarden's client credentials.
    const errors = error.cause.map((challenge) => challenge.parameters.error).filter((code) => code !== undefined);
    return `the provider refused the code exchange: ${errors.join(', ') || `HTTP ${error.status}`} (check access.oidc.clientId and the client secret)`;
  }
  return `the provider's answer could not be used: ${(error as Error).message}`;
}
