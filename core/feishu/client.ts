/**
 * The Feishu / Lark HTTP client: tenant token, the get-message call (and the resource and chat
 * calls on the same path), retries, and a redacted record of every exchange. It runs over an
 * injected fetch, so the same code talks to the platform, to the in-process sandbox, and to test
 * doubles.
 */

import { onAbort, untilAborted } from '../base/abort';
import type { Clock, FetchLike } from '../base/ports';
import { cutBody, redactHeaders, redactText, type Exchange } from './exchange';
import type { ApiErrorDetail, ApiMessage, FailureStage, FeishuFailure, GetChatResponse, GetMessageResponse, UserIdType } from './types';
import {
  credentialFailure,
  internalTenantTokens,
  isFresh,
  sessionFromTokenAnswer,
  type IssuedToken,
  type TokenPost,
  type TokenSource,
  type UserSession,
} from './credentials';
import { APP_TICKET_RESEND_PATH, OAUTH_TOKEN_PATH, USER_INFO_PATH } from './identity';

export { TOKEN_PATH } from './identity';
export const MESSAGE_PATH = '/open-apis/im/v1/messages/';
export const CHAT_PATH = '/open-apis/im/v1/chats/';

/**
 * Codes after which the cached token is dropped, a new one fetched once and the call replayed once
 * (99991668 and 99991677: a user token invalid or expired).
 */
export const TOKEN_RETRY_CODES: ReadonlySet<number> = new Set([99991661, 99991663, 99991668, 99991677]);
export const RATE_LIMIT_CODE = 99991400;

export type CardContentType = 'user_card_content' | 'raw_card_content';

/** What every call to the message endpoints takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides for this call (batches are more patient than a single lookup). */
  retry?: Partial<Pick<RetryPolicy, 'rateLimitRetries' | 'transientRetries'>>;
}

export interface GetMessageOptions extends CallOptions {
  userIdType?: UserIdType;
  cardContentType?: CardContentType;
}

/** One page of the list call: a chat's or a thread's messages (`GET /open-apis/im/v1/messages`). */
export interface ListMessagesQuery {
  containerIdType: 'chat' | 'thread';
  /** `oc_…` for a chat, `omt_…` for a thread. */
  containerId: string;
  /** Seconds, inclusive (the platform ignores them for threads). */
  startTime?: number;
  endTime?: number;
  sortType?: 'ByCreateTimeAsc' | 'ByCreateTimeDesc';
  /** 1–50 (the platform's default is 20). */
  pageSize?: number;
  pageToken?: string;
  onlyThreadRootMessages?: boolean;
}

/** The list call names senders by open_id: it takes no user_id_type (see FEISHU.md). */
export interface ListMessagesOptions extends CallOptions {
  cardContentType?: CardContentType;
}

export interface MessagePage {
  items: ApiMessage[];
  hasMore: boolean;
  /** The token of the next page, when `hasMore`. */
  pageToken?: string;
}

/** One reaction as the reactions endpoint gives it (fields may be missing in what arrives). */
export interface ApiReaction {
  reaction_id?: string;
  operator?: { operator_id?: string; operator_type?: string };
  action_time?: string;
  reaction_type?: { emoji_type?: string };
}

export interface ReactionPage {
  items: ApiReaction[];
  hasMore: boolean;
  pageToken?: string;
}

/** The platform serves resources of up to 100 MB: a download never takes more unless asked to. */
export const PLATFORM_MAX_RESOURCE_BYTES = 100 * 1024 * 1024;

export interface GetResourceOptions extends CallOptions {
  /** The most bytes the caller takes (default PLATFORM_MAX_RESOURCE_BYTES); a larger body fails as `too_large`. */
  maxBytes?: number;
}

export interface DownloadedResource {
  bytes: Uint8Array;
  contentType: string;
  /** From Content-Disposition, when the platform names the file. */
  fileName?: string;
}

export interface RetryPolicy {
  /** Retries after 429 / 99991400. */
  rateLimitRetries: number;
  /** Retries after 5xx, timeouts and network errors. */
  transientRetries: number;
  /** First backoff; doubles each time, with jitter. */
  baseDelayMs: number;
  /** The longest single wait, whatever the server asks for. */
  maxDelayMs: number;
  /**
   * A request that takes longer is abandoned as a timeout. For a download it bounds silence:
   * the wait for the answer, then for each piece of the body (see `send`).
   */
  timeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  rateLimitRetries: 3,
  transientRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 60_000,
  timeoutMs: 20_000,
};

