// The few parts of oidc-provider (panva's certified OpenID provider, a devDependency that ships no
// types) that the tests' local provider uses. Only test code imports it.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  export interface ProviderAccount {
    readonly accountId: string;
    claims(use: string, scope: string): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  export interface ProviderConfiguration {
    readonly clients: readonly Record<string, unknown>[];
    readonly claims?: Readonly<Record<string, readonly string[]>>;
    readonly scopes?: readonly string[];
    readonly pkce?: { readonly required: () => boolean };
    readonly conformIdTokenClaims?: boolean;
    readonly cookies?: { readonly keys: readonly string[] };
    /** Seconds each artifact lives. */
    readonly ttl?: Readonly<Record<string, number>>;
    readonly features?: Readonly<Record<string, { readonly enabled: boolean }>>;
    readonly findAccount: (context: unknown, id: string) => Promise<ProviderAccount | undefined>;
  }

  export default class Provider {
    constructor(issuer: string, configuration: ProviderConfiguration);
    callback(): (request: IncomingMessage, response: ServerResponse) => void;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
