/**
 * A Feishu Open API emulator as a fetch-standard handler (Request in, Response out). The
 * Sandbox profile calls it in-process; `inspector sandbox` serves it over HTTP so any client,
 * the official SDK included, can be pointed at it as its domain. Its long connection (./live.ts)
 * is reached through `openSocket` in-process and through a WebSocket upgrade on the server;
 * POST /sandbox/v1/… (./user-actions.ts) makes its users send, recall and react.
 */

import type { Clock, FetchLike } from '../base/ports';
import { systemClock } from '../base/ports';
import { MESSAGE_PATH, TOKEN_PATH } from '../feishu/client';
import type { ApiFieldViolation, ApiMessage, ApiSender, GetMessageResponse } from '../feishu/types';
import { USER_ID_TYPES } from '../feishu/types';
import { errorFixtureFor, GROUP_SCOPE_MISSING, type ErrorFixture } from './fixtures/errors';
import { faultResponse, isFaultKind, NO_FAULTS, type FaultKind, type FaultSettings } from './faults';
import { SlidingWindowLimiter } from './rate-limit';
import { generatedStream, RESOURCE_PATH, sandboxResource } from './resources';
import { DOWNLOAD_FIXTURES, LARGE_CARD_ID, largeCardFixture, MESSAGE_FIXTURES, SEED_MESSAGE_ID } from './fixtures/messages';
import { CARD_VARIANTS, GALLERY_FIXTURES } from './fixtures/gallery';
import {
  GLOBEX_CHAT,
  HIDDEN_THREAD_ID,
  NOT_IN_CHAT,
  SEED_CHAT_ID,
  SEED_CHAT_INFO,
  SMALL_CHAT,
  type SandboxChat,
  type SandboxReaction,
} from './fixtures/chats';
import { isLargeChatThreadId, LARGE_CHAT, largeChatMessage } from './fixtures/large-chat';
import { HANNA, LILEI, TENANT, TOM } from './fixtures/people';
import {
  CHAT_PATH,
  CHATS_BATCH_QUERY_PATH,
  indexChat,
  LIST_PATH,
  listPage,
  pageOf,
  parseListQuery,
  parsePageSize,
  REACTIONS_PATH,
  type ChatIndex,
  type ContainerIndex,
} from './conversations';
import { senderNames, translatedUserId } from './directory';
import { isSandboxAppId, SANDBOX_APP_SECRET } from './apps';
import { SocketOpenError, type SocketOpener } from '../events/socket';
import { seededRandom } from './fixtures/large-chat';
import { createLiveHub, WS_ENDPOINT_PATH, type LiveSettings, type LiveStats, type SocketAdmission } from './live';
import { memorySocketPair } from './memory-socket';
import { createUserActions, LIVE_STATE_PATH, USER_ACTIONS_PREFIX } from './user-actions';
import { createSandboxIdentity, TOKEN_REISSUE_MARGIN_MS, type SandboxGrant, type SandboxTicket } from './identity';

export {
  SANDBOX_APP_ID,
  SANDBOX_APP_SECRET,
  SANDBOX_BOT_APP_ID,
  SANDBOX_GLOBEX_TENANT_KEY,
  SANDBOX_STORE_APP_ID,
  SANDBOX_STORE_APP_SECRET,
  SANDBOX_STORE_TENANTS,
  SANDBOX_TENANT_KEY,
} from './apps';
export type { AppTicketWebhook, SandboxTicket } from './identity';

/** The base URL the Sandbox profile uses in-process; any host works, nothing leaves the process. */
export const SANDBOX_BASE_URL = 'https://sandbox.inspector.invalid';

const TOKEN_LIFETIME_S = 7200;

export interface SandboxOptions {
  clock?: Clock;
  /** Token lifetime in seconds (tests shorten it). */
  tokenLifetimeS?: number;
  /** Extra fixtures, merged over the built-in ones. */
  messages?: ReadonlyMap<string, readonly ApiMessage[]>;
  /** Faults injected at a rate over every message call (none by default). */
  faults?: FaultSettings;
  /** Enforce the platform's 50/s and 1000/min per app with 429s (on by default). */
  rateLimits?: boolean;
  /** For the fault draw; injectable so tests are deterministic. */
  random?: () => number;
  /** The long connection's settings (client configuration, fragments, drops). */
  live?: Partial<LiveSettings>;
  /** Which of the app's connections gets each event; seeded by default, so a run can be repeated. */
  liveRandom?: () => number;
  /** Told of each app_ticket pushed to the store app, as its webhook would be (the first when the sandbox starts). */
  onTicket?: (ticket: SandboxTicket) => void;
}

