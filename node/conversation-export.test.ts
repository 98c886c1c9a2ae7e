import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { CallResult, ListMessagesQuery, MessagePage } from '../core/feishu/client';
import type { ApiMessage, FeishuFailure, GetMessageResponse } from '../core/feishu/types';
import { CALLS_AT_ONCE, walkConversation, WalkStoppedError, type ConversationSource } from '../core/conversations/walk';
import { ExportInProgressError, exportConversation, resumeDirFor, SeenIds, type ConversationExportOptions } from './conversation-export';
import { FeishuClient, type GetResourceOptions } from '../core/feishu/client';
import { systemClock } from '../core/base/ports';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../core/sandbox/emulator';
import { SMALL_CHAT_ID, smallChatMessageId } from '../core/sandbox/fixtures/chats';
import type { ResourceSource } from '../core/conversations/resources';
import { filesDirFor } from './conversation-files';
import { exportChunks, type ExportEntry } from '../core/export';

const CHAT = 'oc_resume0001';
const T0 = Date.UTC(2026, 0, 1);

/** A chat in the platform's shapes: every 10th message a thread root with 3 replies, every 25th a forward of 2. */
function fakeChat(count: number) {
  const roots: ApiMessage[] = [];
  const threads = new Map<string, ApiMessage[]>();
  const forwards = new Map<string, ApiMessage[]>();
  for (let i = 0; i < count; i++) {
    const id = `om_m${String(i).padStart(5, '0')}`;
    const item: ApiMessage = {
      message_id: id,
      msg_type: 'text',
      chat_id: CHAT,
      create_time: String(T0 + i * 1000),
      body: { content: '{"text":"m"}' },
    };
    if (i % 10 === 0) {
      const thread = `omt_t${i}`;
      item.thread_id = thread;
      threads.set(thread, [
        item,
        ...[1, 2, 3].map((r) => ({
          message_id: `${id}_r${r}`,
          root_id: id,
          thread_id: thread,
          msg_type: 'text',
          create_time: String(T0 + i * 1000 + r),
        })),
      ]);
    }
    if (i % 25 === 5) {
      item.msg_type = 'merge_forward';
      forwards.set(id, [item, ...[1, 2].map((k) => ({ message_id: `${id}_f${k}`, upper_message_id: id, msg_type: 'text' }))]);
    }
    roots.push(item);
  }
  return { roots, threads, forwards };
}

type Fault = (query: ListMessagesQuery, page: number) => FeishuFailure | undefined;

function sourceOf(chat: ReturnType<typeof fakeChat>, fault?: Fault): ConversationSource & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async listMessages(query): Promise<CallResult<MessagePage>> {
      const list = query.containerIdType === 'chat' ? chat.roots : (chat.threads.get(query.containerId) ?? []);
      const start = query.pageToken ? Number(query.pageToken.split(':')[1]) : 0;
      const size = query.pageSize ?? 20;
      calls.push(`${query.containerId}@${start}`);
      const failure = fault?.(query, start / size);
      if (failure) return { ok: false, failure, exchanges: [] };
      const items = list.slice(start, start + size);
      const hasMore = start + size < list.length;
      return {
        ok: true,
        value: { items, hasMore, ...(hasMore ? { pageToken: `${query.containerId}:${start + size}` } : {}) },
        exchanges: [],
      };
    },
    async getMessage(messageId): Promise<CallResult<GetMessageResponse>> {
      calls.push(`get ${messageId}`);
      const items = chat.forwards.get(messageId);
      if (!items) return { ok: false, failure: { kind: 'api', stage: 'message', code: 230001, msg: 'not found' }, exchanges: [] };
      return { ok: true, value: { code: 0, msg: 'success', data: { items } }, exchanges: [] };
    },
  };
}

const NETWORK: FeishuFailure = { kind: 'network', stage: 'message', msg: 'ECONNRESET' };

function options(out: string, source: ConversationSource): ConversationExportOptions {
  return {
    source,
    walk: { target: { kind: 'chat', id: CHAT }, includeThreads: true, pageSize: 50 },
    format: 'ndjson',
    out,
    lang: 'en',
    generatedAt: T0,
  };
}

