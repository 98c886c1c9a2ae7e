/**
 * InspectorService: the InspectorApi implemented over ports. Hosts (Electron main, the CLI and
 * browser mode) build it with their adapters; it holds the credentials and the per-profile
 * clients (and so their token caches) and never returns a secret or a token.
 */

import {
  type ConnectionTest,
  type HistoryPage,
  type HistoryQuery,
  type HistorySettingsRequest,
  type ProfilesState,
  type SaveProfileRequest,
  type StartBatchRequest,
  type ResourceRequest,
  type ResourceResult,
  type AppInfo,
  type GetMessageRequest,
  type InspectorApi,
  type LookupResult,
  type SandboxSettings,
  type StoreNotice,
  type TicketBundle,
  type TicketBundleRequest,
  type ChatInfo,
  type ChatInfoRequest,
  type ConversationPage,
  type ConversationPageRequest,
  type ReactionsRequest,
  type ReactionsResult,
  type LiveUpdates,
  type LiveUpdatesRequest,
  type SandboxAction,
  type SandboxActionResult,
  type ResendTicketResult,
  type SandboxTicket,
} from '../api/contract';
import { LiveManager } from '../events/live';
import { LongConnection } from '../events/client';
import type { ReceivedEvent } from '../events/state';
import { maskedEvent } from '../events/record';
import type { EventSpillOpener } from '../events/spill';
import type { SocketOpener } from '../events/socket';
import { conversationRow } from '../conversations/window';
import { ChatExportManager, type ChatExportPort, type ChatExportRequest, type ChatExportStatus } from '../conversations/exports';
import { chatAnswerOf, chatInfoOf, ChatNameCache } from './chat-names';
import { ticketBundle, type TicketContext, type TicketLookup } from '../handoff/bundle';
import { liveEventTicketBundle } from '../events/ticket';
import { AppError } from '../base/app-error';
import type { Lang } from '../base/lang';
import {
  baseUrlOf,
  DEFAULT_SIGN_IN_PORT,
  maskSecret,
  SANDBOX_PROFILE_ID,
  SANDBOX_PROFILE_IDS,
  SANDBOX_STORE_PROFILE_ID,
  signInRedirectUri,
  type ProfileSummary,
  type StoredProfile,
} from '../profiles/types';
import type { FeishuClient, RetryPolicy } from '../feishu/client';
import { ProfileClients } from './clients';
import type { IdentityChoice, UsedIdentity } from '../profiles/types';
import { SignInManager, type LoopbackPort, type SignInStatus } from '../profiles/sign-in';
import { accountsBaseUrl } from '../feishu/pkce';
import { AUTHORIZE_PATH } from '../feishu/identity';
import type { UserSession } from '../feishu/credentials';
import type { UserIdType } from '../feishu/types';
import { maskItems, withContentCredentialsMasked } from '../feishu/mask';
import type { Clock, FetchLike } from '../base/ports';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL, type Sandbox } from '../sandbox/emulator';
import { SANDBOX_STORE_APP_ID, SANDBOX_STORE_APP_SECRET, SANDBOX_STORE_TENANTS } from '../sandbox/apps';
import { SAMPLE_MESSAGE_IDS } from '../sandbox/fixtures/messages';
import type { EnvProfile } from '../profiles/env';
import { ENV_PROFILE_ID } from '../profiles/env';
import { describeIssues, newProfileInputSchema, ProfileNotFoundError, profileInputSchema, ProfileValidationError } from '../profiles';
import type { Stores } from './stores';
import type { CodedError } from '../base/app-error';
import type { SecretProblem } from '../profiles/secrets';
import { messagePreview, decodeMessage, senderName } from '../messages';
import { BatchManager, type BatchContext, type BatchUpdates } from '../batch/manager';
import { BATCH_RETRY, runLookupBatch, type LookupBatchOptions, type LookupBatchOutcome } from '../batch/pipeline';
import type { ConversationSource, ConversationTarget } from '../conversations/walk';
import type { ResourceSource } from '../conversations/resources';
import { LimiterRegistry, MESSAGE_ENDPOINT_LIMITS } from '../feishu/limiter';
import { exportChunks, fileExtension, type ExportFormat } from '../export';

/**
 * The endpoint's limits with a little time to spare (100 ms a minute, at least 10 ms: 1 s → 1,010
 * ms, 60 s → 60,100 ms): timers
 * and the server's clock do not agree to the millisecond, and a request that lands on the very
 * edge of a window is refused with a 429.
 */
const PACED_LIMITS = {
  windows: MESSAGE_ENDPOINT_LIMITS.windows.map(({ limit, windowMs }) => ({ limit, windowMs: windowMs + Math.max(10, windowMs / 600) })),
};

/** Resources travel to the page as base64: past this, saving them belongs to a streamed path. */
const MAX_RESOURCE_BYTES = 25 * 1024 * 1024;

export interface ServicePorts {
  /** Profiles, secrets and history, as the host keeps them (files on disk, or memory in tests). */
  stores: Stores;
  /** A profile from the environment (FEISHU_APP_ID…): listed and usable, never stored. */
  envProfile?: EnvProfile;
  /** Reaches the real platform (or a custom base URL). */
  fetch: FetchLike;
  clock: Clock;
  host: AppInfo['host'];
  version: string;
  /** The emulator behind the built-in Sandbox profile; one is made when not given. */
  sandbox?: Sandbox;
  retry?: Partial<RetryPolicy>;
  /** Where exports are saved (a save dialog and an atomic write); absent in browser mode, which downloads. */
  files?: FilesPort;
  /** The machine the main side runs on, as a ticket bundle names it: `Linux 6.1.0 x64 · Node 20.18.0`, and its time zone. */
  system?: { os: string; timeZone?: string };
  /** Opens WebSockets for the long connection to the platform (node/ws-socket.ts); the built-in sandbox needs none. */
  openSocket?: SocketOpener;
  /** Keeps a live session's events past the newest 5,000 for its export (node/event-spill.ts); without it they are let go. */
  liveSpill?: EventSpillOpener;
  /** Runs whole-chat exports for the page (node/conversation-export.ts behind it); absent where the host has none. */
  chatExports?: ChatExportPort;
  /** Receives a sign-in's redirect on 127.0.0.1 and opens the system browser where it can (node/loopback-port.ts). */
  loopback?: LoopbackPort;
  /** Runs side work (recording a lookup in the history) after the answer has gone. Default: the next macrotask. */
  defer?: (work: () => void) => void;
}

