/**
 * What a profile is: the stored shape, the summary the renderer sees, the built-in IDs and the
 * platform's base URLs. The ports through which the service reads profiles and secrets live here
 * too, with the idea they serve, not with their consumer.
 */

import type { UserIdType } from '../feishu/types';
import type { Identity } from '../feishu/credentials';

/** The built-in profile that talks to the in-process emulator; it cannot be deleted. */
export const SANDBOX_PROFILE_ID = 'sandbox';
/** The built-in store app of the in-process sandbox (its secret fixed, its ticket pasted from the sandbox's webhook log). */
export const SANDBOX_STORE_PROFILE_ID = 'sandbox-store';
/** The built-in profiles that talk to the in-process emulator. */
export const SANDBOX_PROFILE_IDS: readonly string[] = [SANDBOX_PROFILE_ID, SANDBOX_STORE_PROFILE_ID];

export type ProfileDomain = 'feishu' | 'lark' | 'custom';

/**
 * What a profile signs in with: a custom (self-built) app's secret (`app`, the default), a store
 * app's secret and ticket with one or more customer tenants (`store`), or a token made elsewhere,
 * used as given (`pasted`). App and store profiles may also sign a user in.
 */
export type ProfileKind = 'app' | 'store' | 'pasted';
export const PROFILE_KINDS = ['app', 'store', 'pasted'] as const satisfies readonly ProfileKind[];

/** A customer tenant of a store app, named by the user. */
export interface StoreTenant {
  /** The platform's tenant_key. */
  key: string;
  name: string;
}

/** The loopback port a sign-in's redirect comes back to (registered in the app's console), unless the profile names another. */
export const DEFAULT_SIGN_IN_PORT = 47817;

export const signInRedirectUri = (port: number) => `http://127.0.0.1:${port}/callback`;

export const DOMAIN_BASE_URLS: Record<Exclude<ProfileDomain, 'custom'>, string> = {
  feishu: 'https://open.feishu.cn',
  lark: 'https://open.larksuite.com',
};

/** A profile as stored: everything but the secret, which lives behind SecretsPort. */
export interface StoredProfile {
  profileId: string;
  name: string;
  domain: ProfileDomain;
  /** Only for `custom` (a local sandbox or a proxy). */
  baseUrl?: string;
  appId: string;
  defaultUserIdType: UserIdType;
  /** Absent: `app`. */
  kind?: ProfileKind;
  /** A store app's customer tenants; lookups use the first unless told otherwise. */
  tenants?: StoreTenant[];
  /** A pasted token's identity: a tenant token (the bot) or a user token. */
  pastedAs?: 'bot' | 'user';
  /** When the pasted token expires (epoch ms), if the user said. */
  pastedExpiresAt?: number;
  /** The sign-in's loopback port (DEFAULT_SIGN_IN_PORT when absent). */
  signInPort?: number;
}

/** A profile as the renderer sees it: never the secret, at most a masked tail of it. */
export interface ProfileSummary {
  profileId: string;
  name: string;
  domain: ProfileDomain;
  baseUrl: string;
  appId: string;
  defaultUserIdType: UserIdType;
  /** Absent: `app`. */
  kind?: ProfileKind;
  /** A store app's customer tenants, in the profile's order (the first is the default). */
  tenants?: StoreTenant[];
  pastedAs?: 'bot' | 'user';
  pastedExpiresAt?: number;
  /** Where a sign-in's redirect comes back: the URI to register in the app's console (not for a pasted token). */
  signInRedirectUri?: string;
  /** A user signed in on this profile (never the tokens): who, and until when the sign-in holds. */
  signedIn?: { name: string; openId: string; expiresAt?: number; refreshable: boolean };
  /** A store app's app_ticket is kept (never shown). */
  hasTicket?: boolean;
  builtIn: boolean;
  /** From FEISHU_APP_ID / FEISHU_APP_SECRET: usable, not stored, not editable. */
  fromEnvironment: boolean;
  hasSecret: boolean;
  /** `••••abcd`, or undefined when there is no secret. */
  maskedSecret?: string;
  /**
   * A secret is saved but cannot be used here, and why: the keychain cannot decrypt it (reset, or
   * the files come from another computer or user), another host or version wrote it (`scheme`),
   * or the entry is damaged. Absent when none is saved or it works.
   */
  secretProblem?: { kind: 'undecryptable' | 'unknown_scheme' | 'malformed'; scheme?: string };
}

export interface ProfilesPort {
  list(): Promise<readonly StoredProfile[]>;
}

export interface SecretsPort {
  /** The app_secret, decrypted; undefined when none is kept. */
  getSecret(profileId: string): Promise<string | undefined>;
}

/** `••••abcd`: enough to tell secrets apart, never enough to matter (short ones show no characters). */
export function maskSecret(secret: string | undefined): string | undefined {
  if (!secret) return undefined;
  return secret.length >= 12 ? `••••${secret.slice(-4)}` : '••••';
}

export function baseUrlOf(profile: StoredProfile): string {
  if (profile.domain === 'custom') return profile.baseUrl ?? '';
  return DOMAIN_BASE_URLS[profile.domain];
}

/** Whom a call is made as: the app's bot (in a store app's tenant) or the signed-in user. */
export interface IdentityChoice {
  as?: Identity;
  /** A store app's customer tenant; the profile's first when absent. */
  tenantKey?: string;
}

/** What a lookup says of whom it was made as, for the page, the history and a bundle. */
export interface UsedIdentity {
  as: Identity;
  /** The signed-in user's name, when made as the user. */
  user?: string;
  /** The store app's tenant, when made in one. */
  tenant?: { key: string; name: string };
  /** A pasted token, used as given. */
  pasted?: boolean;
}
