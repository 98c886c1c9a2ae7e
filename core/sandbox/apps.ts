/**
 * The sandbox's apps. `cli_sandbox` is what the Sandbox profile has always used; the bot that
 * sends the fixtures' cards, `cli_9f427eec54ae901b`, is the same app under an ID of the platform's
 * form (`cli_` + 16 hex), which the official SDK's WSClient insists on before it connects. Both
 * take the same secret, and the events of the long connection go to them as to one app.
 */

import { APP_SENDER } from './fixtures/people';

export const SANDBOX_APP_ID = 'cli_sandbox';
export const SANDBOX_BOT_APP_ID = APP_SENDER.id!;
export const SANDBOX_APP_SECRET = 'sandbox_secret';

export const SANDBOX_APP_IDS: readonly string[] = [SANDBOX_APP_ID, SANDBOX_BOT_APP_ID];

export const isSandboxAppId = (appId: unknown): appId is string => typeof appId === 'string' && SANDBOX_APP_IDS.includes(appId);

/** The sandbox's store app (商店应用): its tokens come from an app_ticket, one tenant token per customer tenant. */
export const SANDBOX_STORE_APP_ID = 'cli_sandbox_store';
export const SANDBOX_STORE_APP_SECRET = 'sandbox_store_secret';
/** The tenants the store app is installed in: the sandbox's own, and a customer's. */
export const SANDBOX_STORE_TENANTS: readonly { key: string; name: string }[] = [
  { key: '736588c9260f175e', name: 'Sandbox Ltd' },
  { key: '2ed263bf32cf1651', name: 'Globex' },
];
