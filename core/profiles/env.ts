/**
 * A profile from environment variables, so a real app can be used before profiles are saved:
 * FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN (`feishu`, `lark`, or a base URL such as
 * the one `inspector sandbox` prints). Hosts pass their environment in; core/ never reads it.
 */

import type { StoredProfile } from './types';
import type { UserIdType } from '../feishu/types';
import { USER_ID_TYPES } from '../feishu/types';

export const ENV_PROFILE_ID = 'env';

export interface EnvProfile {
  profile: StoredProfile;
  secret: string;
}

export function profileFromEnv(env: Record<string, string | undefined>): EnvProfile | undefined {
  const appId = env.FEISHU_APP_ID?.trim();
  const secret = env.FEISHU_APP_SECRET?.trim();
  if (!appId || !secret) return undefined;
  const domain = env.FEISHU_DOMAIN?.trim() || 'feishu';
  const userIdType = env.FEISHU_USER_ID_TYPE?.trim();
  const defaultUserIdType: UserIdType = (USER_ID_TYPES as readonly string[]).includes(userIdType ?? '')
    ? (userIdType as UserIdType)
    : 'open_id';
  const base = { profileId: ENV_PROFILE_ID, appId, defaultUserIdType };
  if (domain === 'feishu' || domain === 'lark') {
    return { profile: { ...base, name: `${appId} (environment)`, domain }, secret };
  }
  let url: URL;
  try {
    url = new URL(domain);
  } catch {
    throw new Error(`FEISHU_DOMAIN must be feishu, lark or an http(s) base URL, not "${domain}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`FEISHU_DOMAIN must be feishu, lark or an http(s) base URL, not "${domain}"`);
  }
  return { profile: { ...base, name: `${appId} (environment)`, domain: 'custom', baseUrl: url.origin }, secret };
}