export interface FeishuClientOptions {
  /** `https://open.feishu.cn`, `https://open.larksuite.com`, or a sandbox base URL. */
  baseUrl: string;
  appId: string;
  /** A custom app's secret: its tenant token is what the client uses unless `tokens` says otherwise. */
  appSecret: string;
  /** Where the access token comes from when it is not a custom app's tenant token (./credentials.ts). */
  tokens?: TokenSource;
  fetch: FetchLike;
  clock: Clock;
  retry?: Partial<RetryPolicy>;
  /** For jitter; injectable so tests are deterministic. */
  random?: () => number;
  /** Told before the client waits out a 429, so a shared limiter can hold every other call too. */
  onRateLimited?: (waitMs: number) => void;
  /**
   * Runs each request to the message endpoints (every attempt, retries included) when the app's
   * rate limiter allows: the platform counts every request, so a retry needs a slot too.
   */
  pace?: <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T>;
}

export interface TokenInfo {
  expiresAt: number;
  obtainedAt: number;
}

export type CallResult<T> = { ok: true; value: T; exchanges: Exchange[] } | { ok: false; failure: FeishuFailure; exchanges: Exchange[] };

/** What send() puts on the wire; made into one Request there, with the attempt's signal. */
interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string;
}

type CachedToken = IssuedToken;

type TokenOutcome = { ok: true; token: CachedToken } | { ok: false; failure: FeishuFailure };

/** How send() reads a download's body: counted as it arrives, and given up past `maxBytes`. */
interface Download {
  maxBytes: number;
}

interface RawOutcome {
  exchange: Exchange;
  /** Parsed JSON body, when it was JSON. */
  json?: unknown;
  /** A download's body, when it came whole and is the resource (not an error answer). */
  resource?: DownloadedResource;
  failure?: FeishuFailure;
  retryAfterMs?: number;
}

export class FeishuClient {
  private readonly opts: FeishuClientOptions;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private cached: CachedToken | undefined;
  /** The token request in flight, shared by every call that starts while the cache is cold. */
  private inflight: Promise<{ outcome: TokenOutcome; exchanges: Exchange[] }> | undefined;
  /** Every token ever issued to this client, so that none can slip into a record. */
  private readonly knownTokens = new Set<string>();
  private secretList: readonly string[] | undefined;
  /** The source's own secrets when secretList was made: a new array means one was added. */
  private sourceSecrets: readonly string[] | undefined;
  private knownCount = 0;
  private readonly tokens: TokenSource;

  constructor(opts: FeishuClientOptions) {
    this.opts = { ...opts, baseUrl: opts.baseUrl.replace(/\/+$/, '') };
    this.policy = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.random = opts.random ?? Math.random;
    this.tokens = opts.tokens ?? internalTenantTokens(opts.appId, opts.appSecret);
    const initial = this.tokens.initial?.();
    if (initial) {
      this.cached = initial;
      this.knownTokens.add(initial.token);
    }
  }

  /** Whom this client's calls speak for: the app's bot, or a signed-in user. */
  get identity(): TokenSource['identity'] {
    return this.tokens.identity;
  }

  /** Fetches a token now (ignoring the cache): what "Test connection" does. */
  async testConnection(signal?: AbortSignal): Promise<CallResult<TokenInfo>> {
    if (this.tokens.obtain) this.cached = undefined;
    const { outcome, exchanges } = await this.tokenFlight(signal);
    if (!outcome.ok) return { ok: false, failure: outcome.failure, exchanges };
    return { ok: true, value: { expiresAt: outcome.token.expiresAt, obtainedAt: outcome.token.obtainedAt }, exchanges };
  }

  /**
   * Always asks for the sender's name (`with_sender_name=true`): the platform then names user and
   * bot senders, those of a forward's sub-messages included, with no contact call.
   */
  async getMessage(messageId: string, options: GetMessageOptions = {}): Promise<CallResult<GetMessageResponse>> {
    const query = [
      'with_sender_name=true',
      ...(options.userIdType ? [`user_id_type=${encodeURIComponent(options.userIdType)}`] : []),
      ...(options.cardContentType ? [`card_msg_content_type=${encodeURIComponent(options.cardContentType)}`] : []),
    ].join('&');
    const url = `${this.opts.baseUrl}${MESSAGE_PATH}${encodeURIComponent(messageId)}?${query}`;
    const result = await this.call(url, options);
    return result.ok ? { ok: true, value: result.raw.json as GetMessageResponse, exchanges: result.exchanges } : result;
  }

