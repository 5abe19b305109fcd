/** Who signed in, as the console and the admin API see them (from the verified ID token). */
export interface ConsoleUser {
  subject: string;
  groups: readonly string[];
  name?: string;
  email?: string;
}

/** A signed-in browser. Kept server-side; the cookie holds only a random id. */
export interface ConsoleSession {
  user: ConsoleUser;
  /** Sent back by the page in `x-wardgate-csrf` on every state-changing call. */
  csrfToken: string;
  createdAt: number;
  lastSeenAt: number;
  /** `createdAt` + the absolute timeout: no activity extends past it. */
  absoluteExpiresAt: number;
}

/** A sign-in under way: what the callback must find again (state, nonce, PKCE verifier). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  createdAt: number;
}
