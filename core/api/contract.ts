/**
 * InspectorApi: the one contract between the renderer and the main side. Both bindings (Electron
 * IPC and the loopback HTTP bridge) are derived from `INSPECTOR_METHODS` and `dispatch`, so a
 * method added here is available on both with no per-method glue. Arguments are validated at
 * runtime with the schemas below: whatever arrives over a bridge is untrusted.
 */

import { z } from 'zod';
import type { Exchange } from '../feishu/exchange';
import type { FeishuFailure, GetMessageResponse, UserIdType } from '../feishu/types';
import type { HistoryPage } from '../history/store';
import type { StoreNotice } from '../storage/notices';
import type { SandboxTicket } from '../sandbox/identity';
import { MAX_BATCH_IDS, type BatchUpdates } from '../batch/manager';
import { EXPORT_FORMATS, type ExportFormat } from '../export/common';
import { historySettingsSchema } from '../profiles/settings';
import { USER_ID_TYPES } from '../feishu/types';
import type { SampleKind } from '../sandbox/fixtures/messages';
import { FAULT_KINDS } from '../sandbox/faults';
import { LANGS, type Lang } from '../base/lang';
import { isCodedError, type AppErrorCode, type AppErrorParams } from '../base/app-error';
import { INSPECTOR_METHOD_NAMES, type InspectorMethodName } from './methods';
import type { ProfileSummary, UsedIdentity } from '../profiles/types';
import type { SignInStatus } from '../profiles/sign-in';
import { tenantKeySchema } from '../profiles/settings';
import type { TicketBundle } from '../handoff/bundle';
import type { ConversationRow } from '../conversations/window';
import type { ChatExportStatus } from '../conversations/exports';
import type { LiveUpdates } from '../events/live';
import type { ReceivedEvent } from '../events/state';

export {
  SANDBOX_PROFILE_ID,
  SANDBOX_PROFILE_IDS,
  SANDBOX_STORE_PROFILE_ID,
  type ProfileDomain,
  type ProfileSummary,
} from '../profiles/types';

export { IPC_CHANNEL, PRELOAD_GLOBAL } from './methods';

/**
 * The reader's language, for the words the main side writes for them: the labels in message
 * previews (batch rows, history) and in exports. English when absent.
 */
export const langSchema = z.enum(LANGS);
export type { Lang };

/**
 * Whom a call is made as (core/app/clients.ts): the app's bot (the default) or the user signed in
 * on the profile; for a store app, in which of its customer tenants (the profile's first when absent).
 */
export const identityFields = {
  as: z.enum(['bot', 'user']).optional(),
  tenantKey: tenantKeySchema.optional(),
};
export type { IdentityChoice, UsedIdentity } from '../profiles/types';

export const getMessageRequestSchema = z
  .object({
    messageId: z.string().min(1).max(200),
    profileId: z.string().min(1).max(200).optional(),
    ...identityFields,
    userIdType: z.enum(USER_ID_TYPES as [UserIdType, ...UserIdType[]]).optional(),
    cardContentType: z.enum(['user_card_content', 'raw_card_content']).optional(),
    /** Language of the preview kept in the history for this lookup. */
    lang: langSchema.optional(),
  })
  .strict();
export type GetMessageRequest = z.infer<typeof getMessageRequestSchema>;

/** How the built-in sandbox misbehaves on purpose, to see retries and error screens. */
export const sandboxSettingsSchema = z
  .object({
    faultRate: z.number().min(0).max(1),
    faultKinds: z.array(z.enum(FAULT_KINDS)).max(FAULT_KINDS.length),
    rateLimits: z.boolean(),
  })
  .strict();
export type SandboxSettings = z.infer<typeof sandboxSettingsSchema>;

/** What the profile form sends; the main side validates it (and keeps the secret to itself). */
export const saveProfileRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64).optional(),
    input: z.record(z.string(), z.unknown()),
    /** Keep the secret across restarts (encrypted); false keeps it for this session only. */
    persistSecret: z.boolean(),
  })
  .strict();
export type SaveProfileRequest = z.infer<typeof saveProfileRequestSchema>;

export interface SecretStorageStatus {
  /** Secrets can be kept encrypted across restarts here. */
  canPersist: boolean;
  /** Why not, in English, when they cannot. */
  reason?: string;
  backend?: string;
}

