/**
 * InspectorService: the InspectorApi implemented over ports. Hosts (Electron main, the CLI and
 * browser mode) build it with their adapters; it holds the credentials and the per-profile
 * clients (and so their token caches) and never returns a secret or a token.
 */

import {
  SANDBOX_PROFILE_ID,
  type AppInfo,
  type GetMessageRequest,
  type InspectorApi,
  type LookupResult,
  type ProfileDomain,
  type ProfileSummary,
  type SandboxSettings,
} from './contract';
import { FeishuClient, type RetryPolicy } from './feishu/client';
import type { GetMessageResponse, UserIdType } from './feishu/types';
import { maskCredentialFields } from './redact';
import type { Clock, FetchLike } from './ports';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL, type Sandbox } from './sandbox/emulator';
import { SAMPLE_MESSAGE_IDS } from './sandbox/fixtures/messages';

export { SANDBOX_PROFILE_ID };

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

export interface ProfilesPort {
  list(): Promise<StoredProfile[]>;
}

export interface SecretsPort {
  /** The app_secret, decrypted; undefined when none is kept. */
  getSecret(profileId: string): Promise<string | undefined>;
}

export interface ServicePorts {
  profiles: ProfilesPort;
  secrets: SecretsPort;
  /** Reaches the real platform (or a custom base URL). */
  fetch: FetchLike;
  clock: Clock;
  host: AppInfo['host'];
  version: string;
  /** The emulator behind the built-in Sandbox profile; one is made when not given. */
  sandbox?: Sandbox;
  retry?: Partial<RetryPolicy>;
}

const SANDBOX_PROFILE: StoredProfile = {
  profileId: SANDBOX_PROFILE_ID,
  name: 'Sandbox',
  domain: 'custom',
  baseUrl: SANDBOX_BASE_URL,
  appId: SANDBOX_APP_ID,
  defaultUserIdType: 'open_id',
};

/**
 * Content can carry credentials of its own (a shared calendar event's share_token is a join
 * credential): they are masked before the answer leaves the main side.
 */
function withCredentialsMasked(response: GetMessageResponse): GetMessageResponse {
  const items = response.data?.items;
  if (!items?.some((item) => item.body?.content && maskCredentialFields(item.body.content) !== item.body.content)) return response;
  return {
    ...response,
    data: {
      ...response.data,
      items: items.map((item) =>
        item.body?.content ? { ...item, body: { ...item.body, content: maskCredentialFields(item.body.content) } } : item,
      ),
    },
  };
}

export function maskSecret(secret: string | undefined): string | undefined {
  if (!secret) return undefined;
  return `••••${secret.slice(-4)}`;
}

export function baseUrlOf(profile: StoredProfile): string {
  if (profile.domain === 'custom') return profile.baseUrl ?? '';
  return DOMAIN_BASE_URLS[profile.domain];
}

export class ProfileNotFoundError extends Error {}
export class MissingSecretError extends Error {}

export class InspectorService implements InspectorApi {
  private readonly ports: ServicePorts;
  private readonly sandbox: Sandbox;
  /** One client per profile, keyed by everything that would make a cached token wrong. */
  private readonly clients = new Map<string, { key: string; client: FeishuClient }>();

  constructor(ports: ServicePorts) {
    this.ports = ports;
    this.sandbox = ports.sandbox ?? createSandbox({ clock: ports.clock });
  }

  async getAppInfo(): Promise<AppInfo> {
    return { version: this.ports.version, host: this.ports.host, sampleMessageIds: SAMPLE_MESSAGE_IDS.map((s) => ({ ...s })) };
  }

  async listProfiles(): Promise<ProfileSummary[]> {
    const stored = await this.storedProfiles();
    return Promise.all(
      stored.map(async (profile) => {
        const builtIn = profile.profileId === SANDBOX_PROFILE_ID;
        const secret = builtIn ? SANDBOX_APP_SECRET : await this.ports.secrets.getSecret(profile.profileId);
        return {
          profileId: profile.profileId,
          name: profile.name,
          domain: profile.domain,
          baseUrl: baseUrlOf(profile),
          appId: profile.appId,
          defaultUserIdType: profile.defaultUserIdType,
          builtIn,
          hasSecret: Boolean(secret),
          maskedSecret: maskSecret(secret),
        };
      }),
    );
  }

  async getMessage(request: GetMessageRequest): Promise<LookupResult> {
    const profileId = request.profileId ?? SANDBOX_PROFILE_ID;
    const requestedAt = this.ports.clock.now();
    const base = { messageId: request.messageId, profileId, requestedAt };
    const profile = (await this.storedProfiles()).find((p) => p.profileId === profileId);
    if (!profile) throw new ProfileNotFoundError(`no profile with id ${profileId}`);
    const client = await this.clientFor(profile);
    if (!client) throw new MissingSecretError(`profile "${profile.name}" has no app_secret: add it in the profile settings`);
    const result = await client.getMessage(request.messageId, {
      userIdType: request.userIdType ?? profile.defaultUserIdType,
      cardContentType: request.cardContentType,
    });
    const durationMs = this.ports.clock.now() - requestedAt;
    return result.ok
      ? { ...base, ok: true, durationMs, exchanges: result.exchanges, response: withCredentialsMasked(result.value) }
      : { ...base, ok: false, durationMs, exchanges: result.exchanges, failure: result.failure };
  }

  async getSandboxSettings(): Promise<SandboxSettings> {
    return { faultRate: this.sandbox.faults.rate, faultKinds: [...this.sandbox.faults.kinds], rateLimits: this.sandbox.rateLimits };
  }

  async setSandboxSettings(settings: SandboxSettings): Promise<SandboxSettings> {
    this.sandbox.setFaults({ rate: settings.faultRate, kinds: settings.faultKinds });
    this.sandbox.setRateLimits(settings.rateLimits);
    return this.getSandboxSettings();
  }

  private async storedProfiles(): Promise<StoredProfile[]> {
    const others = (await this.ports.profiles.list()).filter((p) => p.profileId !== SANDBOX_PROFILE_ID);
    return [SANDBOX_PROFILE, ...others];
  }

  private async clientFor(profile: StoredProfile): Promise<FeishuClient | undefined> {
    const isSandbox = profile.profileId === SANDBOX_PROFILE_ID;
    const secret = isSandbox ? SANDBOX_APP_SECRET : await this.ports.secrets.getSecret(profile.profileId);
    if (!secret) return undefined;
    const baseUrl = baseUrlOf(profile);
    const key = JSON.stringify([baseUrl, profile.appId, secret]);
    const cached = this.clients.get(profile.profileId);
    if (cached?.key === key) return cached.client;
    const client = new FeishuClient({
      baseUrl,
      appId: profile.appId,
      appSecret: secret,
      fetch: isSandbox ? (req) => this.sandbox.handle(req) : this.ports.fetch,
      clock: this.ports.clock,
      retry: this.ports.retry,
    });
    this.clients.set(profile.profileId, { key, client });
    return client;
  }
}