/** The message IDs of an NDJSON export (one item a line), in order: a forward's sub-messages after it. */
function idsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => String((JSON.parse(line) as { message_id: string }).message_id));
}

describe('walking a chat', () => {
  it('puts each thread after its root and expands forwards, one page a step', async () => {
    const source = sourceOf(fakeChat(120));
    const steps = [];
    for await (const step of walkConversation(source, { target: { kind: 'chat', id: CHAT }, includeThreads: true, pageSize: 50 }))
      steps.push(step);
    expect(steps.map((s) => s.done)).toEqual([false, false, true]);
    const ids = steps.flatMap((s) => s.entries.map((e) => e.messageId));
    expect(ids.slice(0, 5)).toEqual(['om_m00000', 'om_m00000_r1', 'om_m00000_r2', 'om_m00000_r3', 'om_m00001']);
    expect(ids).toHaveLength(120 + 12 * 3);
    const forward = steps[0]!.entries.find((e) => e.messageId === 'om_m00005')!;
    expect(forward.items!.map((i) => i.message_id)).toEqual(['om_m00005', 'om_m00005_f1', 'om_m00005_f2']);
  });

  it('keeps the rest when a thread cannot be read, and says which', async () => {
    const source = sourceOf(fakeChat(30), (query) =>
      query.containerId === 'omt_t10' ? { kind: 'api', stage: 'message', code: 230073, msg: 'thread not visible' } : undefined,
    );
    const steps = [];
    for await (const step of walkConversation(source, { target: { kind: 'chat', id: CHAT }, includeThreads: true })) steps.push(step);
    expect(steps.flatMap((s) => s.problems)).toEqual([
      expect.objectContaining({ messageId: 'om_m00010', what: 'thread', failure: expect.objectContaining({ code: 230073 }) }),
    ]);
    expect(steps.flatMap((s) => s.entries.map((e) => e.messageId))).toContain('om_m00011');
  });

  it('fetches threads and forwards several at a time and the next page beside them, and puts each page together in order', async () => {
    const chat = fakeChat(230);
    const plain = sourceOf(chat);
    const events: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    // Every call takes a while, the later ones in a page less: answers come back out of order.
    const timed = async <T>(name: string, delayMs: number, call: () => Promise<T>): Promise<T> => {
      events.push(`start ${name}`);
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      inFlight -= 1;
      events.push(`end ${name}`);
      return call();
    };
    const index = (id: string) => Number(/\d+/.exec(id)?.[0] ?? 0);
    const source: ConversationSource = {
      listMessages: (query, opts) =>
        timed(`${query.containerId}@${query.pageToken ?? 0}`, 8 - (index(query.containerId) % 50) / 10, () =>
          plain.listMessages(query, opts),
        ),
      getMessage: (messageId, opts) => timed(`get ${messageId}`, 6 - (index(messageId) % 50) / 10, () => plain.getMessage(messageId, opts)),
    };
    const walk = async (from: ConversationSource) => {
      const steps = [];
      for await (const step of walkConversation(from, { target: { kind: 'chat', id: CHAT }, includeThreads: true, pageSize: 50 }))
        steps.push(step);
      return steps;
    };
    const steps = await walk(source);
    const oneAtATime = await walk(sourceOf(chat));
    expect(steps.map((s) => [s.entries, s.problems, s.cursor, s.done, s.calls])).toEqual(
      oneAtATime.map((s) => [s.entries, s.problems, s.cursor, s.done, s.calls]),
    );
    expect(mostInFlight).toBeGreaterThan(CALLS_AT_ONCE / 2);
    expect(mostInFlight).toBeLessThanOrEqual(CALLS_AT_ONCE + 1);
    // The second page is asked for before the first page's last thread is in.
    expect(events.indexOf(`start ${CHAT}@${CHAT}:50`)).toBeLessThan(events.indexOf('end omt_t40@0'));
  });

  it('stops every call at once when aborted, and drops what it fetched ahead when left', async () => {
    const plain = sourceOf(fakeChat(230));
    const started: string[] = [];
    const signals: AbortSignal[] = [];
    // Answers as the plain source does, a thread only when its signal aborts.
    const source: ConversationSource = {
      listMessages: (query, opts) => {
        started.push(query.containerId);
        if (opts?.signal) signals.push(opts.signal);
        if (query.containerIdType === 'chat') return plain.listMessages(query, opts);
        return new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason as Error)));
      },
      getMessage: (messageId, opts) => plain.getMessage(messageId, opts),
    };
    const controller = new AbortController();
    const walk = walkConversation(source, {
      target: { kind: 'chat', id: CHAT },
      includeThreads: true,
      pageSize: 50,
      signal: controller.signal,
    });
    const first = walk.next();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const before = started.length;
    controller.abort(new Error('interrupted'));
    await expect(first).rejects.toThrow('interrupted');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(started.length, 'no call started after the abort').toBe(before);
    expect(signals.every((signal) => signal.aborted)).toBe(true);

    // Left after its first step: the calls made ahead are aborted.
    const ahead: AbortSignal[] = [];
    const slow: ConversationSource = {
      listMessages: async (query, opts) => {
        if (opts?.signal) ahead.push(opts.signal);
        return plain.listMessages(query, opts);
      },
      getMessage: (messageId, opts) => plain.getMessage(messageId, opts),
    };
    for await (const step of walkConversation(slow, { target: { kind: 'chat', id: CHAT }, includeThreads: true, pageSize: 50 })) {
      expect(step.cursor.pages).toBe(1);
      break;
    }
    expect(ahead.length).toBeGreaterThan(0);
    expect(ahead.every((signal) => signal.aborted)).toBe(true);
  });

  it('stops with its cursor when a page of the chat fails', async () => {
    const source = sourceOf(fakeChat(120), (query, page) => (query.containerIdType === 'chat' && page === 1 ? NETWORK : undefined));
    const walk = walkConversation(source, { target: { kind: 'chat', id: CHAT }, pageSize: 50 });
    await walk.next();
    await expect(walk.next()).rejects.toBeInstanceOf(WalkStoppedError);
  });
});