export interface ProfilesState {
  profiles: ProfileSummary[];
  activeProfileId: string;
  secretStorage: SecretStorageStatus;
  /** What the store files held that could not be read, and where the originals were kept: shown once. */
  notices: StoreNotice[];
}

export type ConnectionTest =
  | { ok: true; profileId: string; expiresAt: number; exchanges: Exchange[] }
  | { ok: false; profileId: string; failure: FeishuFailure; exchanges: Exchange[] };

export const historyQuerySchema = z
  .object({
    query: z.string().max(500).optional(),
    profileId: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(500).optional(),
    offset: z.number().int().min(0).optional(),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
export type { HistoryEntry, HistoryPage } from '../history/store';
export type { StoreNotice } from '../storage/notices';

export const historySettingsRequestSchema = historySettingsSchema;
export type HistorySettingsRequest = z.infer<typeof historySettingsRequestSchema>;

export const startBatchRequestSchema = z
  .object({
    messageIds: z.array(z.string().min(1).max(200)).min(1).max(MAX_BATCH_IDS),
    profileId: z.string().min(1).max(64).optional(),
    ...identityFields,
    userIdType: z.enum(USER_ID_TYPES as [UserIdType, ...UserIdType[]]).optional(),
    /** Language of the rows' previews. */
    lang: langSchema.optional(),
  })
  .strict();
export type StartBatchRequest = z.infer<typeof startBatchRequestSchema>;
export type { BatchRow, BatchUpdates } from '../batch/manager';

export { EXPORT_FORMATS, type ExportFormat } from '../export/common';
export { MAX_BATCH_IDS } from '../batch/manager';

export const resourceRequestSchema = z
  .object({
    /** The message the key is in (for a sub-message of a merge-forward: the container). */
    messageId: z.string().min(1).max(200),
    fileKey: z.string().min(1).max(300),
    type: z.enum(['image', 'file']),
    profileId: z.string().min(1).max(64).optional(),
    ...identityFields,
  })
  .strict();
export type ResourceRequest = z.infer<typeof resourceRequestSchema>;

export type ResourceResult =
  | { ok: true; contentType: string; fileName?: string; size: number; base64: string }
  | { ok: false; failure: FeishuFailure; exchanges: Exchange[] };

interface LookupBase {
  /** Names this lookup to the main side for a while after (a ticket bundle of it): the last RECENT_LOOKUPS are kept. */
  lookupId: string;
  messageId: string;
  profileId: string;
  /** Epoch ms when the lookup started. */
  requestedAt: number;
  durationMs: number;
  /** Every HTTP exchange behind this lookup (token, retries), redacted. */
  exchanges: Exchange[];
  /** Whom it was made as: absent for a custom app's bot. */
  identity?: UsedIdentity;
}

export type LookupResult = (LookupBase & { ok: true; response: GetMessageResponse }) | (LookupBase & { ok: false; failure: FeishuFailure });

export interface AppInfo {
  version: string;
  /** Which host serves the contract (the CLI serves no page, but its bundles name it). */
  host: 'desktop' | 'browser' | 'cli';
  /** Message IDs the sandbox serves, for the empty state and the README. */
  sampleMessageIds: { messageId: string; sample: SampleKind; label: string }[];
}

export const chatInfoRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    chatId: z.string().min(1).max(200),
    ...identityFields,
    /** Which of the chat's names (`i18n_names`) to answer with. English when absent. */
    lang: langSchema.optional(),
  })
  .strict();
export type ChatInfoRequest = z.infer<typeof chatInfoRequestSchema>;

/** Why a chat's name cannot be shown (the page shows the ID and says this). */
export type ChatNameProblem =
  /** The chats endpoint answered without a name (a direct chat has none). */
  | { kind: 'no_name' }
  /** 232011 / 230002: the app's bot is not in the chat. */
  | { kind: 'not_in_chat'; code: number }
  /** 99991672: the app lacks a scope; the console page that applies for it when the app is known. */
  | { kind: 'missing_scope'; scopes: string[]; applyScopesUrl?: string }
  /** Anything else, as the client reported it. */
  | { kind: 'failed'; failure: FeishuFailure };

/** A chat's name in the language asked for, or why there is none. Never a name the platform did not give. */
export type ChatInfo = { ok: true; chatId: string; name: string } | { ok: false; chatId: string; reason: ChatNameProblem };