export interface FilesPort {
  saveExport(suggestedName: string, chunks: AsyncIterable<string>): Promise<{ saved: string } | { cancelled: true }>;
}

/** Reactions read for one message at most (50 a page): past it, the counts say so. */
const MAX_REACTION_PAGES = 10;

/** Lookups kept for a ticket bundle after their answer has gone: the page bundles the one it shows. */
export const RECENT_LOOKUPS = 20;

/** A lookup kept for a bundle, with what was asked. */
interface RecentLookup {
  lookup: LookupResult;
  userIdType: UserIdType;
  cardContentType?: string;
}

/** Who is signed in, and until when the sign-in holds (the refresh token's expiry, else the access token's). */
function signedInOf(session: UserSession): NonNullable<ProfileSummary['signedIn']> {
  const expiresAt = session.refreshToken ? session.refreshExpiresAt : session.expiresAt;
  return {
    name: session.user.name,
    openId: session.user.openId,
    ...(expiresAt !== undefined ? { expiresAt } : {}),
    refreshable: Boolean(session.refreshToken),
  };
}

/** A custom app's bot: what a lookup needs not say it was made as. */
const isPlainBot = (identity: UsedIdentity) => identity.as === 'bot' && !identity.tenant && !identity.pasted;

/** The default for ServicePorts.defer. */
const nextMacrotask = (run: () => void): void => void setTimeout(run, 0);

const SANDBOX_PROFILE: StoredProfile = {
  profileId: SANDBOX_PROFILE_ID,
  name: 'Sandbox',
  domain: 'custom',
  baseUrl: SANDBOX_BASE_URL,
  appId: SANDBOX_APP_ID,
  defaultUserIdType: 'open_id',
};

/** The sandbox's store app, in its two customer tenants: the ticket is pasted from the sandbox's webhook log. */
const SANDBOX_STORE_PROFILE: StoredProfile = {
  profileId: SANDBOX_STORE_PROFILE_ID,
  name: 'Sandbox store app',
  domain: 'custom',
  baseUrl: SANDBOX_BASE_URL,
  appId: SANDBOX_STORE_APP_ID,
  defaultUserIdType: 'open_id',
  kind: 'store',
  tenants: SANDBOX_STORE_TENANTS.map(({ tenantKey, name }) => ({ key: tenantKey, name })),
};

/** A profile without a usable app_secret: `problem` says why (none saved, or one that cannot be read here). */
export class MissingSecretError extends Error implements CodedError {
  readonly code = 'missing_secret';
  readonly params: { profileName: string; problem: SecretProblem['kind'] | 'none'; scheme: string };
  constructor(profileName: string, problem: SecretProblem | undefined, message: string) {
    super(message);
    this.name = 'MissingSecretError';
    this.params = { profileName, problem: problem?.kind ?? 'none', scheme: problem?.kind === 'unknown_scheme' ? problem.scheme : '' };
  }
}

export class InspectorService implements InspectorApi {
  private readonly ports: ServicePorts;
  private readonly sandbox: Sandbox;
  /** The clients per profile, identity and tenant, and the signed-in users' sessions. */
  private readonly clients: ProfileClients;
  /** Side work still running (history records), awaited by close(). */
  private readonly sideWork = new Set<Promise<void>>();
  /** One limiter per app_id for the whole process: every window and command shares the platform's limits. */
  private readonly limiters: LimiterRegistry;
  private readonly batches: BatchManager;
  /** Chat names per profile, for a while. */
  private readonly chatNames: ChatNameCache;
  private readonly chatExportManager: ChatExportManager | undefined;
  private readonly live: LiveManager;
  private readonly signIns: SignInManager;
  /** The latest lookups by lookupId, oldest first. */
  private readonly recent = new Map<string, RecentLookup>();
  private lookupSequence = 0;

  constructor(ports: ServicePorts) {
    this.ports = ports;
    this.sandbox = ports.sandbox ?? createSandbox({ clock: ports.clock });
    this.limiters = new LimiterRegistry(ports.clock, PACED_LIMITS);
    this.clients = new ProfileClients({
      secrets: ports.stores.secrets,
      clock: ports.clock,
      retry: ports.retry,
      limiters: this.limiters,
      fetchFor: (profile) =>
        SANDBOX_PROFILE_IDS.includes(profile.profileId) ? (req, init) => this.sandbox.handle(req, init) : ports.fetch,
    });
    this.batches = new BatchManager(this.limiters, ports.clock);
    this.chatNames = new ChatNameCache(ports.clock);
    this.live = new LiveManager(ports.clock, ports.liveSpill);
    this.signIns = new SignInManager({ loopback: ports.loopback, clock: ports.clock });
    this.chatExportManager = ports.chatExports ? new ChatExportManager(ports.chatExports, ports.clock) : undefined;
  }

