/**
 * The sandbox's side of every app and identity (FEISHU.md, "Every kind of app and identity"):
 *
 * - a store app's flow: POST app_ticket/resend pushes an app_ticket (kept in `tickets`, announced
 *   to `onTicket` as the webhook body the platform would post); app_access_token trades the app's
 *   secret and an unexpired ticket for an `a-…` token; tenant_access_token trades that for a
 *   `t-…` token of one tenant the app is installed in;
 * - a user's sign-in by OAuth 2 with PKCE: GET authorize answers a page a browser completes
 *   without scripts (choose a sandbox user, Allow or Deny), POSTed back here, which redirects to
 *   the loopback redirect_uri with `code` and `state`; the token endpoint trades the code (once,
 *   within 5 minutes, with the matching redirect_uri and code_verifier) for a `u-…` token and a
 *   rotating refresh token; user_info says who a user token belongs to.
 *
 * Codes and where they come from: the token endpoint's 200xx are the platform's table for
 * POST /open-apis/authen/v2/oauth/token (get-user-access-token page), the refresh token's 20026,
 * 20037 and 20073 are the official CLI's constants; 10012 (app_ticket invalid) and 99991664
 * (app_access_token invalid) the official SDKs' constants; 99991662 (app not installed in the
 * tenant) the official CLI's; 10003 and 10014 as the custom app's token endpoint answers.
 */

import type { Clock } from '../base/ports';
import {
  ACCOUNTS_BASE_URLS,
  APP_ACCESS_TOKEN_PATH,
  APP_TICKET_RESEND_PATH,
  AUTHORIZE_PATH,
  OAUTH_TOKEN_PATH,
  STORE_TENANT_TOKEN_PATH,
  USER_INFO_PATH,
  type AppTicketEvent,
} from '../feishu/identity';
import {
  sandboxAppName,
  sandboxAppSecret,
  SANDBOX_STORE_APP_ID,
  SANDBOX_STORE_APP_SECRET,
  SANDBOX_STORE_TENANTS,
  SANDBOX_TENANT_KEY,
} from './apps';
import { SANDBOX_USERS, type SandboxUser } from './fixtures/people';
import { SANDBOX_VERIFICATION_TOKEN } from './user-actions';

/** How long a pushed app_ticket is accepted (the platform pushes a new one every hour). */
export const APP_TICKET_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** An authorization code is good for 5 minutes and for one exchange. */
export const AUTHORIZATION_CODE_LIFETIME_MS = 5 * 60 * 1000;
/** A refresh token lives 7 days (the platform's example answer says 604800 seconds). */
export const REFRESH_TOKEN_LIFETIME_S = 7 * 24 * 60 * 60;
/** The platform hands out an app's current token (tenant or app) again until less than this remains of it. */
export const TOKEN_REISSUE_MARGIN_MS = 30 * 60 * 1000;
/** Pushed tickets kept for the host to show, newest last. */
const TICKETS_KEPT = 20;

/** Who a token speaks for: an app in a tenant, and a user when it is a user_access_token. */
export interface SandboxGrant {
  appId: string;
  tenantKey: string;
  user?: SandboxUser;
}

/** The body of the app_ticket push, as the store app's webhook receives it. */
export interface AppTicketWebhook {
  /** Seconds since the epoch, with a fraction, as a string (the v1 event envelope). */
  ts: string;
  uuid: string;
  token: string;
  type: 'event_callback';
  event: AppTicketEvent;
}

export interface SandboxTicket {
  appId: string;
  ticket: string;
  /** Milliseconds since the epoch. */
  pushedAt: number;
  expiresAt: number;
  webhook: AppTicketWebhook;
}

export interface SandboxIdentityOptions {
  clock: Clock;
  /** Seconds an app, store tenant or user access token lives. */
  tokenLifetimeS: number;
  /** Answers JSON with the sandbox's log ID. */
  json: (status: number, body: unknown) => Response;
  /** Told of every app_ticket push, the first one included (made when the sandbox starts). */
  onTicket?: (ticket: SandboxTicket) => void;
}

