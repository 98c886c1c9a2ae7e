/**
 * Where a client's access token comes from: one TokenSource per kind of app and identity (FEISHU.md,
 * "Every kind of app and identity").
 *
 * - a custom app's tenant token (`tenant_access_token/internal`);
 * - a store app's tenant token, per customer tenant: the app token (from the app_ticket) first, shared
 *   by every tenant of the app, then the tenant's own token;
 * - a signed-in user's token, refreshed with the rotating refresh token;
 * - a pasted token, used as given until it expires.
 *
 * The client (./client.ts) keeps the token, shares one request among cold callers and replays a
 * call once after a rejected token; a source only knows how to obtain a new one. Every request a
 * source makes goes through the client's `post`, so it is recorded and redacted like any other.
 */

import { APP_ACCESS_TOKEN_PATH, OAUTH_TOKEN_PATH, STORE_TENANT_TOKEN_PATH, TOKEN_PATH } from './identity';
import type { FailureStage, FeishuFailure } from './types';

/** A token and its lifetime, as the client keeps it. */
export interface IssuedToken {
  token: string;
  obtainedAt: number;
  expiresAt: number;
}

export type TokenOutcome = { ok: true; token: IssuedToken } | { ok: false; failure: FeishuFailure };

/** One JSON POST through the client (retried on transient failures, recorded, redacted): the parsed body of a code-0 answer. */
export type TokenPost = (
  path: string,
  body: Record<string, unknown>,
  stage: FailureStage,
) => Promise<{ ok: true; json: Record<string, unknown>; obtainedAt: number } | { ok: false; failure: FeishuFailure }>;

/** Whom a token speaks for: the app in a tenant (the bot), or a signed-in user. */
export type Identity = 'bot' | 'user';

export interface TokenSource {
  readonly identity: Identity;
  /**
   * How long before its expiry a token is renewed. The platform issues the same tenant token until
   * less than 30 minutes remain; a pasted token cannot be renewed and is used to its last second.
   */
  readonly renewMarginMs: number;
  /** A token to start with (a signed-in user's, a pasted one). */
  initial?(): IssuedToken | undefined;
  /**
   * Obtains a new token. Absent for a token that cannot be renewed: the client then reports it
   * expired (`credential_expired`) or rejected instead of asking for another.
   */
  obtain?(post: TokenPost): Promise<TokenOutcome>;
  /** Values no record may hold (the secret, a ticket, a refresh token, an app token): the same array until one is added. */
  secrets(): readonly string[];
}

/** The platform reissues a token while more than 30 minutes remain of it: renew it then. */
export const PLATFORM_RENEW_MARGIN_MS = 30 * 60 * 1000;

/** A token is used until `marginMs` before its expiry (at most half its lifetime, for short-lived ones). */
export function isFresh(token: IssuedToken | undefined, marginMs: number, now: number): token is IssuedToken {
  if (!token) return false;
  return now < token.expiresAt - Math.min(marginMs, (token.expiresAt - token.obtainedAt) / 2);
}

/** A failure of this side's own, before any request: no ticket, a pasted token past its expiry, no sign-in. */
export function credentialFailure(stage: FailureStage, problem: NonNullable<FeishuFailure['credential']>, msg: string): FeishuFailure {
  return { kind: 'credential', stage, msg, credential: problem };
}

/** The body's `key` as a token and `expiry` as seconds, or a `not_json` failure naming what is missing. */
function tokenOf(
  json: Record<string, unknown>,
  key: string,
  expiry: string,
  stage: FailureStage,
  obtainedAt: number,
): TokenOutcome & { json?: Record<string, unknown> } {
  const token = json[key];
  const seconds = json[expiry];
  if (typeof token !== 'string' || token === '' || typeof seconds !== 'number') {
    return { ok: false, failure: { kind: 'not_json', stage, msg: `the answer lacks ${key} or ${expiry}`, body: undefined } };
  }
  return { ok: true, token: { token, obtainedAt, expiresAt: obtainedAt + seconds * 1000 } };
}