  async getAppInfo(): Promise<AppInfo> {
    return { version: this.ports.version, host: this.ports.host, sampleMessageIds: SAMPLE_MESSAGE_IDS.map((s) => ({ ...s })) };
  }

  async listProfiles(): Promise<ProfileSummary[]> {
    const stored = await this.storedProfiles();
    return Promise.all(stored.map((profile) => this.summaryOf(profile)));
  }

  async getProfilesState(): Promise<ProfilesState> {
    const [profiles, active, status] = await Promise.all([
      this.listProfiles(),
      this.ports.stores.profiles.getActive(),
      this.ports.stores.secrets.status(),
    ]);
    return {
      profiles,
      activeProfileId: profiles.some((p) => p.profileId === active) ? active : SANDBOX_PROFILE_ID,
      secretStorage: { canPersist: status.canPersist, reason: status.reason, backend: status.backend },
      notices: this.storeNotices(),
    };
  }

  /**
   * What the store files held that could not be read, and where the originals were kept. The
   * app shows them from getProfilesState; the CLI prints them. Not part of the API.
   */
  storeNotices(): StoreNotice[] {
    return this.ports.stores.notices.list();
  }

  async saveProfile(request: SaveProfileRequest): Promise<ProfileSummary> {
    const schema = request.profileId ? profileInputSchema : newProfileInputSchema;
    const parsed = schema.safeParse(request.input);
    if (!parsed.success) throw new ProfileValidationError(describeIssues(parsed.error));
    const saved = await this.ports.stores.profiles.save(request.input, request.profileId);
    if (parsed.data.appSecret) {
      try {
        await this.ports.stores.secrets.setSecret(saved.profileId, parsed.data.appSecret, { persist: request.persistSecret });
      } catch (error) {
        // A new profile without its secret is of no use: do not leave it half-made.
        if (!request.profileId) await this.ports.stores.profiles.delete(saved.profileId);
        throw error;
      }
    }
    this.clients.forget(saved.profileId);
    this.chatNames.forget(saved.profileId);
    return this.summaryOf(saved);
  }

  async deleteProfile(profileId: string): Promise<void> {
    await this.ports.stores.profiles.delete(profileId);
    // The secret, a ticket and a signed-in user's tokens all go with the profile.
    await this.ports.stores.secrets.deleteAll(profileId);
    this.clients.forget(profileId);
    this.chatNames.forget(profileId);
  }

  async duplicateProfile(profileId: string): Promise<ProfileSummary> {
    const copy = await this.ports.stores.profiles.duplicate(profileId);
    const secret = await this.ports.stores.secrets.getSecret(profileId);
    if (secret) {
      const persisted = (await this.ports.stores.secrets.status()).stored.includes(profileId);
      await this.ports.stores.secrets.setSecret(copy.profileId, secret, { persist: persisted });
    }
    return this.summaryOf(copy);
  }

  async setActiveProfile(profileId: string): Promise<void> {
    await this.profile(profileId);
    await this.ports.stores.profiles.setActive(profileId);
  }

  async testProfile(profileId: string): Promise<ConnectionTest> {
    const { client } = await this.usableClient(profileId);
    const result = await client.testConnection();
    return result.ok
      ? { ok: true, profileId, expiresAt: result.value.expiresAt, exchanges: result.exchanges }
      : { ok: false, profileId, failure: result.failure, exchanges: result.exchanges };
  }

  exportProfiles(): Promise<string> {
    return this.ports.stores.profiles.exportProfiles();
  }

  async importProfiles(text: string): Promise<{ imported: number; ignoredSecretFields: number }> {
    const result = await this.ports.stores.profiles.importProfiles(text);
    return { imported: result.imported.length, ignoredSecretFields: result.ignoredSecretFields.length };
  }

  async listHistory(query: HistoryQuery): Promise<HistoryPage> {
    await this.settled();
    return this.ports.stores.history.list(query);
  }

  async deleteHistoryEntry(id: string): Promise<void> {
    await this.settled();
    await this.ports.stores.history.delete(id);
  }

  async clearHistory(): Promise<void> {
    // A lookup answered just before must not reappear after the clear.
    await this.settled();
    return this.ports.stores.history.clear();
  }

  getHistorySettings(): Promise<HistorySettingsRequest> {
    return this.ports.stores.profiles.getHistorySettings();
  }

  async setHistorySettings(settings: HistorySettingsRequest): Promise<HistorySettingsRequest> {
    const saved = await this.ports.stores.profiles.setHistorySettings(settings);
    await this.ports.stores.history.prune();
    return saved;
  }

  async getMessage(request: GetMessageRequest): Promise<LookupResult> {
    const profileId = request.profileId ?? SANDBOX_PROFILE_ID;
    const requestedAt = this.ports.clock.now();
    const lookupId = `l${(this.lookupSequence += 1)}-${requestedAt.toString(36)}`;
    const { profile, client, identity } = await this.usableClient(profileId, request);
    const base = { lookupId, messageId: request.messageId, profileId, requestedAt, ...(isPlainBot(identity) ? {} : { identity }) };
    const userIdType = request.userIdType ?? profile.defaultUserIdType;
    // The client takes a place in the app's limiter for every request, behind any running batch.
    const result = await client.getMessage(request.messageId, { userIdType, cardContentType: request.cardContentType });
    const durationMs = this.ports.clock.now() - requestedAt;
    const lookup: LookupResult = result.ok
      ? { ...base, ok: true, durationMs, exchanges: result.exchanges, response: withContentCredentialsMasked(result.value) }
      : { ...base, ok: false, durationMs, exchanges: result.exchanges, failure: result.failure };
    // Recorded after the answer is on its way: the history never slows a lookup down.
    if (!request.cardContentType) this.afterAnswer(() => this.remember(lookup, request.lang));
    this.keepRecent(lookupId, { lookup, userIdType, cardContentType: request.cardContentType });
    return lookup;
  }

