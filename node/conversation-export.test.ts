import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import type { CallResult, ListMessagesQuery, MessagePage } from '../core/feishu/client';
import type { ApiMessage, FeishuFailure, GetMessageResponse } from '../core/feishu/types';
import { walkConversation, WalkStoppedError, type ConversationSource } from '../core/conversations/walk';
import { ExportInProgressError, exportConversation, resumeDirFor, type ConversationExportOptions } from './conversation-export';

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

  it('goes on from the time reached when the platform no longer takes the kept page token', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'chat-token-'));
    const out = path.join(dir, 'chat.ndjson');
    const broken = sourceOf(chat, (query, page) => (query.containerIdType === 'chat' && page === 2 ? NETWORK : undefined));
    await expect(exportConversation(options(out, broken))).rejects.toBeInstanceOf(WalkStoppedError);
    // A new day, a new server: every old token is refused; listing from a time still works.
    const refusing: ConversationSource = {
      ...sourceOf(chat),
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
        if (query.startTime === undefined) return sourceOf(chat).listMessages(query, opts);
        // From a time: the messages at or after that second, then pages by token again.
        const from = chat.roots.findIndex((item) => Number(item.create_time) >= query.startTime! * 1000);
        const rest = { ...chat, roots: chat.roots.slice(from) };
        return sourceOf(rest).listMessages(query, opts);
      },
    };
    const result = await exportConversation(options(out, refusing));
    expect(idsOf(out)).toEqual(await whole());
    expect(result.resumedEntries).toBeGreaterThan(0);
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

  it('writes the other formats from the same spool (HTML holds every message)', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'chat-html-')), 'chat.html');
    await exportConversation({ ...options(out, sourceOf(fakeChat(60))), format: 'html' });
    const html = readFileSync(out, 'utf8');
    expect(html.match(/<section class="entry">/g)).toHaveLength(60 + 6 * 3);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });
});