/** A custom (self-built) app's tenant token. */
export function internalTenantTokens(appId: string, appSecret: string): TokenSource {
  const secrets = [appSecret];
  return {
    identity: 'bot',
    renewMarginMs: PLATFORM_RENEW_MARGIN_MS,
    async obtain(post) {
      const answer = await post(TOKEN_PATH, { app_id: appId, app_secret: appSecret }, 'token');
      if (!answer.ok) return answer;
      return tokenOf(answer.json, 'tenant_access_token', 'expire', 'token', answer.obtainedAt);
    },
    secrets: () => secrets,
  };
}

/**
 * A store app's app_access_token, shared by its tenants' sources: asked for once however many
 * tenants start cold together, with the ticket the user pasted (the platform pushes tickets to the
 * app's webhook, which a desktop tool cannot receive).
 */
export class StoreAppTokens {
  private cached: IssuedToken | undefined;
  private flight: Promise<TokenOutcome> | undefined;
  private secretList: string[];

  constructor(
    private readonly opts: {
      appId: string;
      appSecret: string;
      /** The app_ticket as the user gave it, or undefined when none is kept. */
      ticket: () => Promise<string | undefined>;
      now: () => number;
    },
  ) {
    this.secretList = [opts.appSecret];
  }

  get(post: TokenPost): Promise<TokenOutcome> {
    const cached = this.cached;
    if (isFresh(cached, PLATFORM_RENEW_MARGIN_MS, this.opts.now())) return Promise.resolve({ ok: true, token: cached });
    this.flight ??= this.fetch(post).finally(() => (this.flight = undefined));
    return this.flight;
  }

