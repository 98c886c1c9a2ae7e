/**
 * What a profile is: the stored shape, the summary the renderer sees, the built-in IDs and the
 * platform's base URLs. The ports through which the service reads profiles and secrets live here
 * too, with the idea they serve, not with their consumer.
 */

import type { UserIdType } from '../feishu/types';

/** The built-in profile that talks to the in-process emulator; it cannot be deleted. */
export const SANDBOX_PROFILE_ID = 'sandbox';

export type ProfileDomain = 'feishu' | 'lark' | 'custom';

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
}

/** A profile as the renderer sees it: never the secret, at most a masked tail of it. */
export interface ProfileSummary {
  profileId: string;
  name: string;
  domain: ProfileDomain;
  baseUrl: string;
  appId: string;
  defaultUserIdType: UserIdType;
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