/** A ticket bundle of one of the recent lookups, of a batch's row, or of a live event (a profile's `seq`). */
export const ticketBundleRequestSchema = z.union([
  z.object({ lookupId: z.string().min(1).max(100) }).strict(),
  z.object({ batchId: z.string().min(1).max(100), index: z.number().int().min(0) }).strict(),
  z.object({ profileId: z.string().min(1).max(64), seq: z.number().int().min(1) }).strict(),
]);
export type TicketBundleRequest = z.infer<typeof ticketBundleRequestSchema>;
export type { TicketBundle } from '../handoff/bundle';

/** A chat or a thread the conversation view shows. */
export const conversationTargetSchema = z
  .object({
    kind: z.enum(['chat', 'thread']),
    id: z.string().regex(/^(oc|omt)_[A-Za-z0-9_-]{1,190}$/),
  })
  .strict()
  .refine((target) => target.id.startsWith(target.kind === 'chat' ? 'oc_' : 'omt_'), 'a chat ID starts with oc_, a thread ID with omt_');

/** One page of the conversation view: one end of its window (core/conversations/window.ts), one list call. */
export const conversationPageRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    ...identityFields,
    target: conversationTargetSchema,
    /** older: newest first (ByCreateTimeDesc); newer: oldest first. */
    direction: z.enum(['older', 'newer']),
    /** Seconds, inclusive (a chat only). */
    startTime: z.number().int().min(0).optional(),
    endTime: z.number().int().min(0).optional(),
    pageToken: z.string().min(1).max(2000).optional(),
    /** `only_thread_root_messages`: a chat's thread roots alone. */
    rootsOnly: z.boolean().optional(),
    pageSize: z.number().int().min(1).max(50).optional(),
    /** Of the rows' previews and sender names. */
    lang: langSchema.optional(),
  })
  .strict();
export type ConversationPageRequest = z.infer<typeof conversationPageRequestSchema>;
export type { ConversationRow } from '../conversations/window';

export type ConversationPage =
  | { ok: true; rows: ConversationRow[]; hasMore: boolean; pageToken?: string; exchanges: Exchange[] }
  | { ok: false; failure: FeishuFailure; exchanges: Exchange[] };

export const reactionsRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    messageId: z.string().min(1).max(200),
    ...identityFields,
  })
  .strict();
export type ReactionsRequest = z.infer<typeof reactionsRequestSchema>;

/** The reactions on a message, one entry an emoji, most first. */
export type ReactionsResult =
  | { ok: true; reactions: { emojiType: string; count: number; operatorIds: string[] }[]; truncated: boolean }
  | { ok: false; failure: FeishuFailure };

/** A whole chat (a time range) or thread to a file, from the page: see core/conversations/exports.ts. */
export const chatExportRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    ...identityFields,
    target: conversationTargetSchema,
    /** Seconds, inclusive (a chat only). */
    since: z.number().int().min(0).optional(),
    until: z.number().int().min(0).optional(),
    /** Each thread's replies under its root. */
    includeThreads: z.boolean().optional(),
    format: z.enum(EXPORT_FORMATS as [ExportFormat, ...ExportFormat[]]),
    /** Images and files into `<name>_files/` beside the export. */
    withFiles: z.boolean().optional(),
    /** HTML only: images inside the page (data: URIs). */
    inlineImages: z.boolean().optional(),
    lang: langSchema.optional(),
  })
  .strict()
  .refine((request) => !(request.inlineImages && request.format !== 'html'), 'images can be inlined in an HTML export only')
  .refine(
    (request) => request.since === undefined || request.until === undefined || request.since <= request.until,
    'since is after until',
  );
export type { ChatExportStatus, ChatExportProblemLine } from '../conversations/exports';

export const liveUpdatesRequestSchema = z
  .object({
    profileId: z.string().min(1).max(64),
    /** Rows and log entries already read (LiveUpdates.cursor, .logCursor). */
    cursor: z.number().int().min(0),
    logCursor: z.number().int().min(0),
    /** LiveUpdates.namesCursor: names learned since answer at once. */
    namesCursor: z.number().int().min(0).optional(),
    /** How long to wait for something new before answering (a long poll); 0 answers at once. */
    waitMs: z.number().int().min(0).max(25_000),
  })
  .strict();
export type LiveUpdatesRequest = z.infer<typeof liveUpdatesRequestSchema>;
export type { LiveRow, LiveUpdates } from '../events/live';