  private keepRecent(lookupId: string, recent: RecentLookup): void {
    this.recent.set(lookupId, recent);
    if (this.recent.size > RECENT_LOOKUPS) this.recent.delete(this.recent.keys().next().value!);
  }

  async makeTicketBundle(request: TicketBundleRequest, lang: Lang = 'en'): Promise<TicketBundle> {
    if ('seq' in request) return this.liveEventTicket(request.profileId, request.seq, lang);
    const { lookup, userIdType, cardContentType } =
      'lookupId' in request ? this.recentLookup(request.lookupId) : this.batchRowLookup(request);
    const profile = await this.profile(lookup.profileId);
    const bundle = ticketBundle(lookup, this.ticketContext(profile, { userIdType, cardContentType }, lang));
    return this.redactedBundle(profile, bundle);
  }

  /** A live event's ticket, with the API's answer for its message when it was looked up (the latest lookup kept). */
  private async liveEventTicket(profileId: string, seq: number, lang: Lang): Promise<TicketBundle> {
    const live = this.live.eventContext(profileId, seq);
    if (!live) throw new AppError('live_event_gone', `event #${seq} is no longer kept: only the newest events are`, { seq });
    const { messageId } = live.row;
    const recent = [...this.recent.entries()]
      .reverse()
      .find(([, kept]) => kept.lookup.profileId === profileId && kept.lookup.messageId === messageId);
    const fetched = recent && this.recentLookup(recent[0]);
    const profile = await this.profile(profileId);
    const context = this.ticketContext(profile, { userIdType: fetched?.userIdType, cardContentType: fetched?.cardContentType }, lang);
    return this.redactedBundle(profile, liveEventTicketBundle(live, fetched?.lookup, context));
  }

  private ticketContext(profile: StoredProfile, asked: TicketContext['asked'], lang: Lang): TicketContext {
    return {
      profile: { name: profile.name, domain: profile.domain, baseUrl: baseUrlOf(profile), appId: profile.appId },
      asked,
      app: { version: this.ports.version, host: this.ports.host, os: this.ports.system?.os ?? 'unknown' },
      generatedAt: this.ports.clock.now(),
      timeZone: this.ports.system?.timeZone,
      lang,
    };
  }

  private async redactedBundle(profile: StoredProfile, bundle: TicketBundle): Promise<TicketBundle> {
    // The pieces were redacted when they were recorded; the whole page is gone over once more
    // with the profile's secret and every token its client was issued, wherever they might hide.
    await this.clientFor(profile);
    const html = this.clients.clientsOf(profile.profileId).reduce((text, client) => client.redact(text), bundle.html);
    return { ...bundle, html };
  }

  private recentLookup(lookupId: string): { lookup: TicketLookup; userIdType?: string; cardContentType?: string } {
    const recent = this.recent.get(lookupId);
    if (!recent) {
      throw new AppError(
        'lookup_not_kept',
        `lookup ${lookupId} is no longer kept (only the last ${RECENT_LOOKUPS} are): look it up again`,
        {
          count: RECENT_LOOKUPS,
        },
      );
    }
    const { lookup } = recent;
    return {
      lookup: {
        messageId: lookup.messageId,
        profileId: lookup.profileId,
        requestedAt: lookup.requestedAt,
        durationMs: lookup.durationMs,
        outcome: lookup.ok ? { ok: true, items: lookup.response.data?.items ?? [] } : { ok: false, failure: lookup.failure },
        exchanges: lookup.exchanges,
        exchangesKept: true,
      },
      userIdType: recent.userIdType,
      cardContentType: recent.cardContentType,
    };
  }

  private batchRowLookup(request: { batchId: string; index: number }): {
    lookup: TicketLookup;
    userIdType?: string;
    cardContentType?: string;
  } {
    const record = this.batches.record(request.batchId, request.index);
    if (!record) {
      throw new AppError('batch_row_not_run', `row ${request.index + 1} of batch ${request.batchId} has not run`, {
        row: request.index + 1,
      });
    }
    return {
      lookup: {
        messageId: record.messageId,
        profileId: record.profileId,
        requestedAt: record.at,
        outcome: record.outcome,
        exchanges: record.exchanges ?? [],
        exchangesKept: record.exchanges !== undefined,
      },
      userIdType: record.userIdType,
    };
  }

  /**
   * Lets work started on the side finish and writes what is pending (the history is written a
   * moment after each lookup). Hosts call it before they exit; it is not part of the API.
   */
  async close(): Promise<void> {
    await this.live.closeAll();
    await this.settled();
    try {
      await this.ports.stores.history.flush();
    } catch {
      // History is a convenience: a full disk or a read-only config folder must not turn a
      // lookup or an export that worked into a failure on the way out.
    }
  }

  /** Runs `work` once the current answer has gone back to the caller; close() and history reads wait for it. */
  private afterAnswer(work: () => Promise<void>): void {
    const defer = this.ports.defer ?? nextMacrotask;
    const done = new Promise<void>((resolve) => defer(() => void work().finally(resolve)));
    this.sideWork.add(done);
    void done.then(() => this.sideWork.delete(done));
  }

  /** Side work finished: what the history shows includes every lookup already answered. */
  private async settled(): Promise<void> {
    if (this.sideWork.size > 0) await Promise.allSettled([...this.sideWork]);
  }

