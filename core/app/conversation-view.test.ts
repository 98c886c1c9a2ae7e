import { describe, expect, it } from 'vitest';
import type { ConversationPageRequest, ConversationRow } from '../api/contract';
import { extendWindow, openWindow, reopenNewer, type PageFetcher, type WindowState } from '../conversations/window';
import type { ConversationTarget } from '../conversations/walk';
import { SANDBOX_PROFILE_ID } from '../profiles/types';
import { LARGE_CHAT_ID, NOT_IN_CHAT_ID, SMALL_CHAT_ID, smallChatMessageId } from '../sandbox/fixtures/chats';
import { largeChatMessageId } from '../sandbox/fixtures/large-chat';
import { FakeClock } from '../testing/fake-clock';
import { memoryStores } from '../testing/memory-stores';
import { InspectorService } from './service';

/** The service over the built-in sandbox, its limiter's waits passing at once. */
function sandboxService() {
  const clock = new FakeClock();
  clock.autoAdvance = true;
  const service = new InspectorService({
    stores: memoryStores(clock),
    fetch: () => Promise.reject(new Error('offline')),
    clock,
    host: 'browser',
    version: 't',
  });
  const requests: ConversationPageRequest[] = [];
  const fetcher =
    (target: ConversationTarget, extra: Partial<ConversationPageRequest> = {}): PageFetcher =>
    async (direction, edge) => {
      const request: ConversationPageRequest = {
        profileId: SANDBOX_PROFILE_ID,
        target,
        direction,
        ...(edge.startTime !== undefined ? { startTime: edge.startTime } : {}),
        ...(edge.endTime !== undefined ? { endTime: edge.endTime } : {}),
        ...(edge.pageToken ? { pageToken: edge.pageToken } : {}),
        ...extra,
      };
      requests.push(request);
      return service.listConversation(request);
    };
  return { service, fetcher, requests };
}

/** Every row of a chat, oldest first, through the same call (one pagination, forward). */
async function everyRow(fetchPage: PageFetcher): Promise<ConversationRow[]> {
  let state: WindowState = { rows: [], older: { done: true }, newer: { done: false } };
  while (!state.newer.done) {
    const step = await extendWindow(fetchPage, state, 'newer');
    if (!step.ok) throw new Error(step.failure.msg);
    state = step.state;
  }
  return state.rows;
}

const ids = (rows: readonly ConversationRow[]) => rows.map((row) => row.messageId);

function expectContiguousSlice(rows: readonly ConversationRow[], all: readonly ConversationRow[]) {
  const start = all.findIndex((row) => row.messageId === rows[0]!.messageId);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(ids(rows)).toEqual(ids(all.slice(start, start + rows.length)));
}

