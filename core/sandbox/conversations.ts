/**
 * The list call of the emulator, GET /open-apis/im/v1/messages, with the platform's semantics
 * (shared/FEISHU.md, "Conversations: the list call"): a chat container lists every message but
 * the replies inside threads (a thread shows as its root), a thread container lists its root
 * and replies; `start_time`/`end_time` are seconds, inclusive, and ignored for threads; both
 * sort orders; `page_size` 1–50 (20 by default); an opaque `page_token` that only the same
 * query takes back. Reactions page the same way.
 *
 * Each container is indexed once (sorted by time, with its times in a typed array), so a page
 * costs a binary search and a slice, however long the chat.
 */

import type { ApiFieldViolation, ApiMessage } from '../feishu/types';

export const LIST_PATH = '/open-apis/im/v1/messages';
export const CHAT_PATH = /^\/open-apis\/im\/v1\/chats\/([^/]+)$/;
export const CHATS_BATCH_QUERY_PATH = '/open-apis/im/v1/chats/batch_query';
export const REACTIONS_PATH = /^\/open-apis\/im\/v1\/messages\/([^/]+)\/reactions$/;

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 50;

/** One container's messages in time order (ties by message ID), and their times for binary search. */
export interface ContainerIndex {
  items: readonly ApiMessage[];
  times: Float64Array;
}

export interface ChatIndex {
  /** `container_id_type=chat`: every message but the replies inside threads. */
  chat: ContainerIndex;
  /** `only_thread_root_messages=true`: the roots of threads only. */
  threadRoots: ContainerIndex;
  /** `container_id_type=thread`, by thread ID: the root, then its replies. */
  threads: ReadonlyMap<string, ContainerIndex>;
  /** What GET message answers for each message of the chat (a forward's sub-messages after it). */
  byId: ReadonlyMap<string, readonly ApiMessage[]>;
}

const timeOf = (item: ApiMessage): number => Number(item.create_time) || 0;

function byTime(a: ApiMessage, b: ApiMessage): number {
  return timeOf(a) - timeOf(b) || ((a.message_id ?? '') < (b.message_id ?? '') ? -1 : (a.message_id ?? '') > (b.message_id ?? '') ? 1 : 0);
}

function containerOf(items: ApiMessage[]): ContainerIndex {
  items.sort(byTime);
  return { items, times: Float64Array.from(items, timeOf) };
}

const isThreadReply = (item: ApiMessage): boolean =>
  item.thread_id !== undefined && item.root_id !== undefined && item.root_id !== item.message_id;

/** Indexes a chat given each message's GET answer (the message first). */
export function indexChat(entries: Iterable<readonly ApiMessage[]>): ChatIndex {
  const chat: ApiMessage[] = [];
  const roots: ApiMessage[] = [];
  const threads = new Map<string, ApiMessage[]>();
  const byId = new Map<string, readonly ApiMessage[]>();
  for (const entry of entries) {
    const item = entry[0];
    if (!item?.message_id) continue;
    byId.set(item.message_id, entry);
    if (item.thread_id !== undefined) {
      const thread = threads.get(item.thread_id) ?? [];
      thread.push(item);
      threads.set(item.thread_id, thread);
    }
    if (isThreadReply(item)) continue;
    chat.push(item);
    if (item.thread_id !== undefined) roots.push(item);
  }
  return {
    chat: containerOf(chat),
    threadRoots: containerOf(roots),
    threads: new Map([...threads].map(([id, items]) => [id, containerOf(items)])),
    byId,
  };
}