  /**
   * Every lookup goes into the history: what was asked and how it went, never a token or secret.
   * The preview and the sender's name are written once, in the language of the lookup: an entry
   * made in English stays in English after the reader switches to Chinese (the history keeps what
   * was seen).
   */
  private async remember(lookup: LookupResult, lang: Lang = 'en'): Promise<void> {
    const first = lookup.ok ? lookup.response.data?.items?.[0] : undefined;
    try {
      await this.ports.stores.history.add({
        messageId: lookup.messageId,
        profileId: lookup.profileId,
        at: lookup.requestedAt,
        outcome: lookup.ok ? 'ok' : 'error',
        code: lookup.ok ? undefined : (lookup.failure.code ?? lookup.failure.kind),
        msgType: first?.msg_type,
        senderName: first ? senderName(first, lang) : undefined,
        preview: first ? messagePreview(decodeMessage(first), lang) : lookup.ok ? undefined : lookup.failure.msg,
        logId: lookup.ok ? undefined : lookup.failure.logId,
      });
    } catch {
      // History is a convenience: a lookup never fails because it could not be recorded.
    }
  }

  private async summaryOf(profile: StoredProfile): Promise<ProfileSummary> {
    const secret = await this.secretOf(profile.profileId);
    const problem = secret ? undefined : await this.ports.stores.secrets.problem(profile.profileId);
    const session = profile.kind === 'pasted' ? undefined : await this.clients.session(profile.profileId);
    return {
      profileId: profile.profileId,
      name: profile.name,
      domain: profile.domain,
      baseUrl: baseUrlOf(profile),
      appId: profile.appId,
      defaultUserIdType: profile.defaultUserIdType,
      ...(profile.kind ? { kind: profile.kind } : {}),
      ...(profile.tenants ? { tenants: profile.tenants.map((tenant) => ({ ...tenant })) } : {}),
      ...(profile.kind === 'pasted' ? { pastedAs: profile.pastedAs ?? 'bot' } : {}),
      ...(profile.pastedExpiresAt !== undefined ? { pastedExpiresAt: profile.pastedExpiresAt } : {}),
      ...(profile.kind === 'pasted' ? {} : { signInRedirectUri: signInRedirectUri(profile.signInPort ?? DEFAULT_SIGN_IN_PORT) }),
      ...(session ? { signedIn: signedInOf(session) } : {}),
      ...(profile.kind === 'store'
        ? { hasTicket: Boolean(await this.ports.stores.secrets.getCredential(profile.profileId, 'ticket')) }
        : {}),
      builtIn: SANDBOX_PROFILE_IDS.includes(profile.profileId),
      fromEnvironment: profile.profileId === ENV_PROFILE_ID,
      hasSecret: Boolean(secret),
      maskedSecret: maskSecret(secret),
      ...(problem
        ? { secretProblem: { kind: problem.kind, ...(problem.kind === 'unknown_scheme' ? { scheme: problem.scheme } : {}) } }
        : {}),
    };
  }

  /**
   * The profile and a client for it as the choice says (the bot, a store app's tenant, the
   * signed-in user); a profile without a usable secret is an error that says why.
   */
  private async usableClient(
    profileId: string,
    choice: IdentityChoice = {},
  ): Promise<{ profile: StoredProfile; client: FeishuClient; identity: UsedIdentity }> {
    const profile = await this.profile(profileId);
    const made = await this.clients.clientFor(profile, await this.secretOf(profile.profileId), choice);
    if (!made) throw await this.missingSecret(profile);
    return { profile, ...made };
  }

  /** The bot's client of a profile (a store app's first tenant), or undefined without a secret. */
  private async clientFor(profile: StoredProfile): Promise<FeishuClient | undefined> {
    return (await this.clients.clientFor(profile, await this.secretOf(profile.profileId)))?.client;
  }

  /** No usable secret: says why when one is saved but cannot be read, and what to do. */
  private async missingSecret(profile: StoredProfile): Promise<MissingSecretError> {
    const problem = await this.ports.stores.secrets.problem(profile.profileId);
    const name = `profile "${profile.name}"`;
    switch (problem?.kind) {
      case 'undecryptable':
        return new MissingSecretError(
          profile.name,
          problem,
          `${name} has a saved app_secret that cannot be decrypted (the system keychain was reset, or the settings come from another computer or user account): enter the app_secret again in the profile settings`,
        );
      case 'unknown_scheme':
        return new MissingSecretError(
          profile.name,
          problem,
          `${name} has an app_secret saved by another host or version (${problem.scheme}) that cannot be read here: enter it again in the profile settings, use the app that saved it, or set FEISHU_APP_SECRET`,
        );
      case 'malformed':
        return new MissingSecretError(
          profile.name,
          problem,
          `${name} has a damaged entry in the secrets file: enter the app_secret again in the profile settings`,
        );
      default:
        return new MissingSecretError(profile.name, undefined, `${name} has no app_secret: add it in the profile settings`);
    }
  }

  private async profile(profileId: string): Promise<StoredProfile> {
    // The built-in profiles are not in the settings file: no need to read and validate it.
    if (profileId === SANDBOX_PROFILE_ID) return SANDBOX_PROFILE;
    if (profileId === SANDBOX_STORE_PROFILE_ID) return SANDBOX_STORE_PROFILE;
    if (profileId === ENV_PROFILE_ID && this.ports.envProfile) return this.ports.envProfile.profile;
    // The settings never hold a profile under a built-in's id: migrateSettings drops one on reading.
    const profile = await this.ports.stores.profiles.get(profileId);
    if (!profile) throw new ProfileNotFoundError(profileId);
    return profile;
  }

  private secretOf(profileId: string): Promise<string | undefined> {
    if (profileId === SANDBOX_PROFILE_ID) return Promise.resolve(SANDBOX_APP_SECRET);
    if (profileId === SANDBOX_STORE_PROFILE_ID) return Promise.resolve(SANDBOX_STORE_APP_SECRET);
    if (this.ports.envProfile && profileId === ENV_PROFILE_ID) return Promise.resolve(this.ports.envProfile.secret);
    return this.ports.stores.secrets.getSecret(profileId);
  }

