// Single sign-on through OpenID Connect (openid-client): authorization code flow with PKCE, state
// and nonce; the provider's claims name the user and its role; a session is created like a
// password sign-in's (sessions.ts).
//
// SCAFFOLD (issue 13): the OIDC helper builds this.
export {};