export interface Sandbox {
  /** Answers as the platform would; the signal comes in `init` (as the client sends it) or on the request. */
  handle: FetchLike;
  /** Counts of requests served, by endpoint — what tests and benchmarks check. */
  readonly stats: {
    tokenRequests: number;
    messageRequests: number;
    /** Calls of the list call (GET /open-apis/im/v1/messages), which shares the message call's limits and faults. */
    listRequests: number;
    rateLimited: number;
    faultsInjected: number;
    resourceRequests: number;
    /** Bytes of resources handed out: of a generated body, only what its reader pulled. */
    resourceBytes: number;
  };
  /** Forgets every token it issued, as if they all expired. */
  revokeTokens(): void;
  /** How many tokens it holds: expired ones are forgotten, so this stays small however many are asked for. */
  readonly tokensHeld: number;
  /** Changes the injected fault rate while running. */
  setFaults(faults: FaultSettings): void;
  readonly faults: FaultSettings;
  /** Turns the 50/s and 1000/min limits on or off while running. */
  setRateLimits(enforced: boolean): void;
  readonly rateLimits: boolean;
  /**
   * Opens a long connection to this sandbox in memory, given a URL from its endpoint (POST
   * /callback/ws/endpoint): the client end, once open. Rejects with SocketOpenError as a refused
   * WebSocket upgrade would.
   */
  openSocket: SocketOpener;
  /** For a host that serves WebSockets: whether an upgrade to `url` may go ahead, and where the socket goes. */
  admitSocket(url: string): SocketAdmission;
  /** The long connection: its counts, open connections and settings. */
  readonly live: { readonly stats: LiveStats; readonly connections: number; readonly settings: LiveSettings };
  setLiveSettings(settings: Partial<LiveSettings>): void;
  /** Cuts every open long connection now (close code 1006); answers how many there were. */
  dropConnections(): number;
  /** Stops the bursts of POST /sandbox/v1/burst still running. */
  stopBursts(): void;
  /** The app_tickets pushed to the store app and not yet expired (12 hours), oldest first. */
  readonly tickets: readonly SandboxTicket[];
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = options.clock ?? systemClock;
  const lifetime = options.tokenLifetimeS ?? TOKEN_LIFETIME_S;
  const fixtures = new Map([...MESSAGE_FIXTURES, ...GALLERY_FIXTURES, ...DOWNLOAD_FIXTURES, ...(options.messages ?? [])]);
  // The seed chat lists the fixtures that name it as they were given (the 5 MB card, made on demand, is not listed).
  const seedChat: SandboxChat = {
    chatId: SEED_CHAT_ID,
    info: SEED_CHAT_INFO,
    botIsMember: true,
    userMembers: [TOM.open_id, LILEI.open_id, HANNA.open_id],
    messages: () =>
      [...new Map([...MESSAGE_FIXTURES, ...GALLERY_FIXTURES, ...DOWNLOAD_FIXTURES, ...(options.messages ?? [])]).values()].filter(
        (items) => items[0]?.chat_id === SEED_CHAT_ID,
      ),
    reactions: () => [],
  };
  const chats = new Map([seedChat, SMALL_CHAT, LARGE_CHAT, NOT_IN_CHAT, GLOBEX_CHAT].map((chat) => [chat.chatId, chat]));
  const tokens = new Map<string, { appId: string; expiresAt: number }>();
  const stats = {
    tokenRequests: 0,
    messageRequests: 0,
    listRequests: 0,
    rateLimited: 0,
    faultsInjected: 0,
    resourceRequests: 0,
    resourceBytes: 0,
  };
  const limiters = new Map<string, SlidingWindowLimiter>();
  const flakyCounts = new Map<string, number>();
  const random = options.random ?? Math.random;
  let faults = options.faults ?? NO_FAULTS;
  let rateLimits = options.rateLimits !== false;
  let sequence = 0;
  const live = createLiveHub({
    clock,
    random: options.liveRandom ?? seededRandom(0x5eed),
    faultsOn: () => faults.rate > 0,
    settings: options.live,
  });
  const actions = createUserActions({ clock, chats, itemsOf, push: (event) => live.push(event) });

