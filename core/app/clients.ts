/**
 * The clients a service talks through: one per profile, identity and tenant. A custom app's bot, a
 * store app's bot in each customer tenant (sharing one app token), the signed-in user, a pasted
 * token. Each keeps its token cache while its credentials stay the same, and is made again when
 * they change (a cached token would be wrong). A signed-in user's session is read from the secret
 * store and written back each time the platform rotates it.
 */

import { AppError } from '../base/app-error';
import type { Clock, FetchLike } from '../base/ports';
import { FeishuClient, type RetryPolicy } from '../feishu/client';
import { pastedTokens, StoreAppTokens, storeTenantTokens, userTokens, type TokenSource, type UserSession } from '../feishu/credentials';
import type { LimiterRegistry } from '../feishu/limiter';
import type { SecretStore } from '../profiles';
import type { IdentityChoice, StoredProfile, UsedIdentity } from '../profiles/types';
import { baseUrlOf } from '../profiles/types';

export interface ProfileClientsPorts {
  secrets: Pick<SecretStore, 'getCredential' | 'setCredential' | 'deleteCredential'>;
  clock: Clock;
  retry?: Partial<RetryPolicy>;
  limiters: LimiterRegistry;
  /** The fetch a profile's calls go through (the in-process sandbox for the Sandbox profile). */
  fetchFor(profile: StoredProfile): FetchLike;
}

/** The limiter's key: the app's, or the pasted token's own when the profile names no app. */
const limiterKey = (profile: StoredProfile) => profile.appId || `pasted:${profile.profileId}`;

export class ProfileClients {
  private readonly clients = new Map<string, { fingerprint: string; client: FeishuClient }>();
  private readonly storeApps = new Map<string, { fingerprint: string; app: StoreAppTokens }>();
  /** The newest session of each profile, as last read or renewed (undefined: read from the store). */
  private readonly sessions = new Map<string, UserSession | null>();

  constructor(private readonly ports: ProfileClientsPorts) {}

  /**
   * The client for a profile as the choice says, and whom it speaks for; undefined when the
   * profile's secret (or pasted token) is missing. Throws `not_signed_in` when asked for the user
   * of a profile where nobody is signed in, `unknown_tenant` for a tenant the store app does not list.
   */
  async clientFor(
    profile: StoredProfile,
    secret: string | undefined,
    choice: IdentityChoice = {},
  ): Promise<{ client: FeishuClient; identity: UsedIdentity } | undefined> {
    if (!secret) return undefined;
    const kind = profile.kind ?? 'app';
    if (kind === 'pasted') {
      const as = profile.pastedAs ?? 'bot';
      const tokens = pastedTokens({ token: secret, identity: as, expiresAt: profile.pastedExpiresAt, now: () => this.ports.clock.now() });
      const client = this.cached(profile, `pasted|${as}|${profile.pastedExpiresAt ?? ''}`, secret, tokens);
      return { client, identity: { as, pasted: true } };
    }
    if (choice.as === 'user') {
      const session = await this.session(profile.profileId);
      if (!session) {
        throw new AppError('not_signed_in', `nobody is signed in on profile "${profile.name}": sign in first, or look up as the bot`, {
          profileName: profile.name,
        });
      }
      const tokens = userTokens({
        appId: profile.appId,
        appSecret: secret,
        session,
        onRenewed: async (renewed) => void (await this.keepSession(profile.profileId, renewed)),
        now: () => this.ports.clock.now(),
      });
      // The client lives as long as the sign-in: a new sign-in (another user) makes a new one.
      const client = this.cached(profile, `user|${session.user.openId}|${session.refreshToken ?? session.accessToken}`, secret, tokens);
      return { client, identity: { as: 'user', user: session.user.name } };
    }
    if (kind === 'store') {
      const tenants = profile.tenants ?? [];
      const tenant = choice.tenantKey ? tenants.find((t) => t.key === choice.tenantKey) : tenants[0];
      if (!tenant) {
        throw new AppError('unknown_tenant', `profile "${profile.name}" lists no tenant ${choice.tenantKey ?? ''}: add it to the profile`, {
          profileName: profile.name,
          tenantKey: choice.tenantKey ?? '',
        });
      }
      const app = this.storeApp(profile, secret);
      const client = this.cached(profile, `store|${tenant.key}`, secret, storeTenantTokens(app, tenant.key));
      return { client, identity: { as: 'bot', tenant: { ...tenant } } };
    }
    return { client: this.cached(profile, 'bot', secret), identity: { as: 'bot' } };
  }

