// Test helper: a real OpenID provider (oidc-provider, the certified one) on loopback, with one
// confidential client that must use PKCE and a few test accounts, and a minimal "browser" that
// walks its sign-in: follows redirects by hand, keeps cookies per site, and posts the provider's
// own login and consent forms as a person would.
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  readonly preferred_username: string;
  readonly groups?: readonly string[];
  readonly systems?: readonly string[];
}

export interface LocalProvider {
  readonly issuer: string;
  close(): Promise<void>;
}

/** A port that was free a moment ago (for a server whose URL must be known before it starts). */
export async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

export interface ProviderOptions {
  readonly port: number;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly accounts: Readonly<Record<string, TestAccount>>;
  /** Put the scopes' claims in the ID token too (oidc-provider's default puts them in userinfo only). */
  readonly claimsInIdToken?: boolean;
}

export async function startProvider(options: ProviderOptions): Promise<LocalProvider> {
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    pkce: { required: () => true },
    conformIdTokenClaims: options.claimsInIdToken !== true,
    claims: { openid: ['sub'], profile: ['preferred_username'], groups: ['groups'], systems: ['systems'] },
    cookies: { keys: ['test-only-cookie-signing-key'] },
    ttl: { Interaction: 600, Session: 600, Grant: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: true } },
    findAccount: async (_context, id) => {
      const account = options.accounts[id];
      return account === undefined ? undefined : { accountId: id, claims: () => ({ sub: id, ...account }) };
    },
  });
  const server: Server = createServer(provider.callback());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Cookies by origin, as a browser keeps them (path and expiry rules are not needed here). */
export class CookieJar {
  readonly #byOrigin = new Map<string, Map<string, string>>();

  store(url: URL, response: Response): void {
    const cookies = this.#byOrigin.get(url.origin) ?? new Map<string, string>();
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const value = pair.slice(separator + 1).trim();
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) cookies.delete(name);
      else cookies.set(name, value);
    }
    this.#byOrigin.set(url.origin, cookies);
  }

  header(url: URL): string {
    return [...(this.#byOrigin.get(url.origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(origin: string, name: string): string | undefined {
    return this.#byOrigin.get(origin)?.get(name);
  }
}

/** One request as a browser would make it, without following a redirect. */
export async function visit(jar: CookieJar, url: URL, form?: URLSearchParams): Promise<Response> {
  const headers: Record<string, string> = { cookie: jar.header(url) };
  if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
  const response = await fetch(url, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form ? { body: form.toString() } : {}) });
  jar.store(url, response);
  return response;
}

/**
 * Walk the provider's sign-in from `authorizeUrl` as user `login`: redirects followed, the login
 * form and then the consent form posted. Returns the URL the provider sends the browser back to
 * (the client's redirect URI with code and state), without visiting it. With `cancel` the person
 * presses the provider's Cancel link instead, and the provider sends an error back.
 */
export async function signInAtProvider(jar: CookieJar, authorizeUrl: URL, login: string, returnsTo: string, options: { readonly cancel?: boolean } = {}): Promise<URL> {
  let url = authorizeUrl;
  for (let step = 0; step < 20; step += 1) {
    const response = await visit(jar, url);
    const location = response.headers.get('location');
    if (location !== null) {
      url = new URL(location, url);
      if (url.href.startsWith(returnsTo)) return url;
      continue;
    }
    const page = await response.text();
    if (response.status !== 200) throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${page.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(page)?.[1];
    if (action === undefined || prompt === undefined) throw new Error(`no sign-in form at ${url.pathname}: ${page.slice(0, 300)}`);
    const cancel = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(page)?.[1];
    if (options.cancel === true && cancel !== undefined) {
      url = new URL(cancel.replaceAll('&amp;', '&'), url);
      continue;
    }
    const fields: Record<string, string> = prompt === 'login' ? { prompt, login, password: 'any password: the development login takes any' } : { prompt };
    const submitted = await visit(jar, new URL(action.replaceAll('&amp;', '&'), url), new URLSearchParams(fields));
    const next = submitted.headers.get('location');
    if (next === null) throw new Error(`posting the ${prompt} form answered ${submitted.status}: ${(await submitted.text()).slice(0, 300)}`);
    url = new URL(next, url);
  }
  throw new Error('the provider sign-in did not finish in 20 steps');
}
