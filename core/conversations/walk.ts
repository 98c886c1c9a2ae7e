/**
 * A chat or a thread, page by page, as an export needs it: the list call in time order, each
 * thread's replies right after its root (a group's chat listing gives roots only), each
 * merge-forward expanded in place with its sub-messages (one GET of the forward). The walk moves
 * in steps of one chat page with everything that hangs off it, and each step says where the
 * next one starts: a cursor that can be kept on disk, so that an interrupted export resumes from
 * the last step it finished, with nothing twice and nothing missing.
 */

import type { CallResult, ListMessagesOptions, ListMessagesQuery, MessagePage } from '../feishu/client';
import type { ApiMessage, FeishuFailure, GetMessageResponse } from '../feishu/types';
import type { ExportEntry } from '../export/common';

/** What the walk needs of a client: the list call and a message lookup (FeishuClient fits). */
export interface ConversationSource {
  listMessages(query: ListMessagesQuery, options?: ListMessagesOptions): Promise<CallResult<MessagePage>>;
  getMessage(messageId: string, options?: { signal?: AbortSignal }): Promise<CallResult<GetMessageResponse>>;
}

export interface ConversationTarget {
  kind: 'chat' | 'thread';
  /** `oc_…` or `omt_…`. */
  id: string;
}

export interface WalkOptions {
  target: ConversationTarget;
  /** Seconds, inclusive; for a chat only (the platform ignores them for a thread). */
  since?: number;
  until?: number;
  /** A chat's threads: each root followed by its replies. */
  includeThreads?: boolean;
  /** 1–50; 50 by default (the fewest calls). */
  pageSize?: number;
  signal?: AbortSignal;
}

/** Where the walk stands: kept between runs. */
export interface WalkCursor {
  /** The next page's token; absent before the first page. */
  pageToken?: string;
  /** Pages of the container walked so far. */
  pages: number;
  /**
   * Create time (epoch ms) of the last message of the last page walked: where a chat's walk starts
   * again (`start_time`, in seconds) when the platform no longer takes the page token.
   */
  reachedMs?: number;
}

/** Something that could not be had, while the rest went on: exit 2 for the CLI, listed with its code. */
export interface WalkProblem {
  /** The root whose thread, or the forward whose sub-messages, could not be read. */
  messageId: string;
  what: 'thread' | 'forward';
  failure: FeishuFailure;
}

export interface WalkStep {
  /** In export order: one per message (a forward with its sub-messages), replies after their root. */
  entries: ExportEntry[];
  problems: WalkProblem[];
  /** Where the next step starts; after the last step, a cursor with no page token. */
  cursor: WalkCursor;
  done: boolean;
  /** List and GET calls this step made (the bench counts them). */
  calls: number;
}

/** The container's page failed: nothing of this step was kept, and the walk can be run again from its cursor. */
export class WalkStoppedError extends Error {
  constructor(
    readonly failure: FeishuFailure,
    readonly cursor: WalkCursor,
  ) {
    super(`${failure.code !== undefined ? `${failure.code} ` : ''}${failure.msg}`);
    this.name = 'WalkStoppedError';
  }
}

const PAGE_SIZE = 50;