  /**
   * One page of a chat's or a thread's messages, on the same path as a lookup (the limiter's pace,
   * the token and its replay, retries, recorded and redacted exchanges).
   */
  async listMessages(query: ListMessagesQuery, options: ListMessagesOptions = {}): Promise<CallResult<MessagePage>> {
    const params = new URLSearchParams({ container_id_type: query.containerIdType, container_id: query.containerId });
    if (query.startTime !== undefined) params.set('start_time', String(query.startTime));
    if (query.endTime !== undefined) params.set('end_time', String(query.endTime));
    if (query.sortType) params.set('sort_type', query.sortType);
    if (query.pageSize !== undefined) params.set('page_size', String(query.pageSize));
    if (query.pageToken) params.set('page_token', query.pageToken);
    if (query.onlyThreadRootMessages) params.set('only_thread_root_messages', 'true');
    if (options.cardContentType) params.set('card_msg_content_type', options.cardContentType);
    params.set('with_sender_name', 'true');
    const url = `${this.opts.baseUrl}${MESSAGE_PATH.slice(0, -1)}?${params.toString()}`;
    const result = await this.call(url, options);
    if (!result.ok) return result;
    const data = (result.raw.json as { data?: { items?: unknown; has_more?: unknown; page_token?: unknown } }).data ?? {};
    const items = Array.isArray(data.items) ? (data.items as ApiMessage[]) : [];
    const hasMore = data.has_more === true;
    const pageToken = typeof data.page_token === 'string' && data.page_token !== '' ? data.page_token : undefined;
    return { ok: true, value: { items, hasMore, ...(pageToken ? { pageToken } : {}) }, exchanges: result.exchanges };
  }

  /**
   * One page of the reactions on a message (GET …/messages/:message_id/reactions), operators as
   * open_ids, on the same path as a lookup.
   */
  async listReactions(messageId: string, options: CallOptions & { pageToken?: string } = {}): Promise<CallResult<ReactionPage>> {
    const params = new URLSearchParams({ page_size: '50', user_id_type: 'open_id' });
    if (options.pageToken) params.set('page_token', options.pageToken);
    const url = `${this.opts.baseUrl}${MESSAGE_PATH}${encodeURIComponent(messageId)}/reactions?${params.toString()}`;
    const result = await this.call(url, options);
    if (!result.ok) return result;
    const data = (result.raw.json as { data?: { items?: unknown; has_more?: unknown; page_token?: unknown } }).data ?? {};
    const items = Array.isArray(data.items) ? (data.items as ApiReaction[]) : [];
    const pageToken = typeof data.page_token === 'string' && data.page_token !== '' ? data.page_token : undefined;
    return {
      ok: true,
      value: { items, hasMore: data.has_more === true, ...(pageToken ? { pageToken } : {}) },
      exchanges: result.exchanges,
    };
  }

  /**
   * A chat (its name, in its languages) through GET /open-apis/im/v1/chats/:chat_id, on the same
   * path as a lookup: the limiter's pace, the token and its replay, retries, the record. The bot
   * must be in the chat.
   */
  async getChat(chatId: string, options: CallOptions = {}): Promise<CallResult<GetChatResponse>> {
    const result = await this.call(`${this.opts.baseUrl}${CHAT_PATH}${encodeURIComponent(chatId)}`, options);
    return result.ok ? { ok: true, value: result.raw.json as GetChatResponse, exchanges: result.exchanges } : result;
  }

  /**
   * Downloads an image or file of a message (GET …/resources/:file_key?type=) on the same path as
   * a lookup: the limiter's pace, the token and its replay, retries, the timeout (of silence: see
   * `send`) and the caller's signal. The body is counted as it arrives and given up past
   * `maxBytes`, or refused unread when its Content-Length says so. Error answers come as JSON and
   * are parsed as a lookup's are; the record of a binary body is its size, not its bytes.
   */
  async getResource(
    messageId: string,
    fileKey: string,
    type: 'image' | 'file',
    options: GetResourceOptions = {},
  ): Promise<CallResult<DownloadedResource>> {
    const url = `${this.opts.baseUrl}${MESSAGE_PATH}${encodeURIComponent(messageId)}/resources/${encodeURIComponent(fileKey)}?type=${type}`;
    const result = await this.call(url, options, { maxBytes: options.maxBytes ?? PLATFORM_MAX_RESOURCE_BYTES });
    return result.ok ? { ok: true, value: result.raw.resource!, exchanges: result.exchanges } : result;
  }