describe('exporting a chat, resumably', () => {
  const chat = fakeChat(230);
  const whole = (() => {
    let ids: string[] | undefined;
    return async () => {
      if (!ids) {
        const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-whole-')), 'chat.ndjson');
        await exportConversation(options(out, sourceOf(chat)));
        ids = idsOf(out);
      }
      return ids;
    };
  })();

  it('writes every message once, in order, and leaves nothing behind', async () => {
    const ids = await whole();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.filter((id) => /^om_m\d+$/.test(id))).toHaveLength(230);
    expect(ids.filter((id) => id.includes('_r'))).toHaveLength(23 * 3);
  });

  it('resumes after an interruption at every page boundary: nothing twice, nothing missing, no page fetched again', async () => {
    const pages = Math.ceil(230 / 50);
    for (let failAt = 1; failAt < pages; failAt++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'chat-resume-'));
      const out = path.join(dir, 'chat.ndjson');
      const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === failAt ? NETWORK : undefined));
      await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
      expect(existsSync(out), 'no file until the export is whole').toBe(false);
      expect(existsSync(resumeDirFor(out))).toBe(true);

      const healthy = sourceOf(chat);
      const result = await exportConversation(options(out, healthy));
      expect(idsOf(out), `interrupted before page ${failAt + 1}`).toEqual(await whole());
      expect(result.resumedEntries).toBeGreaterThan(0);
      // The second run starts where the first stopped: the chat pages before it are not asked again.
      expect(healthy.calls.filter((call) => call.startsWith(`${CHAT}@`))[0]).toBe(`${CHAT}@${failAt * 50}`);
      expect(readdirSync(dir)).toEqual(['chat.ndjson']);
    }
  });

  it('resumes after a kill in the middle of writing a step: the half-written step is fetched again', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-kill-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 2 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    // What a kill -9 between the spool's write and the cursor's leaves: a whole line and half of one.
    const spool = path.join(resumeDirFor(out), 'spool.ndjson');
    appendFileSync(spool, `${JSON.stringify({ messageId: 'om_m00100', items: [{ message_id: 'om_m00100' }] })}\n{"messageId":"om_m001`);
    await exportConversation(options(out, sourceOf(chat)));
    expect(idsOf(out)).toEqual(await whole());
  });

  it('takes over from a run that died (its process is gone), and refuses one that still runs', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-owner-'));
    const out = path.join(dir, 'chat.ndjson');
    mkdirSync(resumeDirFor(out));
    const gone = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(path.join(resumeDirFor(out), 'owner.json'), JSON.stringify({ pid: gone, host: hostname(), token: 'a-dead-run' }));
    await exportConversation(options(out, sourceOf(chat)));
    expect(idsOf(out)).toEqual(await whole());

    // A live run: another process (this one's own pid would be a pid given again, taken over).
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    mkdirSync(resumeDirFor(out));
    writeFileSync(path.join(resumeDirFor(out), 'owner.json'), JSON.stringify({ pid: child.pid, host: hostname(), token: 'a-live-run' }));
    await expect(exportConversation(options(out, sourceOf(chat)))).rejects.toBeInstanceOf(ExportInProgressError);
    child.kill();
  });

  it('stops on a passing failure inside a thread, and the rerun fetches that thread whole', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-thread-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query) => (query.containerId === 'omt_t120' ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    await exportConversation(options(out, sourceOf(chat)));
    expect(idsOf(out)).toEqual(await whole());
  });

  /** The chat as a platform that refuses every page token serves it: from a time, then by token (refused again). */
  const refusingTokens = (of: ReturnType<typeof fakeChat>): ConversationSource => ({
    ...sourceOf(of),
    async listMessages(query, opts) {
      if (query.pageToken)
        return {
          ok: false,
          failure: {
            kind: 'api',
            stage: 'message',
            code: 99992402,
            msg: 'field validation failed',
            fieldViolations: [{ field: 'page_token', description: 'invalid' }],
          },
          exchanges: [],
        };
      if (query.startTime === undefined) return sourceOf(of).listMessages(query, opts);
      // From a time: the messages at or after that second, then pages by token again.
      const from = of.roots.findIndex((item) => Number(item.create_time) >= query.startTime! * 1000);
      const rest = { ...of, roots: of.roots.slice(from) };
      return sourceOf(rest).listMessages(query, opts);
    },
  });

  it('goes on from the time reached when the platform no longer takes the kept page token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-token-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 2 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    // A new day, a new server: every old token is refused; listing from a time still works.
    const result = await exportConversation(options(out, refusingTokens(chat)));
    expect(idsOf(out)).toEqual(await whole());
    expect(result.resumedEntries).toBeGreaterThan(0);
  });

  it('writes nothing twice from the second it lists again, threads included, when 20 messages share a second', async () => {
    const dense = fakeChat(230);
    for (const [i, item] of dense.roots.entries()) item.create_time = String(T0 + Math.floor(i / 20) * 1000 + (i % 20));
    for (const [root, ...replies] of dense.threads.values())
      for (const [r, reply] of replies.entries()) reply.create_time = String(Number(root!.create_time) + r + 1);
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-dense-'));
    const whole = path.join(dir, 'whole.ndjson');
    await exportConversation(options(whole, sourceOf(dense)));
    // Stopped after 150 messages: the second reached holds 140-159, and 140 is a thread's root.
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(dense, (query, page) => (query.containerIdType === 'chat' && page === 3 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    await exportConversation(options(out, refusingTokens(dense)));
    expect(idsOf(out)).toEqual(idsOf(whole));
  });

  it('forgets the IDs a chat walk cannot list again, and none of a thread', () => {
    const entry = (id: string, ms: number | undefined, rootId?: string): ExportEntry => ({
      messageId: id,
      items: [{ message_id: id, ...(ms !== undefined ? { create_time: String(ms) } : {}), ...(rootId ? { root_id: rootId } : {}) }],
    });
    const entries = [
      entry('before', T0 + 4_999),
      entry('same second', T0 + 5_000),
      entry('no time', undefined),
      entry('root', T0 + 6_000),
      // A reply stamped before the second (a clock off): met again with its root, so kept with it.
      entry('old reply', T0 + 1_000, 'root'),
      entry('reply', T0 + 9_000, 'root'),
    ];
    const chat = new SeenIds(true);
    const thread = new SeenIds(false);
    for (const e of entries) {
      chat.add(e);
      thread.add(e);
    }
    chat.forgetBefore({ pages: 3, reachedMs: T0 + 5_700 });
    thread.forgetBefore({ pages: 3, reachedMs: T0 + 5_700 });
    expect(entries.map((e) => chat.has(e.messageId))).toEqual([false, true, true, true, true, true]);
    chat.forgetBefore({ pages: 4, reachedMs: T0 + 8_000 });
    expect(entries.filter((e) => chat.has(e.messageId)).map((e) => e.messageId)).toEqual(['no time', 'reply']);
    expect(entries.every((e) => thread.has(e.messageId))).toBe(true);
  });

  it('starts clean when the spool is shorter than its cursor says, and leaves no stale cursor behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-short-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 2 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    writeFileSync(path.join(resumeDirFor(out), 'spool.ndjson'), '');
    const result = await exportConversation(options(out, sourceOf(chat)));
    expect(result.resumedEntries).toBe(0);
    expect(idsOf(out)).toEqual(await whole());
  });

  it('starts over when run with other arguments under the same name', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-other-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 1 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    const other = {
      ...options(out, sourceOf(chat)),
      walk: { target: { kind: 'chat' as const, id: CHAT }, includeThreads: false, pageSize: 50 },
    };
    const result = await exportConversation(other);
    expect(result.resumedEntries).toBe(0);
    expect(idsOf(out).filter((id) => id.includes('_r'))).toEqual([]);
    expect(idsOf(out).filter((id) => /^om_m\d+$/.test(id))).toHaveLength(230);
  });

  /** The NDJSON of the whole chat as exportChunks makes it from the walk's entries, one call at a time. */
  const wholeNdjson = async (): Promise<string> => {
    const entries = [];
    for await (const step of walkConversation(sourceOf(chat), options('', sourceOf(chat)).walk)) entries.push(...step.entries);
    let text = '';
    for await (const chunk of exportChunks('ndjson', entries, { generatedAt: T0, locale: 'en' })) text += chunk;
    return text;
  };

  it('writes NDJSON as it walks, and puts that file in place once the walk is done', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-walked-'));
    const out = path.join(dir, 'chat.ndjson');
    const pages = Math.ceil(230 / 50);
    const spool = path.join(resumeDirFor(out), 'spool.ndjson');
    // Once the last page is kept, the spool is not read again: spoil it and the file is still whole.
    await exportConversation({
      ...options(out, sourceOf(chat)),
      onProgress: (progress) => {
        if (progress.pages === pages) writeFileSync(spool, '{"not":"the spool"}\n');
      },
    });
    expect(readFileSync(out, 'utf8')).toBe(await wholeNdjson());
    expect(readdirSync(dir)).toEqual(['chat.ndjson']);
  });

  it('resumes NDJSON written as walked after a kill in the middle of a step, or from a spool left without it', async () => {
    const interrupted = async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'chat-walked-resume-'));
      const out = path.join(dir, 'chat.ndjson');
      const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 3 ? NETWORK : undefined));
      await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
      const body = path.join(
        resumeDirFor(out),
        readdirSync(resumeDirFor(out)).find((name) => name.startsWith('body'))!,
      );
      return { out, body, state: path.join(resumeDirFor(out), 'state.json') };
    };
    // Killed after the step's lines were written, before its cursor: a whole line and half of one.
    const killed = await interrupted();
    appendFileSync(killed.body, `${readFileSync(killed.body, 'utf8').split('\n')[0]}\n{"message_id":"om_m0`);
    await exportConversation(options(killed.out, sourceOf(chat)));
    expect(readFileSync(killed.out, 'utf8')).toBe(await wholeNdjson());

    // A spool and cursor of a build that wrote only the spool (or lost the file in a power cut).
    for (const loss of ['file', 'length'] as const) {
      const left = await interrupted();
      if (loss === 'file') writeFileSync(left.body, '');
      else {
        const { bodyBytes: _, ...state } = JSON.parse(readFileSync(left.state, 'utf8')) as Record<string, unknown>;
        writeFileSync(left.state, JSON.stringify(state));
      }
      const result = await exportConversation(options(left.out, sourceOf(chat)));
      expect(result.resumedEntries).toBeGreaterThan(0);
      expect(readFileSync(left.out, 'utf8'), loss).toBe(await wholeNdjson());
    }
  });

  it('writes the other formats from the same spool (HTML holds every message)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-html-')), 'chat.html');
    await exportConversation({ ...options(out, sourceOf(fakeChat(60))), format: 'html' });
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<section class="entry">/g)).toHaveLength(60 + 6 * 3);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});

