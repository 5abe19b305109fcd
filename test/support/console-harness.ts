import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freeLoopbackPort, OidcTestProvider } from './oidc-test-provider.js';
import { TestWardgate } from './wardgate-instance.js';

export interface ConsoleHarnessOptions {
  policy?: string | Record<string, unknown>;
  /** Extra Wardgate configuration (merged over the console defaults). */
  config?: Record<string, unknown>;
  /** Extra `console:` settings (timeouts, session store). */
  console?: Record<string, unknown>;
}

/** Reads pass masked; writes wait for someone in `approvers` (respond mode: the retry passes once approved). */
export const consolePolicy = {
  version: 1,
  defaults: { action: 'deny', status: 403, message: 'no rule allows this request', maskingProfile: 'strict' },
  rules: [
    { id: 'reads-masked', match: { methods: ['GET', 'HEAD'] }, action: 'allow', maskingProfile: 'strict' },
    {
      id: 'writes-need-approval',
      description: 'Anything that changes data is held until an approver approves it.',
      match: { methods: ['POST', 'PUT', 'PATCH', 'DELETE'] },
      action: 'hold',
      hold: { mode: 'respond', approverGroups: ['approvers'], approvalsRequired: 1, approvalValidity: '15m', pendingTtl: '1h', waitTimeout: '60s' },
      maskingProfile: 'strict',
    },
  ],
};

/**
 * A real OpenID Provider and Wardgate with the console on, wired to it: approvers are the
 * `approvers` group, auditors `auditors`, admins `wardgate-admins`. Wardgate's HTTP port is
 * chosen first because the provider must know the redirect URL.
 */
export class ConsoleHarness {
  provider!: OidcTestProvider;
  wardgate!: TestWardgate;
  httpPort = 0;
  private readonly secretDir = mkdtempSync(path.join(tmpdir(), 'wardgate-console-'));

  constructor(private readonly options: ConsoleHarnessOptions = {}) {}

  get origin(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  async start(): Promise<this> {
    this.httpPort = await freeLoopbackPort();
    this.provider = await new OidcTestProvider({ redirectUri: `${this.origin}/console/callback` }).start();
    const secretFile = path.join(this.secretDir, 'console-client-secret');
    writeFileSync(secretFile, `${this.provider.clientSecret}\n`, { mode: 0o600 });
    // A signing key on file, so that the Evidence page can verify the chain as an auditor would.
    const signingKeyFile = path.join(this.secretDir, 'audit-signing.pem');
    writeFileSync(signingKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const config = {
      server: { http: { host: '127.0.0.1', port: this.httpPort } },
      admin: { adminGroups: ['wardgate-admins'] },
      audit: { signing: { keyFile: signingKeyFile, keyId: 'console-test' } },
      console: {
        issuer: this.provider.issuer,
        clientId: this.provider.clientId,
        clientSecretFile: secretFile,
        redirectUrl: `${this.origin}/console/callback`,
        scopes: ['openid', 'profile', 'email', 'groups'],
        approverGroups: ['approvers'],
        auditorGroups: ['auditors'],
        pollInterval: '1s',
        ...this.options.console,
      },
      ...this.options.config,
    };
    this.wardgate = new TestWardgate({ policy: this.options.policy ?? consolePolicy, config });
    await this.wardgate.start();
    await this.ready();
    return this;
  }

  /** Waits for /readyz (the Redis client connects after start; until then calls answer 503). */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await fetch(`${this.origin}/readyz`).then((r) => r.status, () => 0)) !== 200) {
      if (Date.now() > deadline) throw new Error('Wardgate did not become ready');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** A signed-in console user driven without a browser (cookies kept by hand). */
  async signIn(user: string): Promise<ConsoleClient> {
    const client = new ConsoleClient(this.origin);
    const start = await client.raw('GET', '/console/login');
    const location = start.headers.get('location');
    if (start.status !== 302 || location === null) throw new Error(`/console/login answered ${start.status}`);
    const callback = await this.provider.signInWithoutBrowser(location, user);
    const done = await client.raw('GET', new URL(callback).pathname + new URL(callback).search);
    if (done.status !== 200) throw new Error(`callback answered ${done.status}: ${await done.text()}`);
    if (!(await client.loadSession())) throw new Error('signed in, but the session document says signed out');
    return client;
  }

  async stop(): Promise<void> {
    await this.wardgate?.cleanup();
    await this.provider?.stop();
    rmSync(this.secretDir, { recursive: true, force: true });
  }
}

export interface CallOptions {
  body?: unknown;
  /** Send the session's CSRF token (default true for state-changing calls). */
  csrf?: boolean | string;
  /** Origin header; default the console's own for state-changing calls. */
  origin?: string | null;
  headers?: Record<string, string>;
}

/** A browser stand-in: a cookie jar, the session's CSRF token, Origin and Sec-Fetch-Site as a browser would send them. */
export class ConsoleClient {
  readonly cookies = new Map<string, string>();
  readonly setCookieLines: string[] = [];
  csrfToken = '';
  session: Record<string, unknown> = {};

  constructor(readonly origin: string) {}

  async raw(method: string, pathAndQuery: string, init: { body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const response = await fetch(`${this.origin}${pathAndQuery}`, {
      method,
      redirect: 'manual',
      headers: { ...(cookie ? { cookie } : {}), ...init.headers },
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      this.setCookieLines.push(line);
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  /** Reads the session document; true while signed in. */
  async loadSession(): Promise<boolean> {
    const response = await this.raw('GET', '/console/api/session', { headers: { 'sec-fetch-site': 'same-origin' } });
    if (response.status !== 200) throw new Error(`/console/api/session answered ${response.status}`);
    const body = (await response.json()) as Record<string, unknown>;
    if (body.signedIn !== true) return false;
    this.session = body;
    this.csrfToken = String(body.csrfToken);
    return true;
  }

  /** A JSON call as the console page makes it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, checked by the specs
  async call(method: string, pathAndQuery: string, options: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
    const changing = method !== 'GET';
    const headers: Record<string, string> = { 'sec-fetch-site': 'same-origin', accept: 'application/json', ...options.headers };
    const origin = options.origin === undefined ? (changing ? this.origin : null) : options.origin;
    if (origin !== null) headers.origin = origin;
    const csrf = options.csrf ?? changing;
    if (csrf !== false) headers['x-wardgate-csrf'] = csrf === true ? this.csrfToken : csrf;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await this.raw(method, pathAndQuery, { headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  }
}