/** The first position whose time is at least `time`. */
function lowerBound(times: Float64Array, time: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* ------------------------------------------------------------------------------------------ */
/* The query                                                                                   */
/* ------------------------------------------------------------------------------------------ */

export interface ListQuery {
  containerType: 'chat' | 'thread';
  containerId: string;
  /** Seconds, inclusive; only for chats. */
  startTime?: number;
  endTime?: number;
  descending: boolean;
  pageSize: number;
  rootsOnly: boolean;
  pageToken?: string;
}

const SORT_TYPES = ['ByCreateTimeAsc', 'ByCreateTimeDesc'];

/** Reads `page_size` as the platform does: an integer from 1 to 50, 20 when absent. */
export function parsePageSize(value: string | null): number | ApiFieldViolation {
  if (value === null || value === '') return DEFAULT_PAGE_SIZE;
  if (!/^-?\d+$/.test(value)) return { field: 'page_size', value, description: 'page_size must be an integer' };
  const size = Number(value);
  if (size < 1) return { field: 'page_size', value, description: 'the min value is 1' };
  if (size > MAX_PAGE_SIZE) return { field: 'page_size', value, description: `the max value is ${MAX_PAGE_SIZE}` };
  return size;
}

/** The list call's query, or the field the platform would refuse (code 99992402). */
export function parseListQuery(params: URLSearchParams): ListQuery | ApiFieldViolation {
  const containerType = params.get('container_id_type');
  if (containerType !== 'chat' && containerType !== 'thread') {
    return { field: 'container_id_type', value: containerType ?? '', description: 'container_id_type is required, options: [chat,thread]' };
  }
  const containerId = params.get('container_id');
  if (!containerId) return { field: 'container_id', value: '', description: 'container_id is required' };
  const sort = params.get('sort_type') ?? 'ByCreateTimeAsc';
  if (!SORT_TYPES.includes(sort)) {
    return { field: 'sort_type', value: sort, description: `sort_type is optional, options: [${SORT_TYPES.join(',')}]` };
  }
  const seconds = (field: 'start_time' | 'end_time'): number | undefined | ApiFieldViolation => {
    const value = params.get(field);
    if (value === null || value === '') return undefined;
    return /^\d{1,16}$/.test(value) ? Number(value) : { field, value, description: `${field} must be a Unix time in seconds` };
  };
  const startTime = seconds('start_time');
  if (typeof startTime === 'object') return startTime;
  const endTime = seconds('end_time');
  if (typeof endTime === 'object') return endTime;
  const pageSize = parsePageSize(params.get('page_size'));
  if (typeof pageSize === 'object') return pageSize;
  return {
    containerType,
    containerId,
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    descending: sort === 'ByCreateTimeDesc',
    pageSize,
    rootsOnly: params.get('only_thread_root_messages') === 'true',
    ...(params.get('page_token') ? { pageToken: params.get('page_token')! } : {}),
  };
}

/* ------------------------------------------------------------------------------------------ */
/* Pages                                                                                       */
/* ------------------------------------------------------------------------------------------ */

/** A page, or a page token that does not belong to this query. */
export type Page<T> = { ok: true; items: T[]; hasMore: boolean; pageToken?: string } | { ok: false };

/** Scrambles a token's bytes (the same call unscrambles them), so that nobody comes to rely on what is inside. */
function scrambled(bytes: Uint8Array): Uint8Array {
  return bytes.map((byte, i) => byte ^ ((i * 0x9e + 0x5a) & 0xff));
}

/** Opaque to the caller; carries the query it belongs to, so a token from another query is refused. */
function encodeToken(query: string, position: number): string {
  const bytes = scrambled(new TextEncoder().encode(JSON.stringify({ q: query, p: position })));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeToken(token: string, query: string, total: number): number | undefined {
  try {
    const binary = atob(token.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = scrambled(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
    const decoded = JSON.parse(new TextDecoder().decode(bytes)) as { q?: unknown; p?: unknown };
    const position = decoded.p;
    if (decoded.q !== query || typeof position !== 'number' || !Number.isInteger(position) || position < 1 || position >= total)
      return undefined;
    return position;
  } catch {
    return undefined;
  }
}

/**
 * Page `size` of the positions [0, total) of a list, `at(i)` being the i-th in the order asked
 * for; `query` names everything but the page size, which may change from page to page.
 */
export function pageOf<T>(total: number, at: (position: number) => T, size: number, query: string, token: string | undefined): Page<T> {
  const start = token === undefined ? 0 : decodeToken(token, query, total);
  if (start === undefined) return { ok: false };
  const end = Math.min(total, start + size);
  const items: T[] = [];
  for (let position = start; position < end; position += 1) items.push(at(position));
  return end < total ? { ok: true, items, hasMore: true, pageToken: encodeToken(query, end) } : { ok: true, items, hasMore: false };
}

/** A page of a container for the list call. */
export function listPage(container: ContainerIndex, query: ListQuery): Page<ApiMessage> {
  let lo = 0;
  let hi = container.items.length;
  if (query.containerType === 'chat') {
    if (query.startTime !== undefined) lo = lowerBound(container.times, query.startTime * 1000);
    if (query.endTime !== undefined) hi = Math.max(lo, lowerBound(container.times, (query.endTime + 1) * 1000));
  }
  const fingerprint = [
    query.containerType,
    query.containerId,
    query.containerType === 'chat' ? (query.startTime ?? '') : '',
    query.containerType === 'chat' ? (query.endTime ?? '') : '',
    query.descending ? 'desc' : 'asc',
    query.containerType === 'chat' && query.rootsOnly ? 'roots' : '',
  ].join('|');
  const at = query.descending ? (i: number) => container.items[hi - 1 - i]! : (i: number) => container.items[lo + i]!;
  return pageOf(hi - lo, at, query.pageSize, fingerprint, query.pageToken);
}