describe('the conversation view’s window', () => {
  it('opens a chat around a message, and pages older and newer with nothing skipped and nothing twice', async () => {
    const { service, fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: LARGE_CHAT_ID };
    const fetchPage = fetcher(chat, { lang: 'en' });
    // A message of the chat itself, near the middle (a thread's reply lives in its thread).
    let anchorId = '';
    let createTime = 0;
    for (let index = 5000; anchorId === ''; index++) {
      const anchor = await service.getMessage({ messageId: largeChatMessageId(index), profileId: SANDBOX_PROFILE_ID });
      if (!anchor.ok) throw new Error(anchor.failure.msg);
      const item = anchor.response.data!.items![0]!;
      if (item.root_id) continue;
      anchorId = item.message_id!;
      createTime = Number(item.create_time);
    }

    const opened = await openWindow(fetchPage, chat, { around: { messageId: anchorId, createTime } });
    if (!opened.ok) throw new Error(opened.failure.msg);
    expect(opened.found).toBe(true);
    let state = opened.state;
    const at = ids(state.rows).indexOf(anchorId);
    // Both ways from the message: a page before it and a page after it.
    expect(at).toBeGreaterThanOrEqual(40);
    expect(state.rows.length - at).toBeGreaterThanOrEqual(40);

    for (let i = 0; i < 3; i++) {
      const older = await extendWindow(fetchPage, state, 'older');
      if (!older.ok) throw new Error(older.failure.msg);
      expect(older.added).toBe(50);
      const newer = await extendWindow(fetchPage, older.state, 'newer');
      if (!newer.ok) throw new Error(newer.failure.msg);
      state = newer.state;
    }
    expect(new Set(ids(state.rows)).size).toBe(state.rows.length);
    // The window is a run of the chat's own order: a forward pagination over the same hours.
    const first = Math.floor(state.rows[0]!.createTime / 1000);
    const last = Math.floor(state.rows.at(-1)!.createTime / 1000);
    const reference = await everyRow((direction, edge) => fetchPage(direction, { ...edge, startTime: first, endTime: last }));
    expect(ids(state.rows)).toEqual(ids(reference));
    // Names and previews are the reader's.
    expect(state.rows.every((row) => row.preview.length > 0)).toBe(true);
    expect(state.rows.some((row) => row.senderType === 'user' && row.senderName)).toBe(true);
  });

  it('opens a chat at its newest message and pages back to its first', async () => {
    const { fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: SMALL_CHAT_ID };
    const fetchPage = fetcher(chat, { pageSize: 10 });
    const opened = await openWindow(fetchPage, chat);
    if (!opened.ok) throw new Error(opened.failure.msg);
    expect(opened.state.newer.done).toBe(true);
    let state = opened.state;
    while (!state.older.done) {
      const step = await extendWindow(fetchPage, state, 'older');
      if (!step.ok) throw new Error(step.failure.msg);
      state = step.state;
    }
    expect(ids(state.rows)).toEqual(ids(await everyRow(fetchPage)));
    expect(state.rows[0]!.messageId).toBe(smallChatMessageId(0x01));
  });

  it('opens a chat’s time range at its start, and keeps to it', async () => {
    const { fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: SMALL_CHAT_ID };
    const all = await everyRow(fetcher(chat));
    const since = Math.floor(all[5]!.createTime / 1000);
    const until = Math.floor(all[14]!.createTime / 1000);
    const fetchPage = fetcher(chat, { pageSize: 4 });
    const opened = await openWindow(fetchPage, chat, { range: { since, until } });
    if (!opened.ok) throw new Error(opened.failure.msg);
    expect(opened.state.older.done).toBe(true);
    let state = opened.state;
    while (!state.newer.done) {
      const step = await extendWindow(fetchPage, state, 'newer');
      if (!step.ok) throw new Error(step.failure.msg);
      state = step.state;
    }
    expectContiguousSlice(state.rows, all);
    expect(state.rows.every((row) => row.createTime >= since * 1000 && row.createTime < (until + 1) * 1000)).toBe(true);
    expect(ids(state.rows)).toContain(all[5]!.messageId);
    expect(ids(state.rows)).toContain(all[14]!.messageId);
  });

  it('finds a reply in a thread by paging back from the thread’s newest', async () => {
    const { fetcher } = sandboxService();
    const thread: ConversationTarget = { kind: 'thread', id: 'omt_5a110c4a7001' };
    const fetchPage = fetcher(thread, { pageSize: 1 });
    const wanted = smallChatMessageId(0x07);
    const opened = await openWindow(fetchPage, thread, { around: { messageId: wanted } });
    if (!opened.ok) throw new Error(opened.failure.msg);
    expect(opened.found).toBe(true);
    expect(ids(opened.state.rows)[0]).toBe(wanted);
    expect(opened.state.rows.at(-1)!.isReply).toBe(true);
    expect(opened.state.newer.done).toBe(true);
  });

  it('shows the roots of threads alone when asked, and marks replies and recalls', async () => {
    const { fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: SMALL_CHAT_ID };
    const every = await everyRow(fetcher(chat));
    const roots = await everyRow(fetcher(chat, { rootsOnly: true }));
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.length).toBeLessThan(every.length);
    expect(roots.every((row) => row.threadId && !row.isReply)).toBe(true);
    expect(every.some((row) => row.deleted)).toBe(true);
  });

  it('checks for newer messages from the last row without repeating it', async () => {
    const { fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: SMALL_CHAT_ID };
    const fetchPage = fetcher(chat);
    const opened = await openWindow(fetchPage, chat);
    if (!opened.ok) throw new Error(opened.failure.msg);
    const state = { ...opened.state, newer: reopenNewer(opened.state.rows, {}, chat) };
    const step = await extendWindow(fetchPage, state, 'newer');
    if (!step.ok) throw new Error(step.failure.msg);
    expect(step.added).toBe(0);
    expect(step.state.rows).toHaveLength(opened.state.rows.length);
  });

  it('answers a chat the bot is not in with the platform’s 230002, and keeps the window', async () => {
    const { fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: NOT_IN_CHAT_ID };
    const opened = await openWindow(fetcher(chat), chat);
    expect(opened.ok).toBe(false);
    if (opened.ok) return;
    expect(opened.failure.code).toBe(230002);
    expect(opened.state.rows).toEqual([]);
  });

  it('reads the reactions of a message, counted by emoji', async () => {
    const { service, fetcher } = sandboxService();
    const chat: ConversationTarget = { kind: 'chat', id: SMALL_CHAT_ID };
    const rows = await everyRow(fetcher(chat));
    const counts = await Promise.all(
      rows
        .filter((row) => !row.deleted)
        .map(async (row) => ({ row, answer: await service.getReactions({ profileId: SANDBOX_PROFILE_ID, messageId: row.messageId }) })),
    );
    const reacted = counts.filter(({ answer }) => answer.ok && answer.reactions.length > 0);
    expect(reacted.length).toBeGreaterThan(0);
    for (const { answer } of reacted) {
      if (!answer.ok) continue;
      const total = answer.reactions.reduce((sum, reaction) => sum + reaction.count, 0);
      expect(total).toBeGreaterThan(0);
      expect(answer.reactions.map((r) => r.count)).toEqual([...answer.reactions.map((r) => r.count)].sort((a, b) => b - a));
    }
  });
});
