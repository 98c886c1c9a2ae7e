/**
 * The conversation view's window on a chat or a thread: the rows loaded so far, oldest first, and
 * at each end the query the next page comes from. The list call pages one way only (its sort order
 * is fixed for a whole pagination), so a window opened in the middle — around a message, found by
 * its create time — is two paginations: older pages newest first from the message's second down,
 * newer pages oldest first from that second up. Both include that second, so the rows of it come
 * twice and are kept once.
 *
 * A thread ignores times: its window opens at the newest reply and pages older until the message
 * wanted is in it (threads are short; the caller bounds how far it goes).
 */

import type { Lang } from '../base/lang';
import type { ListMessagesQuery } from '../feishu/client';
import type { ApiMessage, FeishuFailure } from '../feishu/types';
import { decodeMessage } from '../messages/decode';
import { senderName } from '../messages/names';
import { messagePreview } from '../messages/plain';
import type { ConversationTarget } from './walk';

/** One message of the list, as the view shows it: small, so that thousands cross the bridge cheaply. */
export interface ConversationRow {
  messageId: string;
  /** Epoch ms; 0 when the platform gave none that reads as a number. */
  createTime: number;
  msgType: string;
  senderId?: string;
  /** `user`, `app`, … as the platform says. */
  senderType?: string;
  /** The platform's name for the sender (with_sender_name), in the reader's language; absent when not given. */
  senderName?: string;
  /** One line of what it says, in the reader's language for its labels. */
  preview: string;
  /** The thread it roots or belongs to (`omt_…`). */
  threadId?: string;
  /** A reply inside a thread rather than the thread's root or a message of the chat. */
  isReply: boolean;
  /** Recalled. */
  deleted: boolean;
  /** Edited after it was sent. */
  updated: boolean;
}

export type Direction = 'older' | 'newer';

/** One end of the window: where its next page comes from, or that there is nothing more that way. */
export interface ConversationEdge {
  done: boolean;
  /** Seconds, inclusive: the query this end pages through, the same for every page of it. */
  startTime?: number;
  endTime?: number;
  /** The next page of that query; absent before its first page. */
  pageToken?: string;
}

/** A chat's time range, in seconds, inclusive at both ends. */
export interface ConversationRange {
  since?: number;
  until?: number;
}

export interface ConversationEdges {
  older: ConversationEdge;
  newer: ConversationEdge;
}

/**
 * Where the window starts. A chat around a message: both ways from its second. A chat with a range
 * start and no message: forward from the range's start. Otherwise — a chat, or any thread — at the
 * newest message, paging older.
 */
export function openingEdges(target: ConversationTarget, range: ConversationRange = {}, aroundMs?: number): ConversationEdges {
  const { since, until } = target.kind === 'chat' ? range : {};
  if (target.kind === 'chat' && aroundMs !== undefined && Number.isFinite(aroundMs)) {
    const second = Math.floor(aroundMs / 1000);
    return {
      older: {
        done: since !== undefined && second < since,
        startTime: since,
        endTime: until === undefined ? second : Math.min(second, until),
      },
      newer: {
        done: until !== undefined && second > until,
        startTime: since === undefined ? second : Math.max(second, since),
        endTime: until,
      },
    };
  }
  if (since !== undefined) return { older: { done: true }, newer: { done: false, startTime: since, endTime: until } };
  return { older: { done: false, endTime: until }, newer: { done: true } };
}

/** The list call for the next page of one end. */
export function pageQuery(
  target: ConversationTarget,
  edge: ConversationEdge,
  direction: Direction,
  options: { rootsOnly?: boolean; pageSize?: number } = {},
): ListMessagesQuery {
  return {
    containerIdType: target.kind,
    containerId: target.id,
    ...(target.kind === 'chat' && edge.startTime !== undefined ? { startTime: edge.startTime } : {}),
    ...(target.kind === 'chat' && edge.endTime !== undefined ? { endTime: edge.endTime } : {}),
    sortType: direction === 'older' ? 'ByCreateTimeDesc' : 'ByCreateTimeAsc',
    pageSize: options.pageSize ?? 50,
    ...(edge.pageToken ? { pageToken: edge.pageToken } : {}),
    ...(options.rootsOnly && target.kind === 'chat' ? { onlyThreadRootMessages: true } : {}),
  };
}

/** The end after a page of it came: the same query, the next token, done when the platform says so. */
export function nextEdge(edge: ConversationEdge, page: { hasMore: boolean; pageToken?: string }): ConversationEdge {
  const done = !page.hasMore || !page.pageToken;
  return { done, startTime: edge.startTime, endTime: edge.endTime, ...(done ? {} : { pageToken: page.pageToken }) };
}

/**
 * The rows with a page added at its end: older pages come newest first and go before the rows,
 * newer pages after them. Rows already there (the second both ends include) are not added again.
 * Returns the rows and how many were added, which is what a view keeps its place by.
 */
export function addPage(
  rows: readonly ConversationRow[],
  page: readonly ConversationRow[],
  direction: Direction,
): { rows: ConversationRow[]; added: number } {
  const known = new Set(rows.map((row) => row.messageId));
  const fresh: ConversationRow[] = [];
  for (const row of page) {
    if (known.has(row.messageId)) continue;
    known.add(row.messageId);
    fresh.push(row);
  }
  if (direction === 'older') return { rows: [...fresh.reverse(), ...rows], added: fresh.length };
  return { rows: [...rows, ...fresh], added: fresh.length };
}

