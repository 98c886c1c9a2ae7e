/**
 * Chat names, kept per profile for a while: the viewer shows a chat's name beside its ID, and a
 * batch or a long session meets the same few chats again and again. One chats call per chat per
 * time to live, one call in flight for everyone who asks at once, and a failure remembered
 * briefly with its reason, so a chat the bot is not in is not asked about on every message.
 */

import type { ChatInfo, ChatNameProblem } from '../api/contract';
import type { Lang } from '../base/lang';
import type { Clock } from '../base/ports';
import { explainFailure, type ExplainContext } from '../errors';
import type { CallResult } from '../feishu/client';
import type { ApiI18nNames, GetChatResponse } from '../feishu/types';
import { localName } from '../messages';

/** How long a chat's names are kept: chats are renamed rarely, and a stale name for minutes does no harm. */
export const CHAT_NAME_TTL_MS = 10 * 60 * 1000;
/** How long a failure is kept: long enough not to ask again on every message, short enough to see a fix. */
export const CHAT_FAILURE_TTL_MS = 60 * 1000;
/** Chats kept at most; the ones asked about longest ago go first. */
export const MAX_KEPT_CHATS = 5000;

/** Codes that say the app's bot is not in the chat: the chats endpoint's own, and the message endpoints'. */
const NOT_IN_CHAT_CODES: ReadonlySet<number> = new Set([232011, 230002]);
const MISSING_SCOPE_CODE = 99991672;

/** What the chats endpoint told, in every language it gave (the cache is the same whatever the reader's language). */
export type ChatAnswer = { ok: true; name?: string; i18nNames?: ApiI18nNames } | { ok: false; reason: ChatNameProblem };

interface Kept {
  answer: ChatAnswer;
  until: number;
}

export class ChatNameCache {
  private readonly kept = new Map<string, Kept>();
  private readonly inflight = new Map<string, Promise<ChatAnswer>>();

  constructor(private readonly clock: Pick<Clock, 'now'>) {}

  /**
   * The chat's answer as kept, or one call of `fetch` shared by every caller until it settles.
   * A `fetch` that throws (no secret, an abort) is not kept: the next ask tries again.
   */
  get(profileId: string, chatId: string, fetch: () => Promise<ChatAnswer>): Promise<ChatAnswer> {
    const key = `${profileId}\u0000${chatId}`;
    const kept = this.kept.get(key);
    if (kept && this.clock.now() < kept.until) return Promise.resolve(kept.answer);
    const running = this.inflight.get(key);
    if (running) return running;
    const flight = fetch()
      .then((answer) => {
        this.keep(key, answer);
        return answer;
      })
      .finally(() => this.inflight.delete(key));
    this.inflight.set(key, flight);
    return flight;
  }

  /** Drops what is kept for a profile (its app or secret changed: another app may see other chats). */
  forget(profileId: string): void {
    for (const key of this.kept.keys()) if (key.startsWith(`${profileId}\u0000`)) this.kept.delete(key);
  }

  private keep(key: string, answer: ChatAnswer): void {
    this.kept.delete(key);
    this.kept.set(key, { answer, until: this.clock.now() + (answer.ok ? CHAT_NAME_TTL_MS : CHAT_FAILURE_TTL_MS) });
    for (const [oldest, { until }] of this.kept) {
      if (this.kept.size <= MAX_KEPT_CHATS && until > this.clock.now()) break;
      this.kept.delete(oldest);
    }
  }
}

/** The chats call's outcome as kept: the names, or why there are none (the scopes and the apply link for a missing scope). */
export function chatAnswerOf(result: CallResult<GetChatResponse>, context: ExplainContext): ChatAnswer {
  if (result.ok) {
    const chat = result.value.data;
    return {
      ok: true,
      ...(chat?.name === undefined ? {} : { name: chat.name }),
      ...(chat?.i18n_names ? { i18nNames: chat.i18n_names } : {}),
    };
  }
  const { failure } = result;
  if (failure.code !== undefined && NOT_IN_CHAT_CODES.has(failure.code))
    return { ok: false, reason: { kind: 'not_in_chat', code: failure.code } };
  if (failure.code === MISSING_SCOPE_CODE) {
    const explanation = explainFailure(failure, 'en', context);
    return {
      ok: false,
      reason: {
        kind: 'missing_scope',
        scopes: explanation.missingScopes,
        ...(explanation.applyScopesUrl ? { applyScopesUrl: explanation.applyScopesUrl } : {}),
      },
    };
  }
  return { ok: false, reason: { kind: 'failed', failure } };
}

/** The chat's name in `lang` (its `i18n_names` entry, else `name`), or why there is none. */
export function chatInfoOf(chatId: string, answer: ChatAnswer, lang: Lang): ChatInfo {
  if (!answer.ok) return { ok: false, chatId, reason: answer.reason };
  const name = localName(answer.name, answer.i18nNames, lang);
  return name === undefined ? { ok: false, chatId, reason: { kind: 'no_name' } } : { ok: true, chatId, name };
}