  /**
   * One call to the message endpoints with everything around it: a token (replayed once with a
   * new one when rejected), each attempt paced by the limiter, 429s waited out, 5xx, timeouts
   * and network errors retried with backoff. Every attempt is recorded.
   */
  private async call(
    url: string,
    options: CallOptions,
    download?: Download,
  ): Promise<{ ok: true; raw: RawOutcome; exchanges: Exchange[] } | { ok: false; failure: FeishuFailure; exchanges: Exchange[] }> {
    const exchanges: Exchange[] = [];
    let attempt = 0;
    let tokenReplayed = false;
    let rateLimitRetries = 0;
    let transientRetries = 0;
    const policy = options.retry ? { ...this.policy, ...options.retry } : this.policy;

    for (;;) {
      // A cached token is used without an await: most lookups have one.
      const token = this.isFresh(this.cached)
        ? { ok: true as const, token: this.cached }
        : await this.validToken(exchanges, options.signal);
      if (!token.ok) return { ok: false, failure: this.withIdentity(token.failure), exchanges };
      attempt += 1;
      const authorization = `Bearer ${token.token.token}`;
      const request: OutgoingRequest = {
        method: 'GET',
        url,
        headers: download
          ? { Authorization: authorization }
          : { Authorization: authorization, 'Content-Type': 'application/json; charset=utf-8' },
      };
      const send = () => this.send(request, 'message', attempt, options.signal, download);
      const raw = this.opts.pace ? await this.opts.pace(send, options.signal) : await send();
      exchanges.push(raw.exchange);
      if (!raw.failure) return { ok: true, raw, exchanges };
      const failure = this.withIdentity(raw.failure);

      if (failure.code !== undefined && TOKEN_RETRY_CODES.has(failure.code) && !tokenReplayed && this.tokens.obtain) {
        tokenReplayed = true;
        this.dropToken(token.token);
        raw.exchange.note = 'token rejected: dropped, fetching a new one and replaying once';
        continue;
      }
      const rateLimited = failure.httpStatus === 429 || failure.code === RATE_LIMIT_CODE;
      if (rateLimited && rateLimitRetries < policy.rateLimitRetries) {
        rateLimitRetries += 1;
        const wait = raw.retryAfterMs ?? this.backoff(rateLimitRetries);
        raw.exchange.note = `rate limited: waiting ${Math.round(wait)} ms, then retry ${rateLimitRetries}`;
        this.opts.onRateLimited?.(wait);
        await this.opts.clock.sleep(wait, options.signal);
        continue;
      }
      if (isTransient(failure) && transientRetries < policy.transientRetries) {
        transientRetries += 1;
        const wait = this.backoff(transientRetries);
        raw.exchange.note = `${describeTransient(failure)}: waiting ${Math.round(wait)} ms, then retry ${transientRetries}`;
        await this.opts.clock.sleep(wait, options.signal);
        continue;
      }
      return { ok: false, failure, exchanges };
    }
  }

  private backoff(retry: number): number {
    const base = this.policy.baseDelayMs * 2 ** (retry - 1);
    return Math.min(this.policy.maxDelayMs, base / 2 + (this.random() * base) / 2);
  }

  private dropToken(token: CachedToken): void {
    if (this.cached === token) this.cached = undefined;
  }

  /** A failure says whom the call was made as when it was not the app's bot: the page offers other ways out then. */
  private withIdentity(failure: FeishuFailure): FeishuFailure {
    const pasted = !this.tokens.obtain;
    if (this.tokens.identity === 'bot' && !pasted) return failure;
    return { ...failure, identity: { as: this.tokens.identity, ...(pasted ? { pasted } : {}) } };
  }

  private isFresh(token: CachedToken | undefined): token is CachedToken {
    return isFresh(token, this.tokens.renewMarginMs, this.opts.clock.now());
  }

  private async validToken(exchanges: Exchange[], signal?: AbortSignal): Promise<TokenOutcome> {
    if (this.isFresh(this.cached)) return { ok: true, token: this.cached };
    const flight = await this.tokenFlight(signal);
    exchanges.push(...flight.exchanges);
    return flight.outcome;
  }