/** The newer end of a window that reached the newest message, opened again from its last row: for "check for newer". */
export function reopenNewer(rows: readonly ConversationRow[], range: ConversationRange, target: ConversationTarget): ConversationEdge {
  if (target.kind === 'thread') return { done: false };
  const last = rows.at(-1);
  const since = last && last.createTime > 0 ? Math.floor(last.createTime / 1000) : range.since;
  return { done: false, startTime: since, endTime: range.until };
}

export function conversationRow(item: ApiMessage, lang: Lang): ConversationRow {
  const messageId = typeof item.message_id === 'string' ? item.message_id : '';
  const createTime = Number(item.create_time);
  const sender = typeof item.sender === 'object' && item.sender !== null ? item.sender : undefined;
  const threadId = typeof item.thread_id === 'string' && item.thread_id !== '' ? item.thread_id : undefined;
  const rootId = typeof item.root_id === 'string' && item.root_id !== '' ? item.root_id : undefined;
  const name = senderName(item, lang);
  let preview: string;
  try {
    preview = messagePreview(decodeMessage(item), lang);
  } catch {
    preview = `[${typeof item.msg_type === 'string' ? item.msg_type : '?'}]`;
  }
  return {
    messageId,
    createTime: Number.isFinite(createTime) ? createTime : 0,
    msgType: typeof item.msg_type === 'string' ? item.msg_type : 'unknown',
    ...(typeof sender?.id === 'string' ? { senderId: sender.id } : {}),
    ...(typeof sender?.sender_type === 'string' ? { senderType: sender.sender_type } : {}),
    ...(name !== undefined ? { senderName: name } : {}),
    preview,
    ...(threadId ? { threadId } : {}),
    isReply: rootId !== undefined && rootId !== messageId,
    deleted: item.deleted === true,
    updated: item.updated === true,
  };
}

/** The window: its rows, oldest first, and its two ends. */
export interface WindowState {
  rows: ConversationRow[];
  older: ConversationEdge;
  newer: ConversationEdge;
}

export type PageAnswer =
  { ok: true; rows: ConversationRow[]; hasMore: boolean; pageToken?: string } | { ok: false; failure: FeishuFailure };

/** Asks for the next page of one end (the service's listConversation, through the bridge). */
export type PageFetcher = (direction: Direction, edge: ConversationEdge) => Promise<PageAnswer>;

export type WindowStep = { ok: true; state: WindowState; added: number } | { ok: false; failure: FeishuFailure; state: WindowState };

/** The window one page further one way; the same window with the failure when the page could not be had. */
export async function extendWindow(fetchPage: PageFetcher, state: WindowState, direction: Direction): Promise<WindowStep> {
  const edge = state[direction];
  if (edge.done) return { ok: true, state, added: 0 };
  const page = await fetchPage(direction, edge);
  if (!page.ok) return { ok: false, failure: page.failure, state };
  const merged = addPage(state.rows, page.rows, direction);
  return { ok: true, state: { ...state, rows: merged.rows, [direction]: nextEdge(edge, page) }, added: merged.added };
}

/** How far a thread's window pages back looking for the message it was opened at (50 a page). */
export const MAX_THREAD_PAGES_TO_FIND = 20;

/**
 * The window's first rows: a chat around a message (both ways from its second), a thread paging
 * back from the newest until the message is in it, or the newest (or the range's first) rows.
 * `found` says whether the message asked for is among the rows.
 */
export async function openWindow(
  fetchPage: PageFetcher,
  target: ConversationTarget,
  options: { range?: ConversationRange; around?: { messageId: string; createTime?: number } } = {},
): Promise<(WindowStep & { found: boolean }) | { ok: false; failure: FeishuFailure; state: WindowState; found: false }> {
  const edges = openingEdges(target, options.range, target.kind === 'chat' ? options.around?.createTime : undefined);
  let state: WindowState = { rows: [], ...edges };
  const wanted = options.around?.messageId;
  const has = () => wanted !== undefined && state.rows.some((row) => row.messageId === wanted);
  if (target.kind === 'chat' && options.around?.createTime !== undefined) {
    const [older, newer] = await Promise.all([fetchPage('older', state.older), fetchPage('newer', state.newer)]);
    if (!older.ok) return { ok: false, failure: older.failure, state, found: false };
    if (!newer.ok) return { ok: false, failure: newer.failure, state, found: false };
    const withOlder = addPage([], older.rows, 'older');
    const withNewer = addPage(withOlder.rows, newer.rows, 'newer');
    state = { rows: withNewer.rows, older: nextEdge(state.older, older), newer: nextEdge(state.newer, newer) };
    return { ok: true, state, added: state.rows.length, found: has() };
  }
  const direction: Direction = state.older.done ? 'newer' : 'older';
  let pages = 0;
  do {
    const step = await extendWindow(fetchPage, state, direction);
    if (!step.ok) return { ...step, found: false };
    state = step.state;
    pages += 1;
  } while (wanted !== undefined && !has() && !state[direction].done && pages < MAX_THREAD_PAGES_TO_FIND);
  return { ok: true, state, added: state.rows.length, found: has() };
}