  async startBatch(request: StartBatchRequest): Promise<{ batchId: string; total: number }> {
    const profileId = request.profileId ?? SANDBOX_PROFILE_ID;
    return this.batches.start(request.messageIds, {
      ...(await this.batchContext(profileId, request.userIdType, request)),
      lang: request.lang,
    });
  }

  async getBatchUpdates(batchId: string, cursor: number): Promise<BatchUpdates> {
    return this.batches.updates(batchId, cursor);
  }

  async cancelBatch(batchId: string): Promise<void> {
    this.batches.cancel(batchId);
  }

  async retryBatch(batchId: string, indexes: number[], lang?: Lang): Promise<void> {
    this.batches.retry(batchId, indexes, { ...(await this.batchContext(this.batches.profileOf(batchId))), lang });
  }

  async exportBatch(batchId: string, format: ExportFormat, lang: Lang = 'en'): Promise<{ saved: string } | { cancelled: true }> {
    if (!this.ports.files) throw new Error('this host saves exports as downloads, not through a dialog');
    return this.ports.files.saveExport(`messages-${batchId}.${fileExtension(format)}`, this.batchExportChunks(batchId, format, lang));
  }

  /** The export of a batch as text chunks: the desktop writes them to a file, browser mode streams a download. */
  batchExportChunks(batchId: string, format: ExportFormat, locale: Lang = 'en'): AsyncGenerator<string> {
    return exportChunks(format, this.batches.entries(batchId), {
      generatedAt: this.ports.clock.now(),
      locale,
      title: `Messages (${batchId})`,
    });
  }

  /**
   * Many lookups through the batch pipeline for a host that keeps the results itself (the CLI's
   * export streams them into a file as they come). Not part of the contract: the page uses
   * startBatch, which runs the same pipeline and keeps the rows for it.
   */
  async lookupBatch(
    request: Omit<StartBatchRequest, 'lang'>,
    options: Pick<LookupBatchOptions, 'signal' | 'admit' | 'onResult'> = {},
  ): Promise<LookupBatchOutcome & { baseUrl: string }> {
    const context = await this.batchContext(request.profileId ?? SANDBOX_PROFILE_ID, request.userIdType, request);
    const outcome = await runLookupBatch({
      ...options,
      messageIds: request.messageIds,
      client: context.client,
      limiter: this.limiters.forApp(context.appId),
      clock: this.ports.clock,
      userIdType: context.userIdType,
    });
    // The URL the lookups used: the profile may have changed or gone while a long export ran.
    return { ...outcome, baseUrl: context.baseUrl };
  }

  private async batchContext(
    profileId: string,
    userIdType?: UserIdType,
    choice: IdentityChoice = {},
  ): Promise<BatchContext & { baseUrl: string }> {
    const { profile, client } = await this.usableClient(profileId, choice);
    return { profileId, appId: profile.appId, baseUrl: baseUrlOf(profile), client, userIdType: userIdType ?? profile.defaultUserIdType };
  }

  /**
   * A chat's or a thread's messages, and their images and files, through a profile's client (its
   * limiter, token and retries), for a host that walks a whole conversation (`inspector chat`). Not
   * part of the contract.
   */
  async conversationSource(
    profileId: string,
    choice: IdentityChoice = {},
  ): Promise<ConversationSource & ResourceSource & { baseUrl: string }> {
    const { profile, client } = await this.usableClient(profileId, choice);
    // The list call names senders by open_id only: the forwards' GETs ask for the same, so one
    // export never mixes ID types.
    const userIdType = 'open_id';
    return {
      baseUrl: baseUrlOf(profile),
      // Credentials inside content are masked before the pages reach the host (and its spool on disk).
      listMessages: async (query, options) => {
        const result = await client.listMessages(query, { ...options, retry: BATCH_RETRY });
        return result.ok ? { ...result, value: { ...result.value, items: maskItems(result.value.items) } } : result;
      },
      getMessage: async (messageId, options) => {
        const result = await client.getMessage(messageId, { ...options, userIdType, retry: BATCH_RETRY });
        return result.ok ? { ...result, value: withContentCredentialsMasked(result.value) } : result;
      },
      // The export's files: up to the platform's own limit, as patient as the pages.
      getResource: (messageId, fileKey, type, options) => client.getResource(messageId, fileKey, type, { ...options, retry: BATCH_RETRY }),
    };
  }