  /** Forgets a token the platform refused, so the next tenant token asks for a new one. */
  drop(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  /** The secret, the ticket and every app token issued: the tenants' sources add them to their own. */
  secrets(): readonly string[] {
    return this.secretList;
  }

  private remember(value: string): void {
    if (!this.secretList.includes(value)) this.secretList = [...this.secretList, value];
  }

  private async fetch(post: TokenPost): Promise<TokenOutcome> {
    const ticket = (await this.opts.ticket())?.trim();
    if (!ticket) {
      return {
        ok: false,
        failure: credentialFailure(
          'app_token',
          { problem: 'ticket_missing' },
          'no app_ticket is kept for this store app: paste the newest one, or ask the platform to resend it',
        ),
      };
    }
    this.remember(ticket);
    const answer = await post(
      APP_ACCESS_TOKEN_PATH,
      { app_id: this.opts.appId, app_secret: this.opts.appSecret, app_ticket: ticket },
      'app_token',
    );
    if (!answer.ok) return answer;
    const outcome = tokenOf(answer.json, 'app_access_token', 'expire', 'app_token', answer.obtainedAt);
    if (outcome.ok) {
      this.remember(outcome.token.token);
      this.cached = outcome.token;
    }
    return outcome;
  }
}

/**
 * Codes of the store tenant-token call that mean the app token itself was refused: drop it and ask
 * for a new one once (the platform's "invalid app_access_token" family).
 */
const APP_TOKEN_REFUSED: ReadonlySet<number> = new Set([99991663, 99991664, 10002, 10012]);

/** A store app's tenant token for one customer tenant (`tenant_key`). */
export function storeTenantTokens(app: StoreAppTokens, tenantKey: string): TokenSource {
  return {
    identity: 'bot',
    renewMarginMs: PLATFORM_RENEW_MARGIN_MS,
    async obtain(post) {
      for (let attempt = 1; ; attempt += 1) {
        const appToken = await app.get(post);
        if (!appToken.ok) return appToken;
        const answer = await post(STORE_TENANT_TOKEN_PATH, { app_access_token: appToken.token.token, tenant_key: tenantKey }, 'token');
        if (!answer.ok) {
          const { code } = answer.failure;
          if (attempt === 1 && code !== undefined && APP_TOKEN_REFUSED.has(code)) {
            app.drop(appToken.token.token);
            continue;
          }
          return answer;
        }
        return tokenOf(answer.json, 'tenant_access_token', 'expire', 'token', answer.obtainedAt);
      }
    },
    secrets: () => app.secrets(),
  };
}

/** What a sign-in leaves: the user's tokens and who they are. Kept like an app secret, never shown. */
export interface UserSession {
  accessToken: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Absent when `offline_access` was not granted: the user signs in again when the access token expires. */
  refreshToken?: string;
  refreshExpiresAt?: number;
  scope?: string;
  /** From user_info: shown as "signed in as …". */
  user: { name: string; openId: string; tenantKey?: string };
}

/** Reads the token endpoint's answer (authorization code or refresh) into a session for `user`. */
export function sessionFromTokenAnswer(
  json: Record<string, unknown>,
  obtainedAt: number,
  user: UserSession['user'],
): UserSession | undefined {
  const { access_token: accessToken, expires_in: expiresIn, refresh_token: refreshToken } = json;
  const refreshExpiresIn = json.refresh_token_expires_in;
  if (typeof accessToken !== 'string' || accessToken === '' || typeof expiresIn !== 'number') return undefined;
  return {
    accessToken,
    expiresAt: obtainedAt + expiresIn * 1000,
    ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
    ...(typeof refreshExpiresIn === 'number' ? { refreshExpiresAt: obtainedAt + refreshExpiresIn * 1000 } : {}),
    ...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
    user,
  };
}

/**
 * A signed-in user's token, renewed with the refresh token. The platform rotates the refresh token
 * on every use, so each new session is handed to `onRenewed` (to be kept) before the token is used;
 * the client's single flight keeps two renewals from racing and losing the rotated token.
 */
export function userTokens(opts: {
  appId: string;
  appSecret: string;
  session: UserSession;
  onRenewed: (session: UserSession) => Promise<void> | void;
  now: () => number;
}): TokenSource {
  let session = opts.session;
  let secretList = [opts.appSecret, ...(session.refreshToken ? [session.refreshToken] : [])];
  return {
    identity: 'user',
    // Renewed ahead of expiry, as the tenant token is: a lookup never starts on a token about to lapse.
    renewMarginMs: 5 * 60 * 1000,
    initial: () => ({ token: session.accessToken, obtainedAt: opts.now(), expiresAt: session.expiresAt }),
    async obtain(post) {
      const { refreshToken, refreshExpiresAt } = session;
      if (!refreshToken || (refreshExpiresAt !== undefined && opts.now() >= refreshExpiresAt)) {
        return {
          ok: false,
          failure: credentialFailure(
            'user_token',
            { problem: 'signed_out', user: session.user.name, expiresAt: refreshToken ? refreshExpiresAt : session.expiresAt },
            refreshToken
              ? 'the sign-in has expired: sign in again'
              : 'the access token expired and no refresh token was granted: sign in again',
          ),
        };
      }
      const answer = await post(
        OAUTH_TOKEN_PATH,
        { grant_type: 'refresh_token', client_id: opts.appId, client_secret: opts.appSecret, refresh_token: refreshToken },
        'user_token',
      );
      if (!answer.ok) {
        return { ok: false, failure: { ...answer.failure, credential: { problem: 'signed_out', user: session.user.name } } };
      }
      const renewed = sessionFromTokenAnswer(answer.json, answer.obtainedAt, session.user);
      if (!renewed)
        return { ok: false, failure: { kind: 'not_json', stage: 'user_token', msg: 'the answer lacks access_token or expires_in' } };
      // Without offline_access the platform may give no new refresh token: the old one is spent either way.
      session = renewed;
      if (renewed.refreshToken && !secretList.includes(renewed.refreshToken)) secretList = [...secretList, renewed.refreshToken];
      await opts.onRenewed(renewed);
      return { ok: true, token: { token: renewed.accessToken, obtainedAt: answer.obtainedAt, expiresAt: renewed.expiresAt } };
    },
    secrets: () => secretList,
  };
}

/** A token made elsewhere (the API explorer, a colleague's script), used as given. */
export function pastedTokens(opts: { token: string; identity: Identity; expiresAt?: number; now: () => number }): TokenSource {
  const secrets: readonly string[] = [];
  return {
    identity: opts.identity,
    renewMarginMs: 0,
    // An unknown expiry is trusted until the platform refuses the token.
    initial: () => ({ token: opts.token, obtainedAt: opts.now(), expiresAt: opts.expiresAt ?? Number.MAX_SAFE_INTEGER }),
    secrets: () => secrets,
  };
}