  const logId = () => {
    sequence += 1;
    const stamp = new Date(clock.now()).toISOString().replace(/\D/g, '').slice(0, 14);
    return `${stamp}${sequence.toString(16).padStart(8, '0')}5a9d0c3e7b21`.toUpperCase();
  };

  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    const id = logId();
    return new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': id, ...headers },
    });
  };

  const identity = createSandboxIdentity({
    clock,
    tokenLifetimeS: lifetime,
    json: (status, body) => json(status, body),
    onTicket: options.onTicket,
  });

  const fail = (fixture: ErrorFixture, msg = fixture.msg, extra: Record<string, unknown> = {}) => {
    const id = logId();
    const error = { ...fixture.detail, ...extra, [fixture.legacyLogId ? 'logid' : 'log_id']: id };
    return new Response(JSON.stringify({ code: fixture.code, msg, error }), {
      status: fixture.httpStatus,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': id, ...fixture.headers },
    });
  };

  async function issueToken(request: Request): Promise<Response> {
    stats.tokenRequests += 1;
    let body: { app_id?: unknown; app_secret?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json(400, { code: 9499, msg: 'Bad Request: the body is not JSON' });
    }
    if (!isSandboxAppId(body.app_id)) return json(400, { code: 10003, msg: 'invalid param' });
    if (body.app_secret !== SANDBOX_APP_SECRET) return json(400, { code: 10014, msg: 'app secret invalid' });
    const now = clock.now();
    for (const [held, grant] of tokens) if (grant.expiresAt <= now) tokens.delete(held);
    // As the platform does: the same token while more than 30 minutes remain, its remaining seconds as `expire`.
    const current = [...tokens].find(([, grant]) => grant.appId === body.app_id && grant.expiresAt - now > TOKEN_REISSUE_MARGIN_MS);
    if (current) {
      const [held, grant] = current;
      return json(200, { code: 0, msg: 'ok', tenant_access_token: held, expire: Math.floor((grant.expiresAt - now) / 1000) });
    }
    const token = `t-sandbox-${crypto.randomUUID().replace(/-/g, '')}`;
    tokens.set(token, { appId: body.app_id, expiresAt: now + lifetime * 1000 });
    return json(200, { code: 0, msg: 'ok', tenant_access_token: token, expire: lifetime });
  }

  /** Which fault, if any, this call meets: by its message or chat ID first, then by the configured rate. */
  function faultFor(id: string): FaultKind | undefined {
    const byId = /^o[mc]_(fault|flaky)_([a-z0-9]+)$/.exec(id);
    if (byId && isFaultKind(byId[2]!)) {
      if (byId[1] === 'fault') return byId[2];
      const count = (flakyCounts.get(id) ?? 0) + 1;
      flakyCounts.set(id, count);
      return count % 2 === 1 ? byId[2] : undefined;
    }
    if (faults.rate > 0 && faults.kinds.length > 0 && random() < faults.rate) {
      return faults.kinds[Math.floor(random() * faults.kinds.length)] ?? faults.kinds[0];
    }
    return undefined;
  }

  /**
   * The token check every message endpoint shares: a failure response, or whom the token speaks
   * for (a custom app's or a store app's tenant token, or a user token of an app).
   */
  function authorise(request: Request): Response | SandboxGrant {
    const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer) {
      return json(400, { code: 99991661, msg: 'Missing access token for authorization. Please make a request with token attached.' });
    }
    const grant = tokens.get(bearer);
    if (grant !== undefined && grant.expiresAt > clock.now()) return { appId: grant.appId, tenantKey: TENANT };
    tokens.delete(bearer);
    const issued = identity.grantOf(bearer);
    if (issued === 'expired') return fail(errorFixtureFor(99991677)!);
    if (issued === 'invalid') return fail(errorFixtureFor(99991668)!);
    if (issued) return issued;
    return json(400, { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
  }

  /** Whether a token's holder sees a chat: a bot the chats of its tenant it is in, a user the chats they are in. */
  function sees(grant: SandboxGrant, chat: SandboxChat | undefined): boolean {
    if ((chat?.tenantKey ?? TENANT) !== grant.tenantKey) return false;
    if (!chat) return true;
    return grant.user ? chat.userMembers.includes(grant.user.open_id) : chat.botIsMember;
  }

  const chatOf = (items: readonly ApiMessage[]) => {
    const chatId = items[0]?.chat_id;
    return chatId === undefined ? undefined : chats.get(chatId);
  };

  /**
   * What the message call and the list call share before they look at their query: the token,
   * the app's 50/s and 1000/min, and the faults (by `faultKey`, the message or chat ID, or by rate).
   */
  async function admit(request: Request, faultKey: string, signal: AbortSignal): Promise<Response | SandboxGrant> {
    const grant = authorise(request);
    if (grant instanceof Response) return grant;
    if (rateLimits) {
      let limiter = limiters.get(grant.appId);
      if (!limiter) limiters.set(grant.appId, (limiter = new SlidingWindowLimiter()));
      const verdict = limiter.tryAcquire(clock.now());
      if (!verdict.ok) {
        stats.rateLimited += 1;
        return json(
          429,
          { code: 99991400, msg: 'request trigger frequency limit' },
          { 'x-ogw-ratelimit-limit': String(verdict.limit), 'x-ogw-ratelimit-reset': String(Math.ceil(verdict.retryAfterMs / 1000)) },
        );
      }
    }
    const fault = faultFor(faultKey);
    if (fault) {
      stats.faultsInjected += 1;
      const id = logId();
      return faultResponse(fault, id, request, signal);
    }
    return grant;
  }

  /** A chat's index, made the first time the chat is listed (the large group is generated then). */
  const indexes = new Map<SandboxChat, ChatIndex>();
  /** Chats that messages were sent into, indexed again after each change. */
  const sentIndexes = new Map<SandboxChat, { changes: number; index: ChatIndex }>();
  function indexOf(chat: SandboxChat): ChatIndex {
    const sent = actions.sentIn(chat.chatId);
    if (sent.length > 0) {
      const held = sentIndexes.get(chat);
      if (held?.changes === actions.changes) return held.index;
      const index = indexChat([...chat.messages(), ...sent.map((item) => [item])]);
      sentIndexes.set(chat, { changes: actions.changes, index });
      return index;
    }
    let index = indexes.get(chat) ?? STATIC_INDEXES.get(chat);
    if (!index) {
      index = indexChat(chat.messages());
      (chat === seedChat ? indexes : STATIC_INDEXES).set(chat, index);
    }
    return index;
  }

  /** What GET message answers for an ID: a fixture, or a message of one of the chats. */
  function itemsOf(messageId: string): readonly ApiMessage[] | undefined {
    const sent = actions.sentMessage(messageId);
    if (sent) return sent;
    const fixture = fixtures.get(messageId);
    if (fixture) return fixture;
    for (const chat of [SMALL_CHAT, NOT_IN_CHAT, GLOBEX_CHAT]) {
      const found = indexOf(chat).byId.get(messageId);
      if (found) return found;
    }
    const large = largeChatMessage(messageId);
    return large ? [large] : undefined;
  }

  function getResource(request: Request, messageId: string, fileKey: string, signal: AbortSignal): Response {
    stats.resourceRequests += 1;
    const auth = authorise(request);
    if (auth instanceof Response) return auth;
    const items = itemsOf(messageId);
    if (!items) {
      const isSubMessage = [...fixtures.values(), ...indexOf(SMALL_CHAT).byId.values()].some((list) =>
        list.slice(1).some((item) => item.message_id === messageId),
      );
      const fixture = errorFixtureFor(isSubMessage ? 234003 : 230001)!;
      return fail(fixture, isSubMessage ? 'File not in msg.' : `invalid message_id: ${messageId}`);
    }
    if (!sees(auth, chatOf(items))) return fail(errorFixtureFor(230002)!);
    const answer = sandboxResource(items, fileKey, new URL(request.url).searchParams.get('type'));
    if (!answer.ok) return fail(errorFixtureFor(answer.code)!, answer.msg);
    let body: BodyInit;
    if (answer.body instanceof Uint8Array) {
      body = answer.body.slice().buffer;
      stats.resourceBytes += answer.body.length;
    } else {
      body = generatedStream(answer.body, { clock, signal, onBytes: (bytes) => (stats.resourceBytes += bytes) });
    }
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': answer.contentType,
        'x-tt-logid': logId(),
        ...(answer.fileName ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(answer.fileName)}` } : {}),
      },
    });
  }

  /** `user_id_type` as the message endpoints read it, or their 230001 for an unknown one. */
  function userIdTypeOf(url: URL): string | Response {
    const userIdType = url.searchParams.get('user_id_type') ?? 'open_id';
    if ((USER_ID_TYPES as readonly string[]).includes(userIdType)) return userIdType;
    return fail(errorFixtureFor(230001)!, `invalid user_id_type: ${userIdType}`, {
      field_violations: [{ field: 'user_id_type', value: userIdType, description: 'must be one of open_id, union_id, user_id' }],
    });
  }

  const invalidField = (violation: ApiFieldViolation) => fail(errorFixtureFor(99992402)!, undefined, { field_violations: [violation] });

  /** `user_id_type` as the chats endpoints read it: an unknown one fails their field validation. */
  function chatUserIdTypeOf(url: URL): string | Response {
    const userIdType = url.searchParams.get('user_id_type') ?? 'open_id';
    if ((USER_ID_TYPES as readonly string[]).includes(userIdType)) return userIdType;
    return invalidField({
      field: 'user_id_type',
      value: userIdType,
      description: 'user_id_type is optional, options: [open_id,union_id,user_id]',
    });
  }

  const noSuchMessage = (messageId: string) =>
    fail(errorFixtureFor(230001)!, `Your request contains an invalid request parameter, ext=invalid message_id: ${messageId}`, {
      field_violations: [{ field: 'message_id', value: messageId, description: 'no such message' }],
    });

  async function getMessage(request: Request, messageId: string, signal: AbortSignal): Promise<Response> {
    stats.messageRequests += 1;
    const grant = await admit(request, messageId, signal);
    if (grant instanceof Response) return grant;

    const url = new URL(request.url);
    const userIdType = userIdTypeOf(url);
    if (userIdType instanceof Response) return userIdType;

    const errorCode = /^om_error_(\d+)$/.exec(messageId)?.[1];
    if (errorCode !== undefined) {
      const fixture = errorFixtureFor(Number(errorCode));
      if (fixture) return fail(fixture);
    }

    if (messageId === LARGE_CARD_ID && !fixtures.has(messageId)) fixtures.set(messageId, largeCardFixture());
    // A flaky ID, once it gets through, answers as the seed example under its own ID.
    const items =
      itemsOf(messageId) ??
      (messageId.startsWith('om_flaky_') ? fixtures.get(SEED_MESSAGE_ID)?.map((item) => ({ ...item, message_id: messageId })) : undefined);
    if (!items) return noSuchMessage(messageId);
    if (!sees(grant, chatOf(items))) return fail(errorFixtureFor(230002)!);
    const present = presenter(url, userIdType);
    const body: GetMessageResponse = { code: 0, msg: 'success', data: { items: items.map(present) } };
    return json(200, body);
  }

  /** The chat or thread a list call names, or the platform's refusal. */
  function containerOf(grant: SandboxGrant, type: 'chat' | 'thread', id: string, rootsOnly: boolean): ContainerIndex | Response {
    const errorCode = /^oc_error_(\d+)$/.exec(id)?.[1];
    if (type === 'chat' && errorCode !== undefined) {
      const fixture = Number(errorCode) === 99991672 ? GROUP_SCOPE_MISSING : errorFixtureFor(Number(errorCode));
      if (fixture) return fail(fixture);
    }
    if (type === 'thread') {
      if (id === HIDDEN_THREAD_ID) return fail(errorFixtureFor(230073)!);
      const candidates = isLargeChatThreadId(id) ? [LARGE_CHAT] : [seedChat, SMALL_CHAT];
      for (const chat of candidates) {
        const thread = indexOf(chat).threads.get(id);
        if (thread) return sees(grant, chat) ? thread : fail(errorFixtureFor(230073)!);
      }
    } else {
      // A flaky chat, once it gets through, lists as the small group.
      const chat = chats.get(id) ?? (/^oc_flaky_/.test(id) ? SMALL_CHAT : undefined);
      if (chat && !sees(grant, chat)) return fail(errorFixtureFor(230002)!);
      if (chat) return rootsOnly ? indexOf(chat).threadRoots : indexOf(chat).chat;
    }
    return fail(errorFixtureFor(230001)!, `Your request contains an invalid request parameter, ext=invalid container_id: ${id}`, {
      field_violations: [{ field: 'container_id', value: id, description: `no such ${type}` }],
    });
  }

  async function listMessages(request: Request, signal: AbortSignal): Promise<Response> {
    stats.listRequests += 1;
    const url = new URL(request.url);
    const grant = await admit(request, url.searchParams.get('container_id') ?? '', signal);
    if (grant instanceof Response) return grant;
    const query = parseListQuery(url.searchParams);
    if (!('containerType' in query)) return invalidField(query);
    const userIdType = userIdTypeOf(url);
    if (userIdType instanceof Response) return userIdType;
    const container = containerOf(grant, query.containerType, query.containerId, query.rootsOnly);
    if (container instanceof Response) return container;
    const page = listPage(container, query);
    if (!page.ok) return badPageToken(query.pageToken);
    const present = presenter(url, userIdType);
    const rename = /^oc_flaky_/.test(query.containerId) ? (item: ApiMessage) => ({ ...item, chat_id: query.containerId }) : undefined;
    const items = page.items.map((item) => present(rename ? rename(item) : item));
    return json(200, {
      code: 0,
      msg: 'success',
      data: { has_more: page.hasMore, ...(page.pageToken ? { page_token: page.pageToken } : {}), items },
    });
  }

  const badPageToken = (token: string | undefined) =>
    fail(errorFixtureFor(230001)!, 'Your request contains an invalid request parameter, ext=invalid page_token', {
      field_violations: [{ field: 'page_token', value: token ?? '', description: 'the page_token does not belong to this query' }],
    });

  function getChat(request: Request, chatId: string): Response {
    const grant = authorise(request);
    if (grant instanceof Response) return grant;
    const userIdType = chatUserIdTypeOf(new URL(request.url));
    if (userIdType instanceof Response) return userIdType;
    const chat = chats.get(chatId);
    if (!chat) return fail(errorFixtureFor(232006)!);
    return json(200, { code: 0, msg: 'success', data: chatData(chat, userIdType, sees(grant, chat)) });
  }

  async function batchQueryChats(request: Request): Promise<Response> {
    const grant = authorise(request);
    if (grant instanceof Response) return grant;
    const userIdType = chatUserIdTypeOf(new URL(request.url));
    if (userIdType instanceof Response) return userIdType;
    const body = (await request.json().catch(() => undefined)) as { chat_ids?: unknown } | undefined;
    const ids = body?.chat_ids;
    if (!Array.isArray(ids) || ids.length === 0 || ids.length > 50 || !ids.every((id) => typeof id === 'string')) {
      return invalidField({ field: 'chat_ids', value: JSON.stringify(ids ?? null), description: 'chat_ids is required, 1 to 50 chat IDs' });
    }
    // Chats the sandbox does not know are left out, as the platform leaves out chats the caller cannot see.
    const items = [...new Set(ids as string[])].flatMap((id) => {
      const chat = chats.get(id);
      return chat ? [{ chat_id: id, ...chatData(chat, userIdType, sees(grant, chat)) }] : [];
    });
    return json(200, { code: 0, msg: 'success', data: { items } });
  }

  function listReactions(request: Request, messageId: string): Response {
    const grant = authorise(request);
    if (grant instanceof Response) return grant;
    const url = new URL(request.url);
    const userIdType = userIdTypeOf(url);
    if (userIdType instanceof Response) return userIdType;
    const pageSize = parsePageSize(url.searchParams.get('page_size'));
    if (typeof pageSize === 'object') return invalidField(pageSize);
    const item = itemsOf(messageId)?.[0];
    if (!item) return noSuchMessage(messageId);
    if (item.deleted) return fail(errorFixtureFor(230110)!);
    const chat = item.chat_id === undefined ? undefined : chats.get(item.chat_id);
    if (!sees(grant, chat)) return fail(errorFixtureFor(230002)!);
    const emoji = url.searchParams.get('reaction_type') ?? '';
    const all = [...(chat?.reactions(messageId) ?? []), ...actions.addedReactions(messageId)];
    const chosen = emoji ? all.filter((reaction) => reaction.reaction_type.emoji_type === emoji) : all;
    const token = url.searchParams.get('page_token') || undefined;
    const page = pageOf(chosen.length, (i) => withOperatorId(chosen[i]!, userIdType), pageSize, `reactions|${messageId}|${emoji}`, token);
    if (!page.ok) return badPageToken(token);
    return json(200, { code: 0, msg: 'success', data: { items: page.items, has_more: page.hasMore, page_token: page.pageToken ?? '' } });
  }

  /** POST /sandbox/v1/…: what a user does, answered as the platform answers a call (errors in its envelope). */
  async function userAction(request: Request, url: URL): Promise<Response> {
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return invalidField({ field: 'body', value: '', description: 'the body must be JSON, e.g. {"text": "hello"}' });
    }
    const result = actions.run(url.pathname.slice(USER_ACTIONS_PREFIX.length), body);
    if (result.ok) return json(200, result.body);
    if (result.code === 404) return json(404, { code: 404, msg: result.msg });
    return fail(errorFixtureFor(result.code)!, result.msg, result.violation ? { field_violations: [result.violation] } : {});
  }

  return {
    stats,
    revokeTokens: () => {
      tokens.clear();
      identity.revokeTokens();
    },
    get tokensHeld() {
      return tokens.size + identity.tokensHeld;
    },
    get tickets() {
      return identity.tickets;
    },
    setFaults: (next) => {
      faults = { rate: Math.min(1, Math.max(0, next.rate)), kinds: [...next.kinds] };
      live.faultsChanged();
    },
    get faults() {
      return faults;
    },
    setRateLimits: (enforced) => {
      rateLimits = enforced;
      if (!enforced) limiters.clear();
    },
    get rateLimits() {
      return rateLimits;
    },
    async openSocket(url, openOptions) {
      if (openOptions?.signal?.aborted) throw new SocketOpenError('the connection was cancelled before it opened');
      const admission = live.admitSocket(url);
      if (!admission.ok) {
        const said = Object.entries(admission.headers).map(([name, value]) => `${name}: ${value}`);
        throw new SocketOpenError(
          `the sandbox refused the WebSocket upgrade: HTTP ${admission.status} (${said.join(', ')})`,
          admission.status,
          // As the ws opener gives them: names in lower case, so the client explains the refusal the same way.
          Object.fromEntries(Object.entries(admission.headers).map(([name, value]) => [name.toLowerCase(), value])),
        );
      }
      const pair = memorySocketPair();
      admission.attach(pair.server);
      return pair.client;
    },
    admitSocket: (url) => live.admitSocket(url),
    live: {
      stats: live.stats,
      get connections() {
        return live.connections;
      },
      get settings() {
        return live.settings;
      },
    },
    setLiveSettings: (settings) => live.setSettings(settings),
    dropConnections: () => live.dropAll(),
    stopBursts: () => actions.stopBursts(),
    async handle(request, init) {
      const signal = init?.signal ?? request.signal;
      const url = new URL(request.url);
      if (url.pathname === TOKEN_PATH && request.method === 'POST') return issueToken(request);
      const identityAnswer = identity.handle(request, url);
      if (identityAnswer) return identityAnswer;
      if (url.pathname === WS_ENDPOINT_PATH && request.method === 'POST') return live.endpoint(request);
      if (url.pathname === LIVE_STATE_PATH && request.method === 'GET') {
        return json(200, { connections: live.connections, stats: live.stats, settings: live.settings });
      }
      if (url.pathname.startsWith(USER_ACTIONS_PREFIX) && request.method === 'POST') return userAction(request, url);
      const resource = RESOURCE_PATH.exec(url.pathname);
      if (resource && request.method === 'GET')
        return getResource(request, decodeURIComponent(resource[1]!), decodeURIComponent(resource[2]!), signal);
      if (url.pathname.startsWith(MESSAGE_PATH) && request.method === 'GET') {
        const rest = decodeURIComponent(url.pathname.slice(MESSAGE_PATH.length));
        if (rest && !rest.includes('/')) return getMessage(request, rest, signal);
      }
      if (url.pathname === LIST_PATH && request.method === 'GET') return listMessages(request, signal);
      const reactions = REACTIONS_PATH.exec(url.pathname);
      if (reactions && request.method === 'GET') return listReactions(request, decodeURIComponent(reactions[1]!));
      if (url.pathname === CHATS_BATCH_QUERY_PATH && request.method === 'POST') return batchQueryChats(request);
      const chat = CHAT_PATH.exec(url.pathname);
      if (chat && request.method === 'GET') return getChat(request, decodeURIComponent(chat[1]!));
      return json(404, { code: 404, msg: `the sandbox does not serve ${request.method} ${url.pathname}` });
    },
  };
}

/** Chats whose messages never change are indexed once per process, whichever sandbox lists them first. */
const STATIC_INDEXES = new Map<SandboxChat, ChatIndex>();

/**
 * How an item goes out for this query: with its sender's names for `with_sender_name=true`
 * (looked up by open_id, before IDs are translated), its user IDs for `user_id_type`, its card
 * for `card_msg_content_type`.
 */
function presenter(url: URL, userIdType: string): (item: ApiMessage) => ApiMessage {
  const names = url.searchParams.get('with_sender_name') === 'true';
  const cardType = url.searchParams.get('card_msg_content_type');
  return (item) => withCardContent(withUserIdType(names ? withSenderNames(item) : item, userIdType), cardType);
}

function withSenderNames(item: ApiMessage): ApiMessage {
  const names = senderNames(item.sender);
  if (!names) return item;
  // Object.assign, not `{ ...item.sender, ...names }`: Node 20's V8 gives every object that starts
  // as a spread copy and then gains a key a Map of its own, made in the old generation; for each
  // item of each page that is garbage only a major collection takes.
  const sender: ApiSender & typeof names = Object.assign({}, item.sender, names);
  return { ...item, sender };
}

function withOperatorId(reaction: SandboxReaction, userIdType: string): SandboxReaction {
  if (reaction.operator.operator_type !== 'user') return reaction;
  return { ...reaction, operator: { ...reaction.operator, operator_id: translatedUserId(reaction.operator.operator_id, userIdType)! } };
}

const avatarOf = (chatId: string) => `https://sandbox.inspector.invalid/avatar/${chatId}.png`;

/** GET /chats/:chat_id's data: everything for a chat the caller is in, the public fields only for one it is not in. */
function chatData(chat: SandboxChat, userIdType: string, member: boolean): Record<string, unknown> {
  const { info } = chat;
  const counts = { user_count: String(info.user_count), bot_count: String(info.bot_count), chat_status: 'normal' };
  if (!member) return { avatar: avatarOf(chat.chatId), name: info.name, ...counts };
  return {
    avatar: avatarOf(chat.chatId),
    name: info.name,
    description: info.description,
    i18n_names: info.i18n_names,
    add_member_permission: 'all_members',
    share_card_permission: 'allowed',
    at_all_permission: 'all_members',
    edit_permission: 'all_members',
    owner_id_type: userIdType,
    owner_id: translatedUserId(info.owner_open_id, userIdType),
    user_manager_id_list: [],
    bot_manager_id_list: [],
    group_message_type: 'chat',
    chat_mode: 'group',
    chat_type: 'private',
    chat_tag: 'inner',
    join_message_visibility: 'all_members',
    leave_message_visibility: 'all_members',
    membership_approval: 'no_approval_required',
    moderation_permission: 'all_members',
    external: info.external,
    tenant_key: chat.tenantKey ?? TENANT,
    restricted_mode_setting: {
      status: false,
      screenshot_has_permission_setting: 'all_members',
      download_has_permission_setting: 'all_members',
      message_has_permission_setting: 'all_members',
    },
    urgent_setting: 'all_members',
    video_conference_setting: 'all_members',
    hide_member_count_setting: 'all_members',
    ...counts,
  };
}

/** `card_msg_content_type` swaps a card's simplified content for the sender's card or the full one. */
function withCardContent(item: ApiMessage, cardType: string | null): ApiMessage {
  if (item.msg_type !== 'interactive' || (cardType !== 'user_card_content' && cardType !== 'raw_card_content')) return item;
  const variant = item.message_id ? CARD_VARIANTS.get(item.message_id) : undefined;
  return variant ? { ...item, body: { content: variant[cardType] } } : item;
}

/** Translates user IDs the way the platform does for `user_id_type`. */
function withUserIdType(item: ApiMessage, userIdType: string): ApiMessage {
  if (userIdType === 'open_id') return item;
  const translate = (id: string | undefined) => translatedUserId(id, userIdType);
  return {
    ...item,
    sender:
      item.sender && item.sender.id_type === 'open_id'
        ? { ...item.sender, id: translate(item.sender.id), id_type: userIdType }
        : item.sender,
    mentions: item.mentions?.map((m) =>
      typeof m.id === 'string' && m.id_type === 'open_id' ? { ...m, id: translate(m.id), id_type: userIdType } : m,
    ),
  };
}