export interface SandboxIdentity {
  /** Answers one of the identity endpoints, or undefined for any other request. */
  handle(request: Request, url: URL): Promise<Response> | undefined;
  /**
   * What a bearer token this module issued speaks for; `expired` for a user token past its
   * lifetime (99991677), `invalid` for any other `u-` token (99991668); undefined for a token
   * it does not know that is not a user token.
   */
  grantOf(token: string): SandboxGrant | 'expired' | 'invalid' | undefined;
  /** The app_tickets pushed and not yet expired, oldest first. */
  readonly tickets: readonly SandboxTicket[];
  /** Forgets every token and code it issued. */
  revokeTokens(): void;
  readonly tokensHeld: number;
}

interface TimedToken {
  appId: string;
  expiresAt: number;
}

interface AuthorizationCode {
  appId: string;
  user: SandboxUser;
  redirectUri: string;
  challenge: string;
  scopes: readonly string[];
  expiresAt: number;
  used: boolean;
}

interface UserToken {
  appId: string;
  user: SandboxUser;
  expiresAt: number;
  /** Kept past its expiry until then, so that it answers "expired" rather than "invalid". */
  forgetAt: number;
}

interface RefreshToken {
  appId: string;
  user: SandboxUser;
  scopes: readonly string[];
  expiresAt: number;
  used: boolean;
}

const randomHex = () => crypto.randomUUID().replace(/-/g, '');