/** What the sandbox can be made to do, as a user of its chats would (the Sandbox profile only). */
export const sandboxActionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('send'), chatId: z.string().min(1).max(200).optional(), text: z.string().min(1).max(4_000) }).strict(),
  z.object({ kind: z.literal('recall'), messageId: z.string().min(1).max(200) }).strict(),
  z.object({ kind: z.literal('react'), messageId: z.string().min(1).max(200), emojiType: z.string().min(1).max(64) }).strict(),
  z.object({ kind: z.literal('burst'), perSecond: z.number().int().min(1).max(1_000), seconds: z.number().int().min(1).max(600) }).strict(),
]);
export type SandboxAction = z.infer<typeof sandboxActionSchema>;
/** The sandbox's answer: its JSON on success, or its code and msg. */
export type SandboxActionResult = { ok: true; data: Record<string, unknown> } | { ok: false; code: number; msg: string };
/** An app_ticket the sandbox pushed to its store app, with the webhook body it would have posted. */
export type { SandboxTicket };

export interface InspectorApi {
  getAppInfo(): Promise<AppInfo>;
  listProfiles(): Promise<ProfileSummary[]>;
  getMessage(request: GetMessageRequest): Promise<LookupResult>;
  getSandboxSettings(): Promise<SandboxSettings>;
  setSandboxSettings(settings: SandboxSettings): Promise<SandboxSettings>;
  getProfilesState(): Promise<ProfilesState>;
  saveProfile(request: SaveProfileRequest): Promise<ProfileSummary>;
  deleteProfile(profileId: string): Promise<void>;
  duplicateProfile(profileId: string): Promise<ProfileSummary>;
  setActiveProfile(profileId: string): Promise<void>;
  testProfile(profileId: string): Promise<ConnectionTest>;
  exportProfiles(): Promise<string>;
  importProfiles(text: string): Promise<{ imported: number; ignoredSecretFields: number }>;
  listHistory(query: HistoryQuery): Promise<HistoryPage>;
  deleteHistoryEntry(id: string): Promise<void>;
  clearHistory(): Promise<void>;
  getHistorySettings(): Promise<HistorySettingsRequest>;
  setHistorySettings(settings: HistorySettingsRequest): Promise<HistorySettingsRequest>;
  startBatch(request: StartBatchRequest): Promise<{ batchId: string; total: number }>;
  getBatchUpdates(batchId: string, cursor: number): Promise<BatchUpdates>;
  cancelBatch(batchId: string): Promise<void>;
  /** `lang`: of the retried rows' previews; the batch's own language when absent. */
  retryBatch(batchId: string, indexes: number[], lang?: Lang): Promise<void>;
  /** Desktop: asks where to save (a native dialog) and writes the file atomically, its labels in `lang`. */
  exportBatch(batchId: string, format: ExportFormat, lang?: Lang): Promise<{ saved: string } | { cancelled: true }>;
  /** An image or file of a message, through the resources endpoint (at most 25 MB here). */
  getResource(request: ResourceRequest): Promise<ResourceResult>;
  /** "Save for a support ticket": one self-contained HTML page (secrets and tokens redacted), its words in `lang`. */
  makeTicketBundle(request: TicketBundleRequest, lang?: Lang): Promise<TicketBundle>;
  /** The name of a chat (the chats endpoint), kept a while per profile; or why it cannot be had. */
  getChatInfo(request: ChatInfoRequest): Promise<ChatInfo>;
  /** One page of a chat's or a thread's messages, as rows for the conversation view. */
  listConversation(request: ConversationPageRequest): Promise<ConversationPage>;
  /** The reactions on a message (every page of them, up to a bound). */
  getReactions(request: ReactionsRequest): Promise<ReactionsResult>;
  /** Starts a whole-chat export (the desktop asks where first: `cancelled` when the user closed the dialog). */
  startChatExport(request: z.infer<typeof chatExportRequestSchema>): Promise<{ exportId: string } | { cancelled: true }>;
  getChatExport(exportId: string): Promise<ChatExportStatus>;
  /** Stops it; what it fetched stays beside the file, and starting the same export again goes on from there. */
  cancelChatExport(exportId: string): Promise<void>;
  /** Every export running, and the last few finished: what a page opened again (a reload) picks up. */
  listChatExports(): Promise<ChatExportStatus[]>;
  /** Starts the profile's long connection (or answers the one running): what it has so far. */
  startLive(profileId: string, lang?: Lang): Promise<LiveUpdates>;
  stopLive(profileId: string): Promise<void>;
  /** What came since the cursors; null when the profile has no live session. */
  getLiveUpdates(request: LiveUpdatesRequest): Promise<LiveUpdates | null>;
  /** One event whole (credentials in it masked); null once it has been let go. */
  getLiveEvent(profileId: string, seq: number): Promise<ReceivedEvent | null>;
  /** Desktop: the caught events to a file (NDJSON, one event a line); browser mode downloads them. */
  exportLive(profileId: string): Promise<{ saved: string } | { cancelled: true }>;
  /** Makes something happen in the sandbox (send, recall, react, a burst), as its chats' users would. */
  sandboxAct(action: SandboxAction): Promise<SandboxActionResult>;
  /**
   * Starts signing a user in on a profile (OAuth with PKCE, a loopback redirect): the page to open,
   * opened in the system browser where the host can. A running sign-in of the profile is replaced.
   */
  startSignIn(profileId: string, lang?: Lang): Promise<SignInStatus>;
  /** The sign-in's progress, at once or when it changes within `waitMs`. */
  getSignIn(signInId: string, waitMs: number): Promise<SignInStatus>;
  cancelSignIn(signInId: string): Promise<void>;
  /**
   * Forgets the signed-in user's tokens on this computer. The platform has no call that revokes a
   * user token: the access token stays valid until it expires (at most about two hours).
   */
  signOut(profileId: string): Promise<ProfileSummary>;
  /** Keeps a store app's app_ticket (pasted from the app's webhook logs); its tokens are asked for again. */
  setAppTicket(profileId: string, ticket: string): Promise<ProfileSummary>;
  /** Asks the platform to push a new app_ticket to the store app's webhook (it arrives there, not here). */
  resendAppTicket(profileId: string): Promise<ResendTicketResult>;
  /** The app_tickets the sandbox pushed to its store app and that have not expired, oldest first. */
  getSandboxTickets(): Promise<SandboxTicket[]>;
}