  /** The signed-in user of a profile, if any (read from the secret store once, then kept). */
  async session(profileId: string): Promise<UserSession | undefined> {
    if (!this.sessions.has(profileId)) {
      const text = await this.ports.secrets.getCredential(profileId, 'user');
      this.sessions.set(profileId, (text ? parseSession(text) : undefined) ?? null);
    }
    return this.sessions.get(profileId) ?? undefined;
  }

  /** Keeps a session (a new sign-in, or a rotation): encrypted when the host can, else for this run only. */
  async keepSession(profileId: string, session: UserSession): Promise<{ persisted: boolean }> {
    this.sessions.set(profileId, session);
    return this.ports.secrets.setCredential(profileId, 'user', JSON.stringify(session), { persist: true, fallBackToSession: true });
  }

  /** Forgets the signed-in user: the session here and its client. */
  async signOut(profileId: string): Promise<void> {
    this.sessions.set(profileId, null);
    await this.ports.secrets.deleteCredential(profileId, 'user');
    this.forgetClients(profileId, (key) => key.startsWith('user|'));
  }

  /** The store app's ticket changed: its app token and every tenant's token go. */
  forgetStoreApp(profileId: string): void {
    this.storeApps.delete(profileId);
    this.forgetClients(profileId, (key) => key.startsWith('store|'));
  }

  /** Everything kept for a profile (it was edited or deleted). */
  forget(profileId: string): void {
    this.storeApps.delete(profileId);
    this.sessions.delete(profileId);
    this.forgetClients(profileId, () => true);
  }

  /** Every client made for a profile: the ticket bundle redacts with all of their secrets. */
  clientsOf(profileId: string): FeishuClient[] {
    return [...this.clients].filter(([key]) => key.startsWith(`${profileId}|`)).map(([, held]) => held.client);
  }

  private forgetClients(profileId: string, which: (identityKey: string) => boolean): void {
    for (const key of [...this.clients.keys()]) {
      if (key.startsWith(`${profileId}|`) && which(key.slice(profileId.length + 1))) this.clients.delete(key);
    }
  }

  private storeApp(profile: StoredProfile, secret: string): StoreAppTokens {
    const fingerprint = `${baseUrlOf(profile)}|${profile.appId}|${secret}`;
    const held = this.storeApps.get(profile.profileId);
    if (held?.fingerprint === fingerprint) return held.app;
    const app = new StoreAppTokens({
      appId: profile.appId,
      appSecret: secret,
      ticket: () => this.ports.secrets.getCredential(profile.profileId, 'ticket'),
      now: () => this.ports.clock.now(),
    });
    this.storeApps.set(profile.profileId, { fingerprint, app });
    return app;
  }

  /** The client under `identityKey`, made again when the profile's base URL, app or secret changed. */
  private cached(profile: StoredProfile, identityKey: string, secret: string, tokens?: TokenSource): FeishuClient {
    const key = `${profile.profileId}|${identityKey}`;
    const fingerprint = `${baseUrlOf(profile)}|${profile.appId}|${secret}`;
    const held = this.clients.get(key);
    if (held?.fingerprint === fingerprint) return held.client;
    const limiter = () => this.ports.limiters.forApp(limiterKey(profile));
    const client = new FeishuClient({
      baseUrl: baseUrlOf(profile),
      appId: profile.appId,
      // A pasted token is the profile's only credential: it is the token, not an app_secret.
      appSecret: (profile.kind ?? 'app') === 'pasted' ? '' : secret,
      ...(tokens ? { tokens } : {}),
      fetch: this.ports.fetchFor(profile),
      clock: this.ports.clock,
      retry: this.ports.retry,
      // Every request waits for the app's limiter; a 429 holds every queued call, not just this one.
      pace: (task, signal) => limiter().schedule(task, signal),
      onRateLimited: (waitMs) => limiter().pause(waitMs),
    });
    this.clients.set(key, { fingerprint, client });
    return client;
  }
}

/** A kept session, or undefined when the entry is not one (damaged, or from another version): sign in again. */
function parseSession(text: string): UserSession | undefined {
  try {
    const value = JSON.parse(text) as Partial<UserSession>;
    if (typeof value.accessToken !== 'string' || typeof value.expiresAt !== 'number') return undefined;
    if (typeof value.user?.name !== 'string' || typeof value.user.openId !== 'string') return undefined;
    return value as UserSession;
  } catch {
    return undefined;
  }
}
