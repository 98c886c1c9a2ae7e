/**
 * The platform's identity endpoints beyond a custom app's tenant token (FEISHU.md, "Every kind of
 * app and identity"): a store app's ticket, app token and per-tenant tokens, and a user's sign-in
 * by OAuth 2 with PKCE. The paths and shapes here are shared by the client that calls them and the
 * sandbox that answers them.
 */

/** POST `{app_id, app_secret}` → `{code, msg, tenant_access_token, expire}`: a custom app's tenant token. */
export const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
/** POST `{app_id, app_secret}` → `{code, msg}`: the platform pushes a new app_ticket to the app's webhook. */
export const APP_TICKET_RESEND_PATH = '/open-apis/auth/v3/app_ticket/resend';
/** POST `{app_id, app_secret, app_ticket}` → `{code, msg, app_access_token, expire}` (a store app's). */
export const APP_ACCESS_TOKEN_PATH = '/open-apis/auth/v3/app_access_token';
/** POST `{app_access_token, tenant_key}` → `{code, msg, tenant_access_token, expire}` (a store app's, per tenant). */
export const STORE_TENANT_TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token';
/** GET, on the accounts host: the page where a user signs in and consents; redirects with `code` and `state`. */
export const AUTHORIZE_PATH = '/open-apis/authen/v1/authorize';
/**
 * POST JSON: `grant_type=authorization_code` (client_id, client_secret, code, redirect_uri,
 * code_verifier) or `grant_type=refresh_token` (client_id, client_secret, refresh_token) →
 * `{code: 0, access_token, expires_in, refresh_token, refresh_token_expires_in, token_type, scope}`;
 * failures `{code, error, error_description}`. The refresh token rotates: use the newest.
 */
export const OAUTH_TOKEN_PATH = '/open-apis/authen/v2/oauth/token';
/** GET with a user_access_token → `{code, data: {name, en_name, open_id, union_id, user_id, tenant_key, avatar_url}}`. */
export const USER_INFO_PATH = '/open-apis/authen/v1/user_info';

/** What a sign-in asks for: reading messages as the user (p2p and groups), and a refresh token. */
export const USER_SCOPES: readonly string[] = ['im:message.p2p_msg:get_as_user', 'im:message.group_msg:get_as_user', 'offline_access'];

/** The accounts host of the authorize page, by domain; a custom base URL (a sandbox) serves it itself. */
export const ACCOUNTS_BASE_URLS = {
  feishu: 'https://accounts.feishu.cn',
  lark: 'https://accounts.larksuite.com',
} as const;

/** The `event` of the app_ticket push a store app's webhook receives (`type: "event_callback"`). */
export interface AppTicketEvent {
  app_id: string;
  app_ticket: string;
  type: 'app_ticket';
}
