/**
 * A Feishu Open API emulator as a fetch-standard handler (Request in, Response out). The
 * Sandbox profile calls it in-process; `inspector sandbox` serves it over HTTP so any client,
 * the official SDK included, can be pointed at it as its domain.
 */

import type { Clock, FetchLike } from '../base/ports';
import { systemClock } from '../base/ports';
import { MESSAGE_PATH, TOKEN_PATH } from '../feishu/client';
import type { ApiMessage, GetMessageResponse } from '../feishu/types';
import { USER_ID_TYPES } from '../feishu/types';
import { errorFixtureFor, type ErrorFixture } from './fixtures/errors';
import { faultResponse, isFaultKind, NO_FAULTS, type FaultKind, type FaultSettings } from './faults';
import { SlidingWindowLimiter } from './rate-limit';
import { generatedStream, RESOURCE_PATH, sandboxResource } from './resources';
import { DOWNLOAD_FIXTURES, LARGE_CARD_ID, largeCardFixture, MESSAGE_FIXTURES, SANDBOX_USERS, SEED_MESSAGE_ID } from './fixtures/messages';
import { CARD_VARIANTS, GALLERY_FIXTURES } from './fixtures/gallery';

export const SANDBOX_APP_ID = 'cli_sandbox';
export const SANDBOX_APP_SECRET = 'sandbox_secret';
/** The base URL the Sandbox profile uses in-process; any host works, nothing leaves the process. */
export const SANDBOX_BASE_URL = 'https://sandbox.inspector.invalid';

const TOKEN_LIFETIME_S = 7200;
/** The platform hands out an app's current token again until less than this remains of it. */
const TOKEN_REISSUE_MARGIN_MS = 30 * 60 * 1000;

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
}

export interface Sandbox {
  /** Answers as the platform would; the signal comes in `init` (as the client sends it) or on the request. */
  handle: FetchLike;
  /** Counts of requests served, by endpoint — what tests and benchmarks check. */
  readonly stats: {
    tokenRequests: number;
    messageRequests: number;
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
}

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const clock = options.clock ?? systemClock;
  const lifetime = options.tokenLifetimeS ?? TOKEN_LIFETIME_S;
  const fixtures = new Map([...MESSAGE_FIXTURES, ...GALLERY_FIXTURES, ...DOWNLOAD_FIXTURES, ...(options.messages ?? [])]);
  const tokens = new Map<string, { appId: string; expiresAt: number }>();
  const stats = { tokenRequests: 0, messageRequests: 0, rateLimited: 0, faultsInjected: 0, resourceRequests: 0, resourceBytes: 0 };
  const limiters = new Map<string, SlidingWindowLimiter>();
  const flakyCounts = new Map<string, number>();
  const random = options.random ?? Math.random;
  let faults = options.faults ?? NO_FAULTS;
  let rateLimits = options.rateLimits !== false;
  let sequence = 0;

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
    if (body.app_id !== SANDBOX_APP_ID) return json(400, { code: 10003, msg: 'invalid param' });
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

  /** Which fault, if any, this call meets: by its ID first, then by the configured rate. */
  function faultFor(messageId: string): FaultKind | undefined {
    const byId = /^om_(fault|flaky)_([a-z0-9]+)$/.exec(messageId);
    if (byId && isFaultKind(byId[2]!)) {
      if (byId[1] === 'fault') return byId[2];
      const count = (flakyCounts.get(messageId) ?? 0) + 1;
      flakyCounts.set(messageId, count);
      return count % 2 === 1 ? byId[2] : undefined;
    }
    if (faults.rate > 0 && faults.kinds.length > 0 && random() < faults.rate) {
      return faults.kinds[Math.floor(random() * faults.kinds.length)] ?? faults.kinds[0];
    }
    return undefined;
  }

