import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** Test users: an approver who is also an admin, a plain approver, an auditor, and one in no console group. */
export const TEST_USERS = {
  alice: { name: 'Alice Approver', email: 'alice@example.org', groups: ['approvers', 'wardgate-admins'] },
  bob: { name: 'Bob Builder', email: 'bob@example.org', groups: ['approvers'] },
  carol: { name: 'Carol Auditor', email: 'carol@example.org', groups: ['auditors'] },
  dave: { name: 'Dave Outsider', email: 'dave@example.org', groups: ['staff'] },
} as const;

export type TestUser = keyof typeof TEST_USERS;

export interface OidcTestProviderOptions {
  /** The console's redirect URL, registered for the one client. */
  redirectUri: string;
  clientId?: string;
  clientSecret?: string;
  /** ID token life. @default 3600 */
  idTokenTtlSeconds?: number;
}

/**
 * A real OpenID Provider (the certified `oidc-provider` package) on loopback port 0, with one
 * confidential client for the console and the TEST_USERS above. Sign-in uses the package's
 * development login form (any password; unknown logins are refused by findAccount); consent is
 * granted for known users so that a sign-in is one form.
 */
export class OidcTestProvider {
  readonly clientId: string;
  readonly clientSecret: string;
  private server: http.Server | undefined;
  private provider: Provider | undefined;
  port = 0;

  constructor(private readonly options: OidcTestProviderOptions) {
    this.clientId = options.clientId ?? 'wardgate-console';
    this.clientSecret = options.clientSecret ?? randomBytes(24).toString('base64url');
  }

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    // The issuer names its port, so listen first and build the provider for that address.
    this.server = http.createServer((req, res) => {
      if (!this.provider) {
        res.writeHead(503);
        res.end();
        return;
      }
      void this.provider.callback()(req, res);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    const configuration: Configuration = {
      clients: [{
        client_id: this.clientId,
        client_secret: this.clientSecret,
        redirect_uris: [this.options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      }],
      claims: { openid: ['sub'], email: ['email'], profile: ['name'], groups: ['groups'] },
      scopes: ['openid', 'email', 'profile', 'groups'],
      // Code flow ID tokens carry the profile claims too, as Dex and Keycloak send them.
      conformIdTokenClaims: false,
      features: { devInteractions: { enabled: true } },
      pkce: { required: () => true },
      ttl: { IdToken: this.options.idTokenTtlSeconds ?? 3600 },
      cookies: { keys: [randomBytes(32).toString('base64url')] },
      findAccount: (_ctx, sub) => {
        const user = (TEST_USERS as Record<string, (typeof TEST_USERS)[TestUser] | undefined>)[sub];
        if (user === undefined) return undefined;
        return { accountId: sub, claims: () => ({ sub, name: user.name, email: user.email, groups: [...user.groups] }) };
      },
      loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
        const client = ctx.oidc.client;
        const session = ctx.oidc.session;
        if (!client || !session?.accountId) return undefined;
        const existing = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
        if (existing) return ctx.oidc.provider.Grant.find(existing);
        const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
        grant.addOIDCScope('openid email profile groups');
        grant.addOIDCClaims(['name', 'email', 'groups']);
        await grant.save();
        return grant;
      },
    };
    this.provider = new Provider(this.issuer, configuration);
    return this;
  }

  /**
   * Signs `user` in without a browser: follows the authorization URL through the login form and
   * returns the console callback URL the provider redirects to (with code and state).
   */
  async signInWithoutBrowser(authorizationUrl: string, user: string): Promise<string> {
    const jar = new Map<string, string>();
    const send = async (url: string, init: RequestInit = {}): Promise<Response> => {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string> | undefined), ...(cookie ? { cookie } : {}) } });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      return response;
    };
    let url = authorizationUrl;
    for (let step = 0; step < 10; step++) {
      if (url.startsWith(this.options.redirectUri)) return url;
      const response = await send(url);
      const location = response.headers.get('location');
      if (location !== null) {
        url = new URL(location, url).href;
        continue;
      }
      const html = await response.text();
      const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
      if (response.status !== 200 || action === undefined) throw new Error(`the provider answered ${response.status} without a login form`);
      const submitted = await send(new URL(action.replace(/&amp;/g, '&'), url).href, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ prompt: 'login', login: user, password: 'any' }).toString(),
      });
      const next = submitted.headers.get('location');
      if (next === null) throw new Error(`login for ${user} answered ${submitted.status}: ${(await submitted.text()).slice(0, 200)}`);
      url = new URL(next, url).href;
    }
    throw new Error('too many redirects during sign-in');
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** A free loopback port (for an address that must be known before its server starts). */
export async function freeLoopbackPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