export type { SignInStatus, SignInState } from '../profiles/sign-in';
export type ResendTicketResult = { ok: true; exchanges: Exchange[] } | { ok: false; failure: FeishuFailure; exchanges: Exchange[] };

const profileIdArg = z.string().min(1).max(64);
const batchIdArg = z.string().min(1).max(100);

/** The runtime list of methods with their argument schemas: the single source for both bindings. */
export const inspectorMethodSchemas = {
  getAppInfo: z.tuple([]),
  listProfiles: z.tuple([]),
  getMessage: z.tuple([getMessageRequestSchema]),
  getSandboxSettings: z.tuple([]),
  setSandboxSettings: z.tuple([sandboxSettingsSchema]),
  getProfilesState: z.tuple([]),
  saveProfile: z.tuple([saveProfileRequestSchema]),
  deleteProfile: z.tuple([profileIdArg]),
  duplicateProfile: z.tuple([profileIdArg]),
  setActiveProfile: z.tuple([profileIdArg]),
  testProfile: z.tuple([profileIdArg]),
  exportProfiles: z.tuple([]),
  importProfiles: z.tuple([z.string().max(5_000_000)]),
  listHistory: z.tuple([historyQuerySchema]),
  deleteHistoryEntry: z.tuple([z.string().min(1).max(100)]),
  clearHistory: z.tuple([]),
  getHistorySettings: z.tuple([]),
  setHistorySettings: z.tuple([historySettingsRequestSchema]),
  startBatch: z.tuple([startBatchRequestSchema]),
  getBatchUpdates: z.tuple([batchIdArg, z.number().int().min(0)]),
  cancelBatch: z.tuple([batchIdArg]),
  retryBatch: z.tuple([batchIdArg, z.array(z.number().int().min(0)).max(MAX_BATCH_IDS), langSchema.optional()]),
  exportBatch: z.tuple([batchIdArg, z.enum(EXPORT_FORMATS as [ExportFormat, ...ExportFormat[]]), langSchema.optional()]),
  getResource: z.tuple([resourceRequestSchema]),
  makeTicketBundle: z.tuple([ticketBundleRequestSchema, langSchema.optional()]),
  getChatInfo: z.tuple([chatInfoRequestSchema]),
  listConversation: z.tuple([conversationPageRequestSchema]),
  getReactions: z.tuple([reactionsRequestSchema]),
  startChatExport: z.tuple([chatExportRequestSchema]),
  getChatExport: z.tuple([z.string().min(1).max(100)]),
  cancelChatExport: z.tuple([z.string().min(1).max(100)]),
  listChatExports: z.tuple([]),
  startLive: z.tuple([profileIdArg, langSchema.optional()]),
  stopLive: z.tuple([profileIdArg]),
  getLiveUpdates: z.tuple([liveUpdatesRequestSchema]),
  getLiveEvent: z.tuple([profileIdArg, z.number().int().min(1)]),
  exportLive: z.tuple([profileIdArg]),
  sandboxAct: z.tuple([sandboxActionSchema]),
  startSignIn: z.tuple([profileIdArg, langSchema.optional()]),
  getSignIn: z.tuple([z.string().min(1).max(100), z.number().int().min(0).max(25_000)]),
  cancelSignIn: z.tuple([z.string().min(1).max(100)]),
  signOut: z.tuple([profileIdArg]),
  setAppTicket: z.tuple([
    profileIdArg,
    z.string().trim().min(1, 'the app_ticket is empty').max(1000).regex(/^\S+$/, 'an app_ticket has no spaces'),
  ]),
  resendAppTicket: z.tuple([profileIdArg]),
  getSandboxTickets: z.tuple([]),
} satisfies { [K in keyof InspectorApi]: z.ZodType<Parameters<InspectorApi[K]>> };