  /**
   * The token request shared by every call that starts while the cache is cold. It runs without
   * any caller's signal (one caller giving up must not fail the others); each caller stops
   * waiting when its own signal aborts.
   */
  private tokenFlight(signal?: AbortSignal): Promise<{ outcome: TokenOutcome; exchanges: Exchange[] }> {
    if (!this.inflight) {
      this.inflight = this.fetchToken().finally(() => {
        this.inflight = undefined;
      });
    }
    return untilAborted(this.inflight, signal);
  }

  private async fetchToken(): Promise<{ outcome: TokenOutcome; exchanges: Exchange[] }> {
    const exchanges: Exchange[] = [];
    if (!this.tokens.obtain) {
      // A pasted token cannot be renewed: past its expiry it is not sent at all.
      const expiresAt = this.cached?.expiresAt;
      const failure = credentialFailure(
        'token',
        { problem: 'token_expired', ...(expiresAt !== undefined ? { expiresAt } : {}) },
        `the pasted token expired at ${expiresAt === undefined ? 'an unknown time' : new Date(expiresAt).toISOString()}: paste a new one`,
      );
      return { outcome: { ok: false, failure }, exchanges };
    }
    const outcome = await this.tokens.obtain(this.tokenPost(exchanges));
    if (outcome.ok) {
      this.knownTokens.add(outcome.token.token);
      this.cached = outcome.token;
    }
    return { outcome, exchanges };
  }

  /** A token source's POST: transient failures retried with backoff, every attempt recorded in `exchanges`. */
  private tokenPost(exchanges: Exchange[]): TokenPost {
    return async (path, body, stage) => {
      let transientRetries = 0;
      for (let attempt = 1; ; attempt += 1) {
        const request: OutgoingRequest = {
          method: 'POST',
          url: `${this.opts.baseUrl}${path}`,
          headers: { 'Content-Type': 'application/json; charset=utf-8' },
          body: JSON.stringify(body),
        };
        const obtainedAt = this.opts.clock.now();
        const raw = await this.send(request, stage, attempt);
        exchanges.push(raw.exchange);
        if (!raw.failure) return { ok: true, json: (raw.json ?? {}) as Record<string, unknown>, obtainedAt };
        if (isTransient(raw.failure) && transientRetries < this.policy.transientRetries) {
          transientRetries += 1;
          const wait = this.backoff(transientRetries);
          raw.exchange.note = `${describeTransient(raw.failure)}: waiting ${Math.round(wait)} ms, then retry ${transientRetries}`;
          await this.opts.clock.sleep(wait);
          continue;
        }
        return { ok: false, failure: raw.failure };
      }
    };
  }

  /**
   * The end of a user's sign-in: the authorization code (with the PKCE verifier) for the user's
   * tokens, then who the user is (user_info, with the new token). Recorded and redacted like any call;
   * the code and verifier are redacted too.
   */
  async signInWithCode(
    grant: { code: string; redirectUri: string; codeVerifier: string },
    signal?: AbortSignal,
  ): Promise<CallResult<UserSession>> {
    const exchanges: Exchange[] = [];
    this.knownTokens.add(grant.code);
    this.knownTokens.add(grant.codeVerifier);
    const answer = await this.tokenPost(exchanges)(
      OAUTH_TOKEN_PATH,
      {
        grant_type: 'authorization_code',
        client_id: this.opts.appId,
        client_secret: this.opts.appSecret,
        code: grant.code,
        redirect_uri: grant.redirectUri,
        code_verifier: grant.codeVerifier,
      },
      'user_token',
    );
    if (!answer.ok) return { ok: false, failure: answer.failure, exchanges };
    const unnamed = sessionFromTokenAnswer(answer.json, answer.obtainedAt, { name: '', openId: '' });
    if (!unnamed) {
      return {
        ok: false,
        failure: { kind: 'not_json', stage: 'user_token', msg: 'the answer lacks access_token or expires_in' },
        exchanges,
      };
    }
    this.knownTokens.add(unnamed.accessToken);
    if (unnamed.refreshToken) this.knownTokens.add(unnamed.refreshToken);
    const info = await this.getJson(USER_INFO_PATH, `Bearer ${unnamed.accessToken}`, 'user_token', signal);
    exchanges.push(...info.exchanges);
    if (!info.ok) return { ok: false, failure: info.failure, exchanges };
    const data = ((info.value as { data?: Record<string, unknown> } | undefined)?.data ?? {}) as Record<string, unknown>;
    const name = [data.name, data.en_name].find((value): value is string => typeof value === 'string' && value !== '');
    const openId = typeof data.open_id === 'string' ? data.open_id : '';
    const tenantKey = typeof data.tenant_key === 'string' ? data.tenant_key : undefined;
    return {
      ok: true,
      value: { ...unnamed, user: { name: name ?? openId, openId, ...(tenantKey ? { tenantKey } : {}) } },
      exchanges,
    };
  }

