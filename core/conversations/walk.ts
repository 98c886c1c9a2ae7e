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
/**
 * Thread pages and forward GETs in flight at once (the next chat page besides): enough to keep the
 * limiter's window full while answers arrive, few enough that a step holds little at a time.
 */
export const CALLS_AT_ONCE = 8;
/** Steps made and waiting while the caller keeps the one before: the walk goes on while a step is written. */
const STEPS_AHEAD = 1;
/**
 * Pages listed whose steps are not yet made (their threads being fetched): the chat's pages follow
 * one another without waiting for the threads of the page before, which matters once the
 * limiter's window opens, and a few pages are all the walk holds.
 */
const PAGES_AHEAD = 3;

/** One chat page as the walk keeps it: the items, where the next one starts, and the calls it took. */
interface ListedPage {
  items: ApiMessage[];
  hasMore: boolean;
  pageToken?: string;
  calls: number;
}

type Base = { signal: AbortSignal };

/**
 * The walk fetches ahead of its caller: while a step is kept (written, synced), the next ones are
 * fetched, each chat page asked for as soon as the page before names its token, and the threads
 * and forwards of the pages fetched CALLS_AT_ONCE at a time, put together in each page's order.
 * The steps, their order and their cursors are those of a walk one call at a time; what was
 * fetched ahead of a step that fails, or of a caller that stops, is dropped (its calls aborted).
 */
export async function* walkConversation(
  source: ConversationSource,
  options: WalkOptions,
  from: WalkCursor = { pages: 0 },
): AsyncGenerator<WalkStep> {
  // The caller's abort, or the caller leaving the walk, stops every call made ahead.
  const stop = new AbortController();
  const onAbort = () => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });
  const steps = new Queue<WalkStep>(STEPS_AHEAD, stop.signal);
  produceSteps(source, options, from, { signal: stop.signal }, steps).catch((error: unknown) => steps.fail(error));
  try {
    for (;;) {
      const step = await steps.take();
      yield step;
      if (step.done) return;
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    stop.abort(new Error('the walk was left'));
  }
}

/** A step being made: it rejects as the walk stops there. */
interface Making {
  step: Promise<WalkStep>;
}

async function produceSteps(
  source: ConversationSource,
  options: WalkOptions,
  from: WalkCursor,
  base: Base,
  steps: Queue<WalkStep>,
): Promise<void> {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const slot = callSlots(CALLS_AT_ONCE, base.signal);
  const withThreads = Boolean(options.includeThreads && options.target.kind === 'chat');
  const making = new Queue<Making>(PAGES_AHEAD, base.signal);
  const failed = (error: unknown): Making => {
    const step = Promise.reject(error);
    step.catch(() => {});
    return { step };
  };
  const listPages = async () => {
    let cursor = from;
    for (;;) {
      const page = await listPage(source, options, cursor, base, pageSize);
      const lastMs = Number(page.items.at(-1)?.create_time);
      const reachedMs = Number.isFinite(lastMs) ? lastMs : cursor.reachedMs;
      const done = !page.hasMore || !page.pageToken;
      const next: WalkCursor = {
        pages: cursor.pages + 1,
        ...(!done ? { pageToken: page.pageToken } : {}),
        ...(reachedMs !== undefined ? { reachedMs } : {}),
      };
      const step = makeStep(source, page, { from: cursor, next, done }, base, slot, pageSize, withThreads);
      step.catch(() => {});
      await making.put({ step });
      if (done) return;
      cursor = next;
    }
  };
  listPages().catch((error: unknown) => making.put(failed(error)).catch(() => {}));
  for (;;) {
    const step = await (await making.take()).step;
    await steps.put(step);
    if (step.done) return;
  }
}

/** A page's step: its threads and forwards fetched, put together in the page's order. */
async function makeStep(
  source: ConversationSource,
  page: ListedPage,
  at: { from: WalkCursor; next: WalkCursor; done: boolean },
  base: Base,
  slot: CallSlot,
  pageSize: number,
  withThreads: boolean,
): Promise<WalkStep> {
  const expanded = await Promise.all(page.items.map((item) => expandItem(source, item, base, slot, pageSize, withThreads)));
  const entries = expanded.flatMap((part) => part.entries);
  const problems = expanded.flatMap((part) => part.problems);
  // A failure that may pass (the network, a timeout, 5xx, 429) stops the walk before this step
  // is kept, so that running it again fetches what was missed; only lasting refusals (a thread
  // the bot cannot see, a forward the platform will not serve) are noted and passed over.
  const passing = problems.find((problem) => isPassing(problem.failure));
  if (passing) throw new WalkStoppedError(passing.failure, at.from);
  const calls = expanded.reduce((sum, part) => sum + part.calls, page.calls);
  return { entries, problems, cursor: at.next, done: at.done, calls };
}

/** The chat's (or thread's) page at `from`; a WalkStoppedError with that cursor when it cannot be had. */
async function listPage(
  source: ConversationSource,
  options: WalkOptions,
  from: WalkCursor,
  base: Base,
  pageSize: number,
): Promise<ListedPage> {
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
  let calls = 1;
  let page = await source.listMessages(query(from), base);
  if (!page.ok && from.pageToken !== undefined && refusesPageToken(page.failure)) {
    // A token kept from an earlier run the platform no longer takes (expired, or the run
    // before was another build of the query): go on from the time reached instead.
    calls += 1;
    page = await source.listMessages(query({ ...from, pageToken: undefined }), base);
  }
  if (!page.ok) throw new WalkStoppedError(page.failure, from);
  // The items only: the call's exchanges are not kept while the step is made.
  const { items, hasMore, pageToken } = page.value;
  return { items, hasMore, ...(pageToken !== undefined ? { pageToken } : {}), calls };
}