export function createSandboxIdentity(options: SandboxIdentityOptions): SandboxIdentity {
  const { clock, json } = options;
  const lifetimeMs = options.tokenLifetimeS * 1000;
  let tickets: SandboxTicket[] = [];
  const appTokens = new Map<string, TimedToken>();
  const tenantTokens = new Map<string, TimedToken & { tenantKey: string }>();
  const codes = new Map<string, AuthorizationCode>();
  const userTokens = new Map<string, UserToken>();
  const refreshTokens = new Map<string, RefreshToken>();

  function pushTicket(appId: string): SandboxTicket {
    const now = clock.now();
    const ticket = randomHex();
    const pushed: SandboxTicket = {
      appId,
      ticket,
      pushedAt: now,
      expiresAt: now + APP_TICKET_LIFETIME_MS,
      webhook: {
        ts: (now / 1000).toFixed(3),
        uuid: crypto.randomUUID(),
        token: SANDBOX_VERIFICATION_TOKEN,
        type: 'event_callback',
        event: { app_id: appId, app_ticket: ticket, type: 'app_ticket' },
      },
    };
    tickets = [...liveTickets(), pushed].slice(-TICKETS_KEPT);
    options.onTicket?.(pushed);
    return pushed;
  }

  const liveTickets = () => tickets.filter((ticket) => ticket.expiresAt > clock.now());

  function forgetExpired() {
    const now = clock.now();
    for (const map of [appTokens, tenantTokens]) for (const [key, held] of map) if (held.expiresAt <= now) map.delete(key);
    // An expired or used refresh token is kept a day, so that a late try says why it fails.
    for (const [key, held] of refreshTokens) if (held.expiresAt + 24 * 60 * 60 * 1000 <= now) refreshTokens.delete(key);
    for (const [key, held] of userTokens) if (held.forgetAt <= now) userTokens.delete(key);
    // A used or expired code is kept a while so that a second try says why it fails.
    for (const [key, held] of codes) if (held.expiresAt + 60 * 60 * 1000 <= now) codes.delete(key);
  }

  /** The platform's reissue rule: the same token while more than 30 minutes remain, its remaining seconds as `expire`. */
  function reissue<T extends TimedToken>(
    held: Map<string, T>,
    prefix: string,
    matches: (token: T) => boolean,
    make: (expiresAt: number) => T,
  ) {
    forgetExpired();
    const now = clock.now();
    const current = [...held].find(([, token]) => matches(token) && token.expiresAt - now > TOKEN_REISSUE_MARGIN_MS);
    if (current) return { token: current[0], expire: Math.floor((current[1].expiresAt - now) / 1000) };
    const token = `${prefix}-sandbox-${randomHex()}`;
    held.set(token, make(now + lifetimeMs));
    return { token, expire: Math.floor(lifetimeMs / 1000) };
  }

  const invalidParam = () => json(400, { code: 10003, msg: 'invalid param' });

  async function bodyOf(request: Request): Promise<Record<string, unknown> | undefined> {
    const type = request.headers.get('content-type') ?? '';
    try {
      if (type.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(await request.text()));
      const body: unknown = await request.json();
      return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }

  /** The store app's id and secret as the app_ticket endpoints check them, or the failure. */
  function storeApp(body: Record<string, unknown>): Response | undefined {
    if (typeof body.app_id !== 'string' || body.app_id === '') return invalidParam();
    // A custom app has no app_ticket: it takes its tokens from the `…/internal` endpoints.
    if (body.app_id !== SANDBOX_STORE_APP_ID) return invalidParam();
    if (body.app_secret !== SANDBOX_STORE_APP_SECRET) return json(400, { code: 10014, msg: 'app secret invalid' });
    return undefined;
  }

  async function resendTicket(request: Request): Promise<Response> {
    const body = await bodyOf(request);
    if (!body) return json(400, { code: 9499, msg: 'Bad Request: the body is not JSON' });
    const refused = storeApp(body);
    if (refused) return refused;
    pushTicket(SANDBOX_STORE_APP_ID);
    return json(200, { code: 0, msg: 'ok' });
  }

  async function appAccessToken(request: Request): Promise<Response> {
    const body = await bodyOf(request);
    if (!body) return json(400, { code: 9499, msg: 'Bad Request: the body is not JSON' });
    const refused = storeApp(body);
    if (refused) return refused;
    if (typeof body.app_ticket !== 'string' || !liveTickets().some((ticket) => ticket.ticket === body.app_ticket)) {
      return json(400, { code: 10012, msg: 'app_ticket is invalid' });
    }
    const { token, expire } = reissue(
      appTokens,
      'a',
      (held) => held.appId === SANDBOX_STORE_APP_ID,
      (expiresAt) => ({ appId: SANDBOX_STORE_APP_ID, expiresAt }),
    );
    return json(200, { code: 0, msg: 'ok', app_access_token: token, expire });
  }

  async function storeTenantToken(request: Request): Promise<Response> {
    const body = await bodyOf(request);
    if (!body) return json(400, { code: 9499, msg: 'Bad Request: the body is not JSON' });
    if (typeof body.app_access_token !== 'string' || typeof body.tenant_key !== 'string' || body.tenant_key === '') return invalidParam();
    forgetExpired();
    const app = appTokens.get(body.app_access_token);
    if (!app) return json(400, { code: 99991664, msg: 'Invalid app access token' });
    const tenantKey = body.tenant_key;
    if (!SANDBOX_STORE_TENANTS.some((tenant) => tenant.tenantKey === tenantKey)) {
      return json(400, { code: 99991662, msg: `app is not installed in tenant ${tenantKey}` });
    }
    const { token, expire } = reissue(
      tenantTokens,
      't',
      (held) => held.appId === app.appId && held.tenantKey === tenantKey,
      (expiresAt) => ({ appId: app.appId, tenantKey, expiresAt }),
    );
    return json(200, { code: 0, msg: 'ok', tenant_access_token: token, expire });
  }

  /* ---------------------------------------------------------------------------------------- */
  /* OAuth 2 with PKCE                                                                         */
  /* ---------------------------------------------------------------------------------------- */

  function authorizeRequest(params: URLSearchParams): AuthorizeRequest | string {
    const clientId = params.get('client_id') ?? '';
    if (!sandboxAppSecret(clientId)) return `client_id "${clientId}" is not an app of the sandbox (${KNOWN_APPS}).`;
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!isLoopbackCallback(redirectUri)) {
      return `redirect_uri "${redirectUri}" is not allowed: the sandbox accepts http://127.0.0.1:<port>/callback or http://localhost:<port>/callback, on any port.`;
    }
    if (params.get('response_type') !== 'code') return 'response_type must be "code".';
    const challenge = params.get('code_challenge') ?? '';
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return 'code_challenge must be the base64url SHA-256 of the code_verifier (43 characters).';
    if (params.get('code_challenge_method') !== 'S256') return 'code_challenge_method must be "S256".';
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
    const state = params.get('state');
    return { clientId, redirectUri, challenge, scopes, ...(state === null ? {} : { state }) };
  }

  function authorizePage(url: URL): Response {
    const checked = authorizeRequest(url.searchParams);
    if (typeof checked === 'string') return errorPage(checked);
    return page(200, consentPage(checked, url.searchParams));
  }

  async function authorizeDecision(request: Request): Promise<Response> {
    const form = new URLSearchParams(await request.text().catch(() => ''));
    const checked = authorizeRequest(form);
    if (typeof checked === 'string') return errorPage(checked);
    const back = new URL(checked.redirectUri);
    if (checked.state !== undefined) back.searchParams.set('state', checked.state);
    if (form.get('decision') === 'deny') {
      back.searchParams.set('error', 'access_denied');
      return redirect(back);
    }
    if (form.get('decision') !== 'allow') return errorPage('Choose Allow or Deny.');
    const user = SANDBOX_USERS.find((candidate) => candidate.open_id === form.get('user'));
    if (!user) return errorPage('Choose one of the sandbox users.');
    forgetExpired();
    const code = randomHex();
    codes.set(code, {
      appId: checked.clientId,
      user,
      redirectUri: checked.redirectUri,
      challenge: checked.challenge,
      scopes: checked.scopes,
      expiresAt: clock.now() + AUTHORIZATION_CODE_LIFETIME_MS,
      used: false,
    });
    back.searchParams.set('code', code);
    return redirect(back);
  }

  const oauthError = (status: number, code: number, error: string, description: string) =>
    json(status, { code, error, error_description: description });
  const missing = (name: string) => oauthError(400, 20001, 'invalid_request', `The request is missing a required parameter: ${name}.`);

  async function oauthToken(request: Request): Promise<Response> {
    const body = await bodyOf(request);
    if (!body) return oauthError(400, 20063, 'invalid_request', 'The request is malformed. Please check your request.');
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
    const grantType = field('grant_type');
    if (!grantType) return missing('grant_type');
    if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
      return oauthError(400, 20036, 'unsupported_grant_type', 'The specified grant_type is not supported.');
    }
    const clientId = field('client_id');
    if (!clientId) return missing('client_id');
    const secret = sandboxAppSecret(clientId);
    if (!secret) return oauthError(400, 20048, 'invalid_client', 'The specified app does not exist.');
    if (!field('client_secret')) return missing('client_secret');
    if (field('client_secret') !== secret) return oauthError(400, 20002, 'invalid_client', 'The client secret is invalid.');
    forgetExpired();
    return grantType === 'authorization_code' ? exchangeCode(clientId, field) : refresh(clientId, field);
  }

  async function exchangeCode(clientId: string, field: (name: string) => string): Promise<Response> {
    const value = field('code');
    if (!value) return missing('code');
    const code = codes.get(value);
    if (!code) {
      return oauthError(
        400,
        20003,
        'invalid_grant',
        'The authorization code is not found. Please note that an authorization code can only be used once.',
      );
    }
    if (code.used) {
      return oauthError(
        400,
        20065,
        'invalid_grant',
        'The authorization code has been used. Please note that an authorization code can only be used once.',
      );
    }
    if (code.expiresAt <= clock.now()) return oauthError(400, 20004, 'invalid_grant', 'The authorization code has expired.');
    if (code.appId !== clientId) return mismatchedClient();
    if (field('redirect_uri') !== code.redirectUri) {
      return oauthError(400, 20071, 'invalid_grant', 'The provided redirect URI does not match the one used during authorization.');
    }
    // A wrong verifier does not use the code up: the client that holds the right one can still finish.
    if ((await challengeOf(field('code_verifier'))) !== code.challenge)
      return oauthError(400, 20049, 'invalid_grant', 'PKCE code challenge failed.');
    code.used = true;
    return issueUserTokens(clientId, code.user, code.scopes);
  }

  function refresh(clientId: string, field: (name: string) => string): Response {
    const value = field('refresh_token');
    if (!value) return missing('refresh_token');
    const held = refreshTokens.get(value);
    if (!held) return oauthError(400, 20026, 'invalid_grant', 'The refresh token is invalid.');
    if (held.appId !== clientId) return mismatchedClient();
    if (held.used)
      return oauthError(
        400,
        20073,
        'invalid_grant',
        'The refresh token has been used. Please note that a refresh token can only be used once.',
      );
    if (held.expiresAt <= clock.now()) return oauthError(400, 20037, 'invalid_grant', 'The refresh token has expired.');
    held.used = true;
    return issueUserTokens(clientId, held.user, held.scopes);
  }

  const mismatchedClient = () =>
    oauthError(400, 20024, 'invalid_grant', 'The provided authorization code or refresh token does not match the provided client ID.');

  function issueUserTokens(appId: string, user: SandboxUser, scopes: readonly string[]): Response {
    const now = clock.now();
    const accessToken = `u-sandbox-${randomHex()}`;
    const refreshExpiresAt = now + REFRESH_TOKEN_LIFETIME_S * 1000;
    userTokens.set(accessToken, { appId, user, expiresAt: now + lifetimeMs, forgetAt: Math.max(now + lifetimeMs, refreshExpiresAt) });
    const answer: Record<string, unknown> = {
      code: 0,
      access_token: accessToken,
      expires_in: Math.floor(lifetimeMs / 1000),
      token_type: 'Bearer',
      scope: scopes.join(' '),
    };
    // As the platform: a refresh token only for a sign-in that asked for offline_access.
    if (scopes.includes('offline_access')) {
      const refreshToken = `ur-sandbox-${randomHex()}`;
      refreshTokens.set(refreshToken, { appId, user, scopes, expiresAt: refreshExpiresAt, used: false });
      answer.refresh_token = refreshToken;
      answer.refresh_token_expires_in = REFRESH_TOKEN_LIFETIME_S;
    }
    return json(200, answer);
  }

  function userInfo(request: Request): Response {
    const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer)
      return json(400, { code: 99991661, msg: 'Missing access token for authorization. Please make a request with token attached.' });
    const grant = grantOf(bearer);
    if (grant === 'expired') return json(400, { code: 99991677, msg: 'user access token expired' });
    if (grant === undefined || grant === 'invalid' || !grant.user) {
      return json(400, { code: 99991668, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
    }
    const { user } = grant;
    return json(200, {
      code: 0,
      msg: 'success',
      data: {
        name: user.name,
        en_name: user.i18n?.en_us ?? user.name,
        avatar_url: `https://sandbox.inspector.invalid/avatar/${user.open_id}.png`,
        open_id: user.open_id,
        union_id: user.union_id,
        user_id: user.user_id,
        tenant_key: grant.tenantKey,
      },
    });
  }

  function grantOf(token: string): SandboxGrant | 'expired' | 'invalid' | undefined {
    const now = clock.now();
    const tenant = tenantTokens.get(token);
    if (tenant) return tenant.expiresAt > now ? { appId: tenant.appId, tenantKey: tenant.tenantKey } : undefined;
    if (!token.startsWith('u-')) return undefined;
    const user = userTokens.get(token);
    if (!user || user.forgetAt <= now) return 'invalid';
    return user.expiresAt > now ? { appId: user.appId, tenantKey: SANDBOX_TENANT_KEY, user: user.user } : 'expired';
  }

  pushTicket(SANDBOX_STORE_APP_ID);

  return {
    handle(request, url) {
      const { pathname } = url;
      const post = request.method === 'POST';
      if (pathname === APP_TICKET_RESEND_PATH && post) return resendTicket(request);
      if (pathname === APP_ACCESS_TOKEN_PATH && post) return appAccessToken(request);
      if (pathname === STORE_TENANT_TOKEN_PATH && post) return storeTenantToken(request);
      if (pathname === AUTHORIZE_PATH && request.method === 'GET') return Promise.resolve(authorizePage(url));
      if (pathname === AUTHORIZE_PATH && post) return authorizeDecision(request);
      if (pathname === OAUTH_TOKEN_PATH && post) return oauthToken(request);
      if (pathname === USER_INFO_PATH && request.method === 'GET') return Promise.resolve(userInfo(request));
      return undefined;
    },
    grantOf,
    get tickets() {
      return liveTickets();
    },
    revokeTokens() {
      for (const map of [appTokens, tenantTokens, codes, userTokens, refreshTokens]) map.clear();
    },
    get tokensHeld() {
      forgetExpired();
      return appTokens.size + tenantTokens.size + userTokens.size + refreshTokens.size;
    },
  };
}

interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scopes: readonly string[];
  state?: string;
}

const KNOWN_APPS = 'cli_sandbox, cli_9f427eec54ae901b or cli_sandbox_store';

/** The sandbox accepts any loopback port, as a desktop tool's redirect server picks a free one. */
export function isLoopbackCallback(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    url.port !== '' &&
    url.pathname === '/callback' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === ''
  );
}

/** base64url(SHA-256(verifier)), the S256 challenge of RFC 7636. */
export async function challengeOf(verifier: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const redirect = (to: URL) => new Response(null, { status: 302, headers: { location: to.href, 'cache-control': 'no-store' } });

/** Inline styles only and no scripts; the form may post here and be redirected to a loopback callback. */
const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self' http://127.0.0.1:* http://localhost:*";

function page(status: number, body: string): Response {
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Sandbox sign-in · 沙箱登录</title></head><body style="font-family: system-ui, sans-serif; background: #f5f6f7; margin: 0; padding: 32px 16px; color: #1f2329"><main style="max-width: 480px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 24px; box-shadow: 0 1px 4px rgba(0,0,0,0.12)">${body}</main></body></html>`;
  return new Response(html, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
    },
  });
}

function errorPage(problem: string): Response {
  return page(
    400,
    `<h1 style="font-size: 20px; margin-top: 0">无法授权 · Cannot sign in</h1><p data-testid="sandbox-authorize-error" style="color: #d83931">${escapeHtml(problem)}</p><p style="color: #646a73; font-size: 13px">这是沙箱的授权页，没有向应用返回任何内容。The sandbox's authorize page: nothing was sent back to the app.</p>`,
  );
}