  /** Asks the platform to push a store app's app_ticket to its webhook now (it arrives there, not here). */
  async resendAppTicket(): Promise<CallResult<null>> {
    const exchanges: Exchange[] = [];
    const answer = await this.tokenPost(exchanges)(
      APP_TICKET_RESEND_PATH,
      { app_id: this.opts.appId, app_secret: this.opts.appSecret },
      'app_token',
    );
    return answer.ok ? { ok: true, value: null, exchanges } : { ok: false, failure: answer.failure, exchanges };
  }

  /** One GET with a given Authorization, outside the token cache (user_info right after a sign-in). */
  private async getJson(path: string, authorization: string, stage: FailureStage, signal?: AbortSignal): Promise<CallResult<unknown>> {
    const request: OutgoingRequest = {
      method: 'GET',
      url: `${this.opts.baseUrl}${path}`,
      headers: { Authorization: authorization, 'Content-Type': 'application/json; charset=utf-8' },
    };
    const raw = await this.send(request, stage, 1, signal);
    return raw.failure
      ? { ok: false, failure: raw.failure, exchanges: [raw.exchange] }
      : { ok: true, value: raw.json, exchanges: [raw.exchange] };
  }

  /**
   * The text with this client's app_secret and every token it was issued redacted, as the
   * exchanges are: a last pass over a document made of recorded pieces (a ticket bundle).
   */
  redact(text: string): string {
    return redactText(text, this.secrets());
  }

  /**
   * The app_secret, the token source's own secrets (a ticket, a refresh token) and every token
   * issued: what no record may hold. Made again only when one is added.
   */
  private secrets(): readonly string[] {
    const fromSource = this.tokens.secrets();
    if (this.secretList === undefined || this.sourceSecrets !== fromSource || this.knownCount !== this.knownTokens.size) {
      this.sourceSecrets = fromSource;
      this.knownCount = this.knownTokens.size;
      this.secretList = [this.opts.appSecret, ...fromSource, ...this.knownTokens].filter((secret) => secret !== '');
    }
    return this.secretList;
  }

