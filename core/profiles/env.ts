/**
 * A profile from environment variables, so a real app can be used before profiles are saved:
 * FEISHU_APP_ID, FEISHU_APP_SECRET and FEISHU_DOMAIN (`feishu`, `lark`, or a base URL such as
 * the one `inspector sandbox` prints); with FEISHU_TENANT_KEYS (`key` or `key=name`, comma-
 * separated) the app is a store app in those tenants. For a one-off run with a token made
 * elsewhere, FEISHU_TENANT_ACCESS_TOKEN or FEISHU_USER_ACCESS_TOKEN (FEISHU_APP_ID optional):
 * a pasted-token profile, used as given; it wins over an app secret also set. Hosts pass their
 * environment in; core/ never reads it.
 */

import type { StoredProfile, StoreTenant } from './types';
import type { UserIdType } from '../feishu/types';
import { USER_ID_TYPES } from '../feishu/types';

export const ENV_PROFILE_ID = 'env';

export interface EnvProfile {
  profile: StoredProfile;
  secret: string;
}

export function profileFromEnv(env: Record<string, string | undefined>): EnvProfile | undefined {
  const appId = env.FEISHU_APP_ID?.trim();
  const tenantToken = env.FEISHU_TENANT_ACCESS_TOKEN?.trim();
  const userToken = env.FEISHU_USER_ACCESS_TOKEN?.trim();
  if (tenantToken && userToken) {
    throw new Error('FEISHU_TENANT_ACCESS_TOKEN and FEISHU_USER_ACCESS_TOKEN are both set: set the one to look up with');
  }
  const token = userToken || tenantToken;
  if (token) {
    const as = userToken ? 'user' : 'bot';
    const domainOf = withDomain(env);
    return {
      profile: domainOf({
        profileId: ENV_PROFILE_ID,
        appId: appId ?? '',
        defaultUserIdType: userIdTypeOf(env),
        name: `${as === 'user' ? 'user' : 'tenant'} access token (environment)`,
        kind: 'pasted',
        pastedAs: as,
      }),
      secret: token,
    };
  }
  const secret = env.FEISHU_APP_SECRET?.trim();
  if (!appId || !secret) return undefined;
  const tenants = tenantsOf(env.FEISHU_TENANT_KEYS);
  const base = {
    profileId: ENV_PROFILE_ID,
    appId,
    defaultUserIdType: userIdTypeOf(env),
    name: `${appId} (environment)`,
    ...(tenants ? { kind: 'store' as const, tenants } : {}),
  };
  return { profile: withDomain(env)(base), secret };
}

function userIdTypeOf(env: Record<string, string | undefined>): UserIdType {
  const userIdType = env.FEISHU_USER_ID_TYPE?.trim();
  return (USER_ID_TYPES as readonly string[]).includes(userIdType ?? '') ? (userIdType as UserIdType) : 'open_id';
}

/** `key` or `key=name`, comma-separated; undefined when unset. */
function tenantsOf(value: string | undefined): StoreTenant[] | undefined {
  if (!value?.trim()) return undefined;
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [rawKey = '', ...name] = part.split('=');
      const key = rawKey.trim();
      // As settings.ts's tenantKeySchema (which imports this file).
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(key))
        throw new Error(
          `FEISHU_TENANT_KEYS: "${key}" is not a tenant_key (it looks like 736588c9260f175e); give key or key=name, comma-separated`,
        );
      return { key, name: name.join('=').trim() || key };
    });
}

/** Adds FEISHU_DOMAIN to a profile. */
function withDomain(env: Record<string, string | undefined>): (profile: Omit<StoredProfile, 'domain'>) => StoredProfile {
  const domain = env.FEISHU_DOMAIN?.trim() || 'feishu';
  if (domain === 'feishu' || domain === 'lark') return (profile) => ({ ...profile, domain });
  let url: URL;
  try {
    url = new URL(domain);
  } catch {
    throw new Error(`FEISHU_DOMAIN must be feishu, lark or an http(s) base URL, not "${domain}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`FEISHU_DOMAIN must be feishu, lark or an http(s) base URL, not "${domain}"`);
  }
  return (profile) => ({ ...profile, domain: 'custom', baseUrl: url.origin });
}