function consentPage(request: AuthorizeRequest, params: URLSearchParams): string {
  const hidden = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state', 'code_challenge', 'code_challenge_method']
    .filter((name) => params.has(name))
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name)!)}">`)
    .join('');
  const users = SANDBOX_USERS.map(
    (user, i) =>
      `<label style="display: block; padding: 8px; border: 1px solid #dee0e3; border-radius: 6px; margin-bottom: 8px; cursor: pointer"><input type="radio" name="user" value="${user.open_id}" data-testid="sandbox-authorize-user-${user.open_id}"${i === 0 ? ' checked' : ''}> ${escapeHtml(user.i18n?.zh_cn ?? user.name)} · ${escapeHtml(user.i18n?.en_us ?? user.name)} <span style="color: #8f959e; font-size: 12px">${user.open_id}</span></label>`,
  ).join('');
  const scopes = request.scopes.length
    ? request.scopes.map((scope) => `<li><code>${escapeHtml(scope)}</code></li>`).join('')
    : '<li>（无 · none）</li>';
  const button = (decision: 'allow' | 'deny', label: string, primary: boolean) =>
    `<button type="submit" name="decision" value="${decision}" data-testid="sandbox-authorize-${decision}" style="padding: 8px 20px; margin-right: 8px; border-radius: 6px; font-size: 14px; cursor: pointer; border: 1px solid ${primary ? '#3370ff' : '#dee0e3'}; background: ${primary ? '#3370ff' : '#fff'}; color: ${primary ? '#fff' : '#1f2329'}">${label}</button>`;
  return `<h1 style="font-size: 20px; margin-top: 0">${escapeHtml(sandboxAppName(request.clientId))} <span style="color: #8f959e; font-size: 13px">${escapeHtml(request.clientId)}</span></h1>
<p>请求以你的身份访问 · asks to act as you, with these scopes:</p><ul data-testid="sandbox-authorize-scopes">${scopes}</ul>
<form method="post" action="${AUTHORIZE_PATH}">${hidden}
<fieldset style="border: none; padding: 0; margin: 16px 0"><legend style="font-weight: 600; margin-bottom: 8px">登录为 · Sign in as</legend>${users}</fieldset>
${button('allow', '授权 · Allow', true)}${button('deny', '拒绝 · Deny', false)}
</form>
<p style="color: #646a73; font-size: 12px">沙箱接受任意端口的回环回调地址 · The sandbox accepts any loopback redirect: http://127.0.0.1:&lt;port&gt;/callback or http://localhost:&lt;port&gt;/callback. It answers here as ${escapeHtml(ACCOUNTS_BASE_URLS.feishu)} would.</p>`;
}