export async function* walkConversation(
  source: ConversationSource,
  options: WalkOptions,
  from: WalkCursor = { pages: 0 },
): AsyncGenerator<WalkStep> {
  let cursor = from;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const base = { signal: options.signal };
  for (;;) {
    let calls = 1;
    const query = (from: WalkCursor): ListMessagesQuery => {
      // A chat walk that lost its token starts again at the second of the last message it had
      // (the caller drops what it already has); a thread's starts again from its top.
      const since = from.pageToken === undefined && from.reachedMs !== undefined ? Math.floor(from.reachedMs / 1000) : options.since;
      return {
        containerIdType: options.target.kind,
        containerId: options.target.id,
        ...(options.target.kind === 'chat' && since !== undefined ? { startTime: since } : {}),
        ...(options.target.kind === 'chat' && options.until !== undefined ? { endTime: options.until } : {}),
        sortType: 'ByCreateTimeAsc',
        pageSize,
        ...(from.pageToken ? { pageToken: from.pageToken } : {}),
      };
    };
    let page = await source.listMessages(query(cursor), base);
    if (!page.ok && cursor.pageToken !== undefined && refusesPageToken(page.failure)) {
      // A token kept from an earlier run the platform no longer takes (expired, or the run
      // before was another build of the query): go on from the time reached instead.
      calls += 1;
      page = await source.listMessages(query({ ...cursor, pageToken: undefined }), base);
    }
    if (!page.ok) throw new WalkStoppedError(page.failure, cursor);
    const entries: ExportEntry[] = [];
    const problems: WalkProblem[] = [];
    for (const item of page.value.items) {
      const expanded = await expandForward(source, item, base, problems);
      calls += expanded.calls;
      entries.push({ messageId: idOf(item), items: expanded.items });
      const threadId = typeof item.thread_id === 'string' ? item.thread_id : '';
      if (options.includeThreads && options.target.kind === 'chat' && threadId !== '' && isRoot(item)) {
        const thread = await threadReplies(source, threadId, idOf(item), base, problems, pageSize);
        calls += thread.calls;
        entries.push(...thread.entries);
      }
    }
    // A failure that may pass (the network, a timeout, 5xx, 429) stops the walk before this step
    // is kept, so that running it again fetches what was missed; only lasting refusals (a thread
    // the bot cannot see, a forward the platform will not serve) are noted and passed over.
    const passing = problems.find((problem) => isPassing(problem.failure));
    if (passing) throw new WalkStoppedError(passing.failure, cursor);
    const lastMs = Number(page.value.items.at(-1)?.create_time);
    const reachedMs = Number.isFinite(lastMs) ? lastMs : cursor.reachedMs;
    const done = !page.value.hasMore || !page.value.pageToken;
    const next: WalkCursor = {
      pages: cursor.pages + 1,
      ...(!done ? { pageToken: page.value.pageToken } : {}),
      ...(reachedMs !== undefined ? { reachedMs } : {}),
    };
    yield { entries, problems, cursor: next, done, calls };
    if (done) return;
    cursor = next;
  }
}

/** The platform's answer to a page token it does not take: a field violation (or msg) naming `page_token`. */
function refusesPageToken(failure: FeishuFailure): boolean {
  if (failure.kind !== 'api') return false;
  if (failure.fieldViolations?.some((violation) => violation.field === 'page_token')) return true;
  return /page_token/i.test(failure.msg);
}

/** A failure that may not happen again: worth stopping for, and trying again later. */
function isPassing(failure: FeishuFailure): boolean {
  if (failure.kind === 'network' || failure.kind === 'timeout') return true;
  const status = failure.httpStatus ?? 0;
  return status === 429 || status >= 500 || failure.code === 99991400;
}

function idOf(item: ApiMessage): string {
  return typeof item.message_id === 'string' ? item.message_id : '';
}

/** A thread's root: no root_id, or its own. */
function isRoot(item: ApiMessage): boolean {
  return typeof item.root_id !== 'string' || item.root_id === '' || item.root_id === item.message_id;
}

/** A merge-forward with its sub-messages (GET of the forward); any other message as it came. */
async function expandForward(
  source: ConversationSource,
  item: ApiMessage,
  base: { signal?: AbortSignal },
  problems: WalkProblem[],
): Promise<{ items: ApiMessage[]; calls: number }> {
  if (item.msg_type !== 'merge_forward' || item.deleted === true || idOf(item) === '') return { items: [item], calls: 0 };
  const result = await source.getMessage(idOf(item), base);
  if (!result.ok) {
    problems.push({ messageId: idOf(item), what: 'forward', failure: result.failure });
    return { items: [item], calls: 1 };
  }
  const items = result.value.data?.items ?? [];
  // The container as the list gave it (its names and the reader's fields), then its sub-messages.
  return { items: [item, ...items.filter((sub) => idOf(sub) !== idOf(item))], calls: 1 };
}

/** A thread's replies, oldest first, the root left out (it is already in the export). */
async function threadReplies(
  source: ConversationSource,
  threadId: string,
  rootId: string,
  base: { signal?: AbortSignal },
  problems: WalkProblem[],
  pageSize: number,
): Promise<{ entries: ExportEntry[]; calls: number }> {
  const entries: ExportEntry[] = [];
  const seen = new Set([rootId]);
  let calls = 0;
  let pageToken: string | undefined;
  for (;;) {
    calls += 1;
    const page = await source.listMessages(
      { containerIdType: 'thread', containerId: threadId, sortType: 'ByCreateTimeAsc', pageSize, ...(pageToken ? { pageToken } : {}) },
      base,
    );
    if (!page.ok) {
      problems.push({ messageId: rootId, what: 'thread', failure: page.failure });
      return { entries, calls };
    }
    for (const reply of page.value.items) {
      const id = idOf(reply);
      if (seen.has(id)) continue;
      seen.add(id);
      const expanded = await expandForward(source, reply, base, problems);
      calls += expanded.calls;
      entries.push({ messageId: id, items: expanded.items });
    }
    if (!page.value.hasMore || !page.value.pageToken) return { entries, calls };
    pageToken = page.value.pageToken;
  }
}