  /**
   * One HTTP exchange, with timeout, parsing and a redacted record. Never throws except on abort.
   *
   * For a lookup the timeout bounds the whole attempt: its answer is small. A download may rightly
   * take minutes on a slow link (resources go up to 100 MB), so there it bounds silence instead:
   * the wait for the answer, then for each piece of the body. A stalled download fails within
   * `timeoutMs`; a slow one that keeps coming is not cut off at an arbitrary total.
   */
  private async send(
    request: OutgoingRequest,
    stage: FailureStage,
    attempt: number,
    signal?: AbortSignal,
    download?: Download,
  ): Promise<RawOutcome> {
    const { clock } = this.opts;
    const startedAt = clock.now();
    const requestBody = request.body;
    const record = (partial: Partial<Exchange>): Exchange => {
      const secrets = this.secrets();
      return {
        stage,
        attempt,
        method: request.method,
        url: redactText(request.url, secrets),
        requestHeaders: redactHeaders(request.headers, secrets),
        requestBody: requestBody === undefined ? undefined : redactText(requestBody, secrets),
        responseHeaders: {},
        startedAt,
        durationMs: clock.now() - startedAt,
        ...partial,
      };
    };

    if (signal?.aborted) throw signal.reason;
    // One controller per attempt: the caller's abort and the timeout both end the fetch through it.
    const controller = new AbortController();
    // The race, not only the abort, ends a stuck attempt: a fetch double may ignore its signal, and
    // a body's stream need not end with it.
    let interrupt: (why: 'timeout' | 'aborted') => void = () => undefined;
    const interrupted = new Promise<'timeout' | 'aborted'>((resolve) => (interrupt = resolve));
    const forwardAbort = () => {
      controller.abort(signal?.reason);
      interrupt('aborted');
    };
    const stopListening = signal ? onAbort(signal, forwardAbort) : undefined;
    let cancelTimer: (() => void) | undefined;
    // An infinite timeout (tests with a clock that skips sleeps) means no timer at all.
    const arm = Number.isFinite(this.policy.timeoutMs)
      ? () => {
          cancelTimer?.();
          cancelTimer = clock.after(this.policy.timeoutMs, () => interrupt('timeout'));
        }
      : () => undefined;
    const progress: BodyProgress = { answered: false, received: 0 };
    let response: Response;
    let body: string | CappedBody;
    try {
      arm();
      const attemptFetch = (async () => {
        const res = await this.opts.fetch(new Request(request.url, request), { signal: controller.signal });
        if (!download) return { res, body: await res.text() };
        progress.answered = true;
        arm();
        return { res, body: await readCapped(res, download.maxBytes, progress, arm) };
      })();
      const winner = await Promise.race([attemptFetch, interrupted]);
      if (winner === 'timeout' || winner === 'aborted') {
        controller.abort(winner === 'aborted' ? signal?.reason : new Error('timeout'));
        attemptFetch.catch(() => undefined);
        progress.reader?.cancel().catch(() => undefined);
        if (winner === 'aborted') throw signal?.reason;
        const message = progress.answered
          ? `no data for ${this.policy.timeoutMs} ms after ${progress.received} bytes of the body`
          : `no answer within ${this.policy.timeoutMs} ms`;
        return { exchange: record({ error: message }), failure: { kind: 'timeout', stage, msg: message } };
      }
      response = winner.res;
      body = winner.body;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const message = describeNetworkError(error);
      return { exchange: record({ error: message }), failure: { kind: 'network', stage, msg: message } };
    } finally {
      cancelTimer?.();
      stopListening?.();
    }

    const secrets = this.secrets();
    const headerLogId = response.headers.get('x-tt-logid') ?? undefined;
    const answered = (responseBody: string): Exchange =>
      record({ status: response.status, responseHeaders: redactHeaders(response.headers, secrets), responseBody, logId: headerLogId });
    let text: string;
    if (typeof body === 'string') {
      text = body;
    } else {
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      const limit = download!.maxBytes;
      if (!body.ok) {
        const declared = body.declared;
        const [msg, recorded] =
          declared === undefined
            ? [
                `the body is larger than the limit of ${sizeText(limit)}: stopped after reading ${progress.received} bytes`,
                `(more than ${limit} bytes of ${contentType}: stopped after ${progress.received})`,
              ]
            : [
                `Content-Length is ${sizeText(declared)}, more than the limit of ${sizeText(limit)}: not downloaded`,
                `(not read: Content-Length ${declared} is more than ${limit} bytes of ${contentType})`,
              ];
        const exchange = answered(recorded);
        return { exchange, failure: { kind: 'too_large', stage, msg, httpStatus: response.status, logId: headerLogId } };
      }
      // What the platform sends as JSON is an error answer; anything else that came with a 2xx is the resource.
      if (response.ok && !contentType.includes('json')) {
        const fileName = fileNameOf(response.headers.get('content-disposition') ?? '');
        return {
          exchange: answered(`(${body.bytes.length} bytes of ${contentType})`),
          resource: { bytes: body.bytes, contentType, fileName },
        };
      }
      // An error answer (JSON with a code, a gateway's page) goes on as a lookup's answer does.
      text = new TextDecoder().decode(body.bytes);
    }

    const exchange = answered(cutBody(redactText(text, secrets)));
    const retryAfterMs = rateLimitResetMs(response.headers, this.policy.maxDelayMs);
    const parsed = parseJson(text);
    if (!parsed.ok) {
      const kind = parsed.truncated ? 'truncated_json' : response.ok ? 'not_json' : 'http';
      const msg = parsed.truncated
        ? 'the response JSON is cut short'
        : `${response.status} ${response.statusText || 'response'} is not JSON (${response.headers.get('content-type') ?? 'no content-type'})`;
      return {
        exchange,
        retryAfterMs,
        failure: { kind, stage, msg, httpStatus: response.status, logId: headerLogId, body: exchange.responseBody },
      };
    }
    const json = parsed.value as { code?: unknown; msg?: unknown; error?: ApiErrorDetail } | null;
    const code = json && typeof json === 'object' && typeof json.code === 'number' ? json.code : undefined;
    // A download succeeds only with the resource: JSON, even with code 0, is not it.
    if (code === 0 && response.ok && !download) return { exchange, json };
    if (code === undefined) {
      return {
        exchange,
        retryAfterMs,
        failure: {
          kind: response.ok ? 'not_json' : 'http',
          stage,
          msg: `HTTP ${response.status} without a platform code`,
          httpStatus: response.status,
          logId: headerLogId,
          body: exchange.responseBody,
        },
      };
    }
    const detail = json?.error;
    const failure: FeishuFailure = {
      kind: 'api',
      stage,
      code,
      // A proxy or custom server may echo the request: the msg is redacted like the body.
      // The OAuth endpoints say it in `error_description` instead.
      msg: redactText(messageOf(json), secrets),
      httpStatus: response.status,
      logId: detail?.log_id ?? detail?.logid ?? headerLogId,
      troubleshooter: detail?.troubleshooter,
      permissionViolations: detail?.permission_violations,
      fieldViolations: detail?.field_violations,
      helps: detail?.helps,
      body: exchange.responseBody,
    };
    if (failure.logId && !exchange.logId) exchange.logId = failure.logId;
    return { exchange, retryAfterMs, failure };
  }
}