  /** The token check every message endpoint shares: a failure response, or the app it was issued to. */
  function authorise(request: Request): Response | { appId: string } {
    const bearer = /^Bearer\s+(\S+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
    if (!bearer) {
      return json(400, { code: 99991661, msg: 'Missing access token for authorization. Please make a request with token attached.' });
    }
    const grant = tokens.get(bearer);
    if (grant === undefined || grant.expiresAt <= clock.now()) {
      tokens.delete(bearer);
      return json(400, { code: 99991663, msg: 'Invalid access token for authorization. Please make a request with token attached.' });
    }
    return { appId: grant.appId };
  }

  function getResource(request: Request, messageId: string, fileKey: string, signal: AbortSignal): Response {
    stats.resourceRequests += 1;
    const auth = authorise(request);
    if (auth instanceof Response) return auth;
    const items = fixtures.get(messageId);
    if (!items) {
      const isSubMessage = [...fixtures.values()].some((list) => list.slice(1).some((item) => item.message_id === messageId));
      const fixture = errorFixtureFor(isSubMessage ? 234003 : 230001)!;
      return fail(fixture, isSubMessage ? 'File not in msg.' : `invalid message_id: ${messageId}`);
    }
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

  async function getMessage(request: Request, messageId: string, signal: AbortSignal): Promise<Response> {
    stats.messageRequests += 1;
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
    const fault = faultFor(messageId);
    if (fault) {
      stats.faultsInjected += 1;
      const id = logId();
      return faultResponse(fault, id, request, signal);
    }

    const url = new URL(request.url);
    const userIdType = url.searchParams.get('user_id_type') ?? 'open_id';
    if (!(USER_ID_TYPES as readonly string[]).includes(userIdType)) {
      return fail(errorFixtureFor(230001)!, `invalid user_id_type: ${userIdType}`, {
        field_violations: [{ field: 'user_id_type', value: userIdType, description: 'must be one of open_id, union_id, user_id' }],
      });
    }

    const errorCode = /^om_error_(\d+)$/.exec(messageId)?.[1];
    if (errorCode !== undefined) {
      const fixture = errorFixtureFor(Number(errorCode));
      if (fixture) return fail(fixture);
    }

    if (messageId === LARGE_CARD_ID && !fixtures.has(messageId)) fixtures.set(messageId, largeCardFixture());
    // A flaky ID, once it gets through, answers as the seed example under its own ID.
    const items =
      fixtures.get(messageId) ??
      (messageId.startsWith('om_flaky_') ? fixtures.get(SEED_MESSAGE_ID)?.map((item) => ({ ...item, message_id: messageId })) : undefined);
    if (!items) {
      return fail(errorFixtureFor(230001)!, `Your request contains an invalid request parameter, ext=invalid message_id: ${messageId}`, {
        field_violations: [{ field: 'message_id', value: messageId, description: 'no such message' }],
      });
    }
    const cardType = url.searchParams.get('card_msg_content_type');
    const body: GetMessageResponse = {
      code: 0,
      msg: 'success',
      data: { items: items.map((item) => withCardContent(withUserIdType(item, userIdType), cardType)) },
    };
    return json(200, body);
  }

  return {
    stats,
    revokeTokens: () => tokens.clear(),
    get tokensHeld() {
      return tokens.size;
    },
    setFaults: (next) => {
      faults = { rate: Math.min(1, Math.max(0, next.rate)), kinds: [...next.kinds] };
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
    async handle(request, init) {
      const signal = init?.signal ?? request.signal;
      const url = new URL(request.url);
      if (url.pathname === TOKEN_PATH && request.method === 'POST') return issueToken(request);
      const resource = RESOURCE_PATH.exec(url.pathname);
      if (resource && request.method === 'GET')
        return getResource(request, decodeURIComponent(resource[1]!), decodeURIComponent(resource[2]!), signal);
      if (url.pathname.startsWith(MESSAGE_PATH) && request.method === 'GET') {
        const rest = decodeURIComponent(url.pathname.slice(MESSAGE_PATH.length));
        if (rest && !rest.includes('/')) return getMessage(request, rest, signal);
      }
      return json(404, { code: 404, msg: `the sandbox does not serve ${request.method} ${url.pathname}` });
    },
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
  const translate = (id: string | undefined) => {
    const user = SANDBOX_USERS.find((candidate) => candidate.open_id === id);
    return user ? (user[userIdType as keyof typeof user] as string) : id;
  };
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