describe('exporting a chat with its images and files', () => {
  const FORWARD = smallChatMessageId(0x0f);
  const FORWARDED_IMAGE = smallChatMessageId(0x102);
  const PNG = [0x89, 0x50, 0x4e, 0x47];

  /** The sandbox in this process, through the client every host uses; each resource request noted. */
  function sandboxSource(wrap?: (ask: ResourceSource['getResource']) => ResourceSource['getResource']) {
    const sandbox = createSandbox({ rateLimits: false });
    const client = new FeishuClient({
      baseUrl: 'https://sandbox.test',
      appId: SANDBOX_APP_ID,
      appSecret: SANDBOX_APP_SECRET,
      fetch: (request, init) => sandbox.handle(request, init),
      clock: systemClock,
    });
    const asked: string[] = [];
    const ask: ResourceSource['getResource'] = (messageId, key, type, opts) => {
      asked.push(`${messageId} ${key}`);
      return client.getResource(messageId, key, type, opts);
    };
    const source: ConversationSource & ResourceSource = {
      listMessages: (query, opts) => client.listMessages(query, opts),
      getMessage: (messageId, opts) => client.getMessage(messageId, opts),
      getResource: wrap ? wrap(ask) : ask,
    };
    return { source, asked, sandbox };
  }

  function smallGroup(out: string, source: ConversationSource & ResourceSource, extra: Partial<ConversationExportOptions> = {}) {
    return exportConversation({
      source,
      walk: { target: { kind: 'chat', id: SMALL_CHAT_ID }, includeThreads: true },
      format: out.endsWith('.html') ? 'html' : 'markdown',
      out,
      lang: 'en',
      generatedAt: T0,
      withFiles: {},
      ...extra,
    });
  }

  const filesIn = (out: string) => readdirSync(filesDirFor(out)).sort();

  it('saves every image and file of the small group beside the export, and Markdown and HTML link each one', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-files-'));
    const md = path.join(dir, 'small group.md');
    const result = await smallGroup(md, sandboxSource().source);
    const names = filesIn(md);
    expect(names.filter((n) => n.endsWith('.png'))).toHaveLength(5);
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(1);
    expect(names).toHaveLength(6);
    for (const name of names.filter((n) => n.endsWith('.png')))
      expect([...readFileSync(path.join(filesDirFor(md), name)).subarray(0, 4)]).toEqual(PNG);
    expect(result.files).toMatchObject({ total: 6, done: 6, failed: 0, resumed: 0, folder: filesDirFor(md) });
    expect(result.fileProblems).toEqual([]);
    expect(readdirSync(dir).sort()).toEqual(['small group.md', 'small group_files']);

    const markdown = readFileSync(md, 'utf8');
    for (const name of names) {
      const link = `(<small%20group_files/${name}>)`;
      expect(markdown, name).toContain(name.endsWith('.png') ? `![image]${link}` : `[release-notes-2.5.pdf]${link}`);
    }
    expect(markdown).not.toMatch(/\\\[image `/);

    const html = path.join(dir, 'small.html');
    await smallGroup(html, sandboxSource().source);
    const page = readFileSync(html, 'utf8');
    for (const name of filesIn(html))
      expect(page, name).toContain(
        name.endsWith('.png') ? `<img src="small_files/${name}"` : `<a href="small_files/${name}">release-notes-2.5.pdf</a>`,
      );
    expect(page).toContain("img-src 'self' file: data:");
  });

  it('inlines the images of an HTML export as data: URIs and links only the files', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-inline-')), 'inline.html');
    await smallGroup(out, sandboxSource().source, { withFiles: { inlineImages: true } });
    const page = readFileSync(out, 'utf8');
    expect(page.match(/<img src="data:image\/png;base64,iVBORw0KGgo/g)).toHaveLength(5);
    expect(page).not.toMatch(/<img src="inline_files/);
    expect(page).toMatch(/<a href="inline_files\/[^"]+\.pdf">release-notes-2\.5\.pdf<\/a>/);
    await expect(smallGroup(out.replace('.html', '.md'), sandboxSource().source, { withFiles: { inlineImages: true } })).rejects.toThrow(
      'images can be inlined in an HTML export only',
    );
  });

  it("gets a forwarded image through the forward when the sub-message's own ID is refused", async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-forward-')), 'chat.md');
    const { source, asked } = sandboxSource();
    await smallGroup(out, source);
    const key = 'img_v3_0210t_5a110c4a-7000-4000-8000-000000000003g';
    expect(asked.filter((line) => line.endsWith(key))).toEqual([`${FORWARDED_IMAGE} ${key}`, `${FORWARD} ${key}`]);
    expect(filesIn(out)).toContain(`${FORWARDED_IMAGE}-${key}.png`);
    expect(readFileSync(out, 'utf8')).toContain(`![image](<chat_files/${FORWARDED_IMAGE}-${key}.png>)`);
  });

  it('resumes after an interruption during the downloads: no file fetched twice, none missing', async () => {
    const whole = path.join(mkdtempSync(path.join(tmpdir(), 'chat-files-whole-')), 'chat.md');
    await smallGroup(whole, sandboxSource().source);
    const all = filesIn(whole);
    for (let stopAt = 1; stopAt <= all.length; stopAt++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'chat-files-stop-'));
      const out = path.join(dir, 'chat.md');
      const controller = new AbortController();
      let asks = 0;
      // Ctrl+C while the stopAt-th download is under way (others may be in flight beside it).
      const interrupted = sandboxSource((ask) => (messageId, key, type, opts?: GetResourceOptions) => {
        if (++asks === stopAt) controller.abort(new Error('interrupted'));
        return ask(messageId, key, type, opts);
      });
      await expect(
        smallGroup(out, interrupted.source, {
          walk: { target: { kind: 'chat', id: SMALL_CHAT_ID }, includeThreads: true, signal: controller.signal },
        }),
      ).rejects.toThrow('interrupted');
      expect(existsSync(out)).toBe(false);
      // And a kill -9 in the middle of a file: its temp file, of a process that is gone.
      const gone = spawnSync(process.execPath, ['-e', '']).pid!;
      writeFileSync(path.join(filesDirFor(out), `.${all[0]}.${gone}-0123456789ab.tmp`), 'half');
      const kept = filesIn(out).filter((name) => !name.startsWith('.'));

      const rerun = sandboxSource();
      const result = await smallGroup(out, rerun.source);
      expect(result.calls, 'the walk was done: no page asked again').toBe(0);
      expect(filesIn(out), `stopped at download ${stopAt}`).toEqual(all);
      const askedAgain = rerun.asked.map((line) => line.split(' ')[1]);
      for (const name of kept)
        expect(
          askedAgain.some((key) => name.endsWith(`-${key}${path.extname(name)}`)),
          name,
        ).toBe(false);
      expect(result.files).toMatchObject({ total: all.length, done: all.length, resumed: kept.length });
      expect(readFileSync(out, 'utf8').match(/\]\(<chat_files\//g)).toHaveLength(all.length);
    }
  });

  it('lists a resource that cannot be had with its code, keeps its tag, and has it on the next run', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-files-fail-')), 'chat.html');
    const key = 'img_v3_0210t_5a110c4a-7000-4000-8000-000000000004g';
    const failing = sandboxSource(
      (ask) => async (messageId, fileKey, type, opts) =>
        fileKey === key
          ? { ok: false, failure: { kind: 'api', stage: 'message', code: 234009, msg: 'resource expired', logId: 'log_1' }, exchanges: [] }
          : ask(messageId, fileKey, type, opts),
    );
    const result = await smallGroup(out, failing.source);
    expect(result.fileProblems).toEqual([
      { messageId: smallChatMessageId(0x1c), key, type: 'image', failure: expect.objectContaining({ code: 234009 }) },
    ]);
    expect(result.files).toMatchObject({ total: 6, done: 5, failed: 1 });
    const page = readFileSync(out, 'utf8');
    expect(page).toContain(`[image ${key}]`);
    expect(page.match(/<img /g)).toHaveLength(4);

    const again = sandboxSource();
    await smallGroup(out, again.source);
    expect(again.asked).toEqual([`${smallChatMessageId(0x1c)} ${key}`]);
    expect(readFileSync(out, 'utf8').match(/<img /g)).toHaveLength(5);
  });
});