  async getResource(request: ResourceRequest): Promise<ResourceResult> {
    const { client } = await this.usableClient(request.profileId ?? SANDBOX_PROFILE_ID, request);
    // The same path as a lookup (the limiter, the token, retries), with the body given up past the limit.
    const result = await client.getResource(request.messageId, request.fileKey, request.type, { maxBytes: MAX_RESOURCE_BYTES });
    if (!result.ok) return { ok: false, failure: result.failure, exchanges: result.exchanges };
    const { bytes, contentType, fileName } = result.value;
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ok: true, contentType, fileName, size: bytes.length, base64: btoa(binary) };
  }

  async getChatInfo(request: ChatInfoRequest): Promise<ChatInfo> {
    // A user may see a chat the bot cannot, and a store app's tenants see their own chats.
    const seenAs = `${request.as ?? 'bot'}|${request.tenantKey ?? ''}|${request.chatId}`;
    const answer = await this.chatNames.get(request.profileId, seenAs, async () => {
      const { profile, client } = await this.usableClient(request.profileId, request);
      // The same path as a lookup: the app's limiter, the token, retries.
      const result = await client.getChat(request.chatId);
      return chatAnswerOf(result, { appId: profile.appId, domain: profile.domain === 'lark' ? 'lark' : 'feishu' });
    });
    return chatInfoOf(request.chatId, answer, request.lang ?? 'en');
  }

  async listConversation(request: ConversationPageRequest): Promise<ConversationPage> {
    const { client } = await this.usableClient(request.profileId, request);
    const chat = request.target.kind === 'chat';
    const result = await client.listMessages({
      containerIdType: request.target.kind,
      containerId: request.target.id,
      ...(chat && request.startTime !== undefined ? { startTime: request.startTime } : {}),
      ...(chat && request.endTime !== undefined ? { endTime: request.endTime } : {}),
      sortType: request.direction === 'older' ? 'ByCreateTimeDesc' : 'ByCreateTimeAsc',
      pageSize: request.pageSize ?? 50,
      ...(request.pageToken ? { pageToken: request.pageToken } : {}),
      ...(chat && request.rootsOnly ? { onlyThreadRootMessages: true } : {}),
    });
    if (!result.ok) return result;
    const lang = request.lang ?? 'en';
    // Rows, not items: a preview is all the list shows, and a credential in content never leaves masked or not.
    const rows = maskItems(result.value.items).map((item) => conversationRow(item, lang));
    return {
      ok: true,
      rows,
      hasMore: result.value.hasMore,
      ...(result.value.pageToken ? { pageToken: result.value.pageToken } : {}),
      exchanges: result.exchanges,
    };
  }

  async getReactions(request: ReactionsRequest): Promise<ReactionsResult> {
    const { client } = await this.usableClient(request.profileId, request);
    const byEmoji = new Map<string, string[]>();
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_REACTION_PAGES; page++) {
      const result = await client.listReactions(request.messageId, pageToken ? { pageToken } : {});
      if (!result.ok) return { ok: false, failure: result.failure };
      for (const reaction of result.value.items) {
        const emoji = reaction.reaction_type?.emoji_type;
        if (typeof emoji !== 'string' || emoji === '') continue;
        const operators = byEmoji.get(emoji) ?? [];
        if (typeof reaction.operator?.operator_id === 'string') operators.push(reaction.operator.operator_id);
        else operators.push('');
        byEmoji.set(emoji, operators);
      }
      pageToken = result.value.hasMore ? result.value.pageToken : undefined;
      if (!pageToken) break;
    }
    const reactions = [...byEmoji].map(([emojiType, ids]) => ({
      emojiType,
      count: ids.length,
      operatorIds: ids.filter((id) => id !== ''),
    }));
    reactions.sort((a, b) => b.count - a.count || a.emojiType.localeCompare(b.emojiType));
    return { ok: true, reactions, truncated: pageToken !== undefined };
  }

  async startChatExport(request: ChatExportRequest): Promise<{ exportId: string } | { cancelled: true }> {
    if (!this.chatExportManager) throw new Error('this host cannot export whole chats: use `inspector chat` from a terminal');
    const source = await this.conversationSource(request.profileId, request);
    const title = await this.conversationTitle(request.profileId, request.target, request.lang, request);
    return this.chatExportManager.start(request, source, title);
  }

  /**
   * The title of a whole-chat export: `Chat <name> (oc_…)` with the name the platform gives (one
   * cached call to the chats endpoint, as the viewer makes), else `Chat oc_…`; `Thread omt_…`.
   */
  async conversationTitle(profileId: string, target: ConversationTarget, lang: Lang = 'en', choice: IdentityChoice = {}): Promise<string> {
    if (target.kind === 'thread') return `Thread ${target.id}`;
    const info = await this.getChatInfo({ profileId, chatId: target.id, lang, ...choice });
    return info.ok ? `Chat ${info.name} (${target.id})` : `Chat ${target.id}`;
  }

  async getChatExport(exportId: string): Promise<ChatExportStatus> {
    if (!this.chatExportManager) throw new Error('this host cannot export whole chats');
    return this.chatExportManager.status(exportId);
  }

  async listChatExports(): Promise<ChatExportStatus[]> {
    return this.chatExportManager?.list() ?? [];
  }

  async cancelChatExport(exportId: string): Promise<void> {
    this.chatExportManager?.cancel(exportId);
  }

  /** The finished file of a browser-mode chat export, for the download route. */
  chatExportFile(exportId: string) {
    return this.chatExportManager?.finishedFile(exportId);
  }

  async startLive(profileId: string, lang: Lang = 'en'): Promise<LiveUpdates> {
    return this.live.start(profileId, lang, async () => {
      const profile = await this.profile(profileId);
      const secret = await this.secretOf(profileId);
      if (!secret) throw await this.missingSecret(profile);
      const isSandbox = profileId === SANDBOX_PROFILE_ID;
      const openSocket = isSandbox ? this.sandbox.openSocket : this.ports.openSocket;
      if (!openSocket) throw new Error('this host cannot open the long connection');
      const { client } = await this.usableClient(profileId);
      return {
        connection: new LongConnection({
          appId: profile.appId,
          appSecret: secret,
          baseUrl: baseUrlOf(profile),
          fetch: isSandbox ? (req, init) => this.sandbox.handle(req, init) : this.ports.fetch,
          clock: this.ports.clock,
          openSocket,
        }),
        // The sender's name, as the platform gives it (with_sender_name), through the app's limiter.
        readMessage: async (messageId) => {
          const result = await client.getMessage(messageId, { userIdType: 'open_id' });
          return result.ok ? result.value.data?.items?.[0] : undefined;
        },
      };
    });
  }

  async stopLive(profileId: string): Promise<void> {
    this.live.stop(profileId);
  }

  async getLiveUpdates(request: LiveUpdatesRequest): Promise<LiveUpdates | null> {
    return (await this.live.updates(request.profileId, request.cursor, request.logCursor, request.waitMs, request.namesCursor)) ?? null;
  }

  async getLiveEvent(profileId: string, seq: number): Promise<ReceivedEvent | null> {
    const event = this.live.event(profileId, seq);
    return event ? maskedEvent(event) : null;
  }

  async exportLive(profileId: string): Promise<{ saved: string } | { cancelled: true }> {
    if (!this.ports.files) throw new Error('this host saves exports as downloads, not through a dialog');
    return this.ports.files.saveExport(`events-${profileId}.ndjson`, this.liveExportChunks(profileId));
  }

  /**
   * The events caught, one masked event JSON a line, oldest first (those spilled from memory
   * included): the desktop writes them, browser mode streams a download.
   */
  async *liveExportChunks(profileId: string): AsyncGenerator<string> {
    yield* this.live.exportLines(profileId);
  }

  /** `options.port`: this sign-in's loopback port instead of the profile's (the CLI's `login --port`). */
  async startSignIn(profileId: string, lang: Lang = 'en', options: { port?: number } = {}): Promise<SignInStatus> {
    const profile = await this.profile(profileId);
    if (profile.kind === 'pasted') {
      const reason = 'a pasted-token profile has no app to sign in with: sign in on the profile of the app the user authorizes';
      throw new AppError('sign_in_unavailable', reason, { reason });
    }
    // The code is traded with the app's own ID and secret: the bot's client makes that call.
    const { client } = await this.usableClient(profileId);
    const inProcess = SANDBOX_PROFILE_IDS.includes(profileId);
    return this.signIns.start({
      profileId,
      clientId: profile.appId,
      port: options.port ?? profile.signInPort ?? DEFAULT_SIGN_IN_PORT,
      accountsBase: accountsBaseUrl(profile.domain, baseUrlOf(profile)),
      exchange: (grant) => client.signInWithCode(grant),
      keep: (session) => this.clients.keepSession(profileId, session),
      // The in-process sandbox's authorize page is reachable by a browser only through the loopback port.
      ...(inProcess ? { serve: (request: Request) => this.sandboxAuthorizePage(request) } : {}),
      lang,
    });
  }

  /** The in-process sandbox's authorize page, and nothing else of it, for the loopback port a browser reaches. */
  private sandboxAuthorizePage(request: Request): Promise<Response> {
    if (new URL(request.url).pathname !== AUTHORIZE_PATH) return Promise.resolve(new Response('not found', { status: 404 }));
    return this.sandbox.handle(request);
  }

  getSignIn(signInId: string, waitMs: number): Promise<SignInStatus> {
    return this.signIns.status(signInId, waitMs);
  }

  cancelSignIn(signInId: string): Promise<void> {
    return this.signIns.cancel(signInId);
  }

  async signOut(profileId: string): Promise<ProfileSummary> {
    const profile = await this.profile(profileId);
    await this.clients.signOut(profileId);
    return this.summaryOf(profile);
  }

  /** A store-app profile, or the error that says only a store app has an app_ticket. */
  private async storeProfile(profileId: string): Promise<StoredProfile> {
    const profile = await this.profile(profileId);
    if (profile.kind !== 'store') {
      throw new AppError('invalid_input', 'only a store app has an app_ticket', { detail: 'only a store app has an app_ticket' });
    }
    return profile;
  }

  async setAppTicket(profileId: string, ticket: string): Promise<ProfileSummary> {
    const profile = await this.storeProfile(profileId);
    // Encrypted where the keychain protects it, else kept for this run (as a signed-in session is).
    await this.ports.stores.secrets.setCredential(profileId, 'ticket', ticket.trim(), { persist: true, fallBackToSession: true });
    // The app token came from the old ticket: every tenant asks again with the new one.
    this.clients.forgetStoreApp(profileId);
    return this.summaryOf(profile);
  }

  async resendAppTicket(profileId: string): Promise<ResendTicketResult> {
    await this.storeProfile(profileId);
    const { client } = await this.usableClient(profileId);
    const result = await client.resendAppTicket();
    return result.ok ? { ok: true, exchanges: result.exchanges } : { ok: false, failure: result.failure, exchanges: result.exchanges };
  }

  async sandboxAct(action: SandboxAction): Promise<SandboxActionResult> {
    const { kind } = action;
    const body =
      action.kind === 'send'
        ? { text: action.text, ...(action.chatId ? { chat_id: action.chatId } : {}) }
        : action.kind === 'recall'
          ? { message_id: action.messageId }
          : action.kind === 'react'
            ? { message_id: action.messageId, emoji_type: action.emojiType }
            : { rate: action.perSecond, seconds: action.seconds };
    const response = await this.sandbox.handle(
      new Request(`${SANDBOX_BASE_URL}/sandbox/v1/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    const answer = (await response.json().catch(() => ({}))) as { code?: number; msg?: string; data?: Record<string, unknown> };
    if (response.ok && (answer.code === undefined || answer.code === 0))
      return { ok: true, data: answer.data ?? (answer as Record<string, unknown>) };
    return { ok: false, code: answer.code ?? response.status, msg: answer.msg ?? response.statusText };
  }

  async getSandboxTickets(): Promise<SandboxTicket[]> {
    return [...this.sandbox.tickets];
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
    // None of the saved ones has a built-in's id (migrateSettings drops it).
    const stored = await this.ports.stores.profiles.list();
    return [SANDBOX_PROFILE, SANDBOX_STORE_PROFILE, ...(this.ports.envProfile ? [this.ports.envProfile.profile] : []), ...stored];
  }
}
