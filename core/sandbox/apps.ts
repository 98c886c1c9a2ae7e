/**
 * The sandbox's apps. `cli_sandbox` is what the Sandbox profile has always used; the bot that
 * sends the fixtures' cards, `cli_9f427eec54ae901b`, is the same app under an ID of the platform's
 * form (`cli_` + 16 hex), which the official SDK's WSClient insists on before it connects. Both
 * take the same secret, and the events of the long connection go to them as to one app.
 */

import { GUEST_TENANT } from './fixtures/chats';
import { APP_SENDER, APP_SENDER_NAMES, TENANT } from './fixtures/people';

export const SANDBOX_APP_ID = 'cli_sandbox';
export const SANDBOX_BOT_APP_ID = APP_SENDER.id!;
export const SANDBOX_APP_SECRET = 'sandbox_secret';

export const SANDBOX_APP_IDS: readonly string[] = [SANDBOX_APP_ID, SANDBOX_BOT_APP_ID];

export const isSandboxAppId = (appId: unknown): appId is string => typeof appId === 'string' && SANDBOX_APP_IDS.includes(appId);

/**
 * The sandbox's store app (商店应用): it gets an app_ticket pushed (POST /open-apis/auth/v3/app_ticket/resend
 * asks for one; `inspector sandbox` prints each push on stderr as the app's webhook would receive it),
 * trades it with its secret for an app_access_token, and that for one tenant_access_token per tenant
 * it is installed in. Custom apps cannot use these endpoints, and the store app cannot use the custom
 * apps' `tenant_access_token/internal`.
 */
export const SANDBOX_STORE_APP_ID = 'cli_sandbox_store';
export const SANDBOX_STORE_APP_SECRET = 'sandbox_store_secret';

/** The sandbox's own tenant: the store app's token here sees what the custom app's token sees. */
export const SANDBOX_TENANT_KEY = TENANT;
/** A customer tenant with one message of its own (SANDBOX_GLOBEX_MESSAGE_ID), readable only with its token. */
export const SANDBOX_GLOBEX_TENANT_KEY = GUEST_TENANT;

export interface SandboxTenant {
  tenantKey: string;
  name: string;
}

/** The tenants the store app is installed in; any other tenant_key is a tenant it is not installed in. */
export const SANDBOX_STORE_TENANTS: readonly SandboxTenant[] = [
  { tenantKey: SANDBOX_TENANT_KEY, name: 'Sandbox Ltd' },
  { tenantKey: SANDBOX_GLOBEX_TENANT_KEY, name: 'Globex' },
];

/** The app secret a sandbox app signs in users with (OAuth `client_secret`), or undefined for an app the sandbox does not know. */
export function sandboxAppSecret(appId: unknown): string | undefined {
  if (appId === SANDBOX_STORE_APP_ID) return SANDBOX_STORE_APP_SECRET;
  return isSandboxAppId(appId) ? SANDBOX_APP_SECRET : undefined;
}

/** The name the authorize page shows for a sandbox app. */
export function sandboxAppName(appId: string): string {
  if (appId === SANDBOX_STORE_APP_ID) return 'Sandbox Store App';
  return appId === SANDBOX_BOT_APP_ID ? APP_SENDER_NAMES.en_us : 'Sandbox';
}