/** How far a download's body got: what a timeout says, and the reader to cancel when the attempt ends early. */
interface BodyProgress {
  /** The answer's head came. */
  answered: boolean;
  received: number;
  reader?: ReadableStreamDefaultReader<Uint8Array>;
}

/** A download's body, or why it was given up (`declared`: its Content-Length said so before any byte was read). */
type CappedBody = { ok: true; bytes: Uint8Array } | { ok: false; declared?: number };

/**
 * Reads a body counting bytes as they arrive, and stops (cancelling the stream, so the rest is
 * never fetched) as soon as the count passes `maxBytes`: a 1 GB answer costs little more than
 * the limit. `onData` is told of every piece (the attempt's timer of silence starts again).
 */
async function readCapped(response: Response, maxBytes: number, progress: BodyProgress, onData: () => void): Promise<CappedBody> {
  const length = response.headers.get('content-length');
  if (length !== null && Number(length) > maxBytes) {
    response.body?.cancel().catch(() => undefined);
    return { ok: false, declared: Number(length) };
  }
  if (!response.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  progress.reader = reader;
  const chunks: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    progress.received += value.byteLength;
    if (progress.received > maxBytes) {
      reader.cancel().catch(() => undefined);
      return { ok: false };
    }
    chunks.push(value);
    onData();
  }
  const bytes = new Uint8Array(progress.received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

/** `25 MB (26214400 bytes)`: the rounded size a person reads, and the exact one. */
function sizeText(bytes: number): string {
  return `${Number((bytes / (1024 * 1024)).toFixed(1))} MB (${bytes} bytes)`;
}

/** The file name of a Content-Disposition header (`filename*=UTF-8''…` first), if it names one. */
function fileNameOf(disposition: string): string | undefined {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A name that is not valid percent-encoding is no reason to lose the file: it is saved under its key.
      return undefined;
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/** An answer's `msg`, or the OAuth endpoints' `error_description` (with its `error`). */
function messageOf(json: { msg?: unknown; error?: unknown; error_description?: unknown } | null): string {
  if (typeof json?.msg === 'string' && json.msg !== '') return json.msg;
  const description = typeof json?.error_description === 'string' ? json.error_description : '';
  const error = typeof json?.error === 'string' ? json.error : '';
  return [error, description].filter(Boolean).join(': ');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; truncated: boolean } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    const trimmed = text.trimStart();
    return { ok: false, truncated: trimmed.startsWith('{') || trimmed.startsWith('[') };
  }
}

/** `x-ogw-ratelimit-reset` is in seconds to wait. */
function rateLimitResetMs(headers: Headers, maxMs: number): number | undefined {
  const value = headers.get('x-ogw-ratelimit-reset');
  if (value === null) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) return undefined;
  return Math.min(maxMs, seconds * 1000);
}

function isTransient(failure: FeishuFailure): boolean {
  if (failure.kind === 'timeout' || failure.kind === 'network') return true;
  return failure.httpStatus !== undefined && failure.httpStatus >= 500;
}

function describeTransient(failure: FeishuFailure): string {
  if (failure.kind === 'timeout') return 'timed out';
  if (failure.kind === 'network') return 'network error';
  return `HTTP ${failure.httpStatus}`;
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    const causeText = cause instanceof Error ? `: ${cause.message}` : '';
    return `${error.message}${causeText}`;
  }
  return String(error);
}