// Compile-time guards: the schema list and the preload's name list name exactly the interface's methods.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : never) : never;
const schemasMatch: SameKeys<InspectorApi, typeof inspectorMethodSchemas> = true;
const namesMatch: SameKeys<InspectorApi, Record<InspectorMethodName, unknown>> = true;
void schemasMatch;
void namesMatch;

export type InspectorMethod = keyof InspectorApi;
export const INSPECTOR_METHODS: readonly InspectorMethod[] = INSPECTOR_METHOD_NAMES;

export function isInspectorMethod(name: unknown): name is InspectorMethod {
  return typeof name === 'string' && Object.hasOwn(inspectorMethodSchemas, name);
}

/** The bridge's own failures, and every error of ours by its code (core/base/app-error.ts). */
export type BridgeErrorCode = 'unknown_method' | 'bad_arguments' | 'forbidden' | 'internal' | AppErrorCode;

export interface BridgeError {
  code: BridgeErrorCode;
  /** The English sentence (logs, the CLI); the page says it from `code` and `params` in the reader's language. */
  message: string;
  params?: AppErrorParams;
}

export type Reply<T = unknown> = { ok: true; value: T } | { ok: false; error: BridgeError };

/** Validates a call from a bridge and runs it on the service. Never throws: errors become replies. */
export async function dispatch(api: InspectorApi, method: unknown, args: unknown): Promise<Reply> {
  if (!isInspectorMethod(method)) {
    return { ok: false, error: { code: 'unknown_method', message: `unknown method: ${String(method)}` } };
  }
  const parsed = inspectorMethodSchemas[method].safeParse(args ?? []);
  if (!parsed.success) {
    return { ok: false, error: { code: 'bad_arguments', message: `${method}: ${z.prettifyError(parsed.error)}` } };
  }
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, value: await fn.apply(api, parsed.data as unknown[]) };
  } catch (error) {
    // An error of ours keeps its code and the values of its sentence, so the page can say it in
    // the reader's language; anything else is a bug, passed on as it is.
    if (isCodedError(error)) return { ok: false, error: { code: error.code, message: error.message, params: { ...error.params } } };
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

export class BridgeCallError extends Error {
  readonly code: BridgeErrorCode;
  readonly params: AppErrorParams;
  constructor(error: BridgeError) {
    super(error.message);
    this.name = 'BridgeCallError';
    this.code = error.code;
    this.params = error.params ?? {};
  }
}

export type Transport = (method: InspectorMethod, args: unknown[]) => Promise<Reply>;

/** The renderer's typed view of the contract over any transport. */
export function createApiProxy(transport: Transport): InspectorApi {
  const api = {} as Record<InspectorMethod, (...args: unknown[]) => Promise<unknown>>;
  for (const method of INSPECTOR_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const reply = await transport(method, args);
      if (!reply.ok) throw new BridgeCallError(reply.error);
      return reply.value;
    };
  }
  return api as unknown as InspectorApi;
}