/** A message of the chat's page: itself (a forward expanded), then its thread's replies when asked for. */
async function expandItem(
  source: ConversationSource,
  item: ApiMessage,
  base: Base,
  slot: CallSlot,
  pageSize: number,
  withThread: boolean,
): Promise<{ entries: ExportEntry[]; problems: WalkProblem[]; calls: number }> {
  const problems: WalkProblem[] = [];
  const expanded = await expandForward(source, item, base, slot, problems);
  const entries: ExportEntry[] = [{ messageId: idOf(item), items: expanded.items }];
  let calls = expanded.calls;
  const threadId = typeof item.thread_id === 'string' ? item.thread_id : '';
  if (withThread && threadId !== '' && isRoot(item)) {
    const thread = await threadReplies(source, threadId, idOf(item), base, slot, problems, pageSize);
    calls += thread.calls;
    entries.push(...thread.entries);
  }
  return { entries, problems, calls };
}

/** Starts a call when fewer than `size` are in flight, in the order asked; none once `signal` aborted. */
type CallSlot = <T>(call: () => Promise<T>) => Promise<T>;

function callSlots(size: number, signal: AbortSignal): CallSlot {
  let free = size;
  const waiting: (() => void)[] = [];
  return async (call) => {
    if (free > 0) free -= 1;
    else await new Promise<void>((resolve) => waiting.push(resolve));
    try {
      signal.throwIfAborted();
      return await call();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    }
  };
}

/**
 * What one side of the walk hands the other, in order, then the error that ended it, if any. `put`
 * waits while `size` are waiting; `take` rejects at once when `signal` aborts. One putter, one taker.
 */
class Queue<T> {
  private readonly items: T[] = [];
  private error: { reason: unknown } | undefined;
  private taker: (() => void) | undefined;
  private putter: (() => void) | undefined;

  constructor(
    private readonly size: number,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  async put(item: T): Promise<void> {
    while (this.items.length >= this.size) {
      this.signal.throwIfAborted();
      await new Promise<void>((resolve) => (this.putter = resolve));
    }
    this.signal.throwIfAborted();
    this.items.push(item);
    this.wake();
  }

  fail(reason: unknown): void {
    this.error ??= { reason };
    this.wake();
  }

  async take(): Promise<T> {
    for (;;) {
      this.signal.throwIfAborted();
      if (this.items.length > 0) {
        const item = this.items.shift()!;
        this.wake();
        return item;
      }
      if (this.error) throw this.error.reason;
      await new Promise<void>((resolve) => (this.taker = resolve));
    }
  }

  private wake(): void {
    const taker = this.taker;
    const putter = this.putter;
    this.taker = this.putter = undefined;
    taker?.();
    putter?.();
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
  base: Base,
  slot: CallSlot,
  problems: WalkProblem[],
): Promise<{ items: ApiMessage[]; calls: number }> {
  if (item.msg_type !== 'merge_forward' || item.deleted === true || idOf(item) === '') return { items: [item], calls: 0 };
  const result = await slot(() => source.getMessage(idOf(item), base));
  if (!result.ok) {
    problems.push({ messageId: idOf(item), what: 'forward', failure: result.failure });
    return { items: [item], calls: 1 };
  }
  const items = result.value.data?.items ?? [];
  // The container as the list gave it (its names and the reader's fields), then its sub-messages.
  return { items: [item, ...items.filter((sub) => idOf(sub) !== idOf(item))], calls: 1 };
}

/** A thread's replies, oldest first, the root left out (it is already in the export); a page's forwards fetched together. */
async function threadReplies(
  source: ConversationSource,
  threadId: string,
  rootId: string,
  base: Base,
  slot: CallSlot,
  problems: WalkProblem[],
  pageSize: number,
): Promise<{ entries: ExportEntry[]; calls: number }> {
  const entries: ExportEntry[] = [];
  const seen = new Set([rootId]);
  let calls = 0;
  let pageToken: string | undefined;
  for (;;) {
    calls += 1;
    const page = await slot(() =>
      source.listMessages(
        { containerIdType: 'thread', containerId: threadId, sortType: 'ByCreateTimeAsc', pageSize, ...(pageToken ? { pageToken } : {}) },
        base,
      ),
    );
    if (!page.ok) {
      problems.push({ messageId: rootId, what: 'thread', failure: page.failure });
      return { entries, calls };
    }
    const replies = page.value.items.filter((reply) => {
      const id = idOf(reply);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    const expanded = await Promise.all(
      replies.map(async (reply) => {
        const own: WalkProblem[] = [];
        return { reply, own, ...(await expandForward(source, reply, base, slot, own)) };
      }),
    );
    for (const { reply, own, items, calls: made } of expanded) {
      calls += made;
      problems.push(...own);
      entries.push({ messageId: idOf(reply), items });
    }
    if (!page.value.hasMore || !page.value.pageToken) return { entries, calls };
    pageToken = page.value.pageToken;
  }
}
