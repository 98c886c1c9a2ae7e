import { describe, expect, it, vi } from 'vitest';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, type Sandbox, type SandboxOptions } from './emulator';
import {
  GUEST,
  HIDDEN_THREAD_ID,
  LARGE_CHAT_ID,
  NOT_IN_CHAT_ID,
  SEED_CHAT_ID,
  SMALL_CHAT,
  SMALL_CHAT_CELEBRATED_ID,
  SMALL_CHAT_ID,
  smallChatMessageId,
} from './fixtures/chats';
import {
  generateLargeChat,
  LARGE_CHAT_CELEBRATED_INDEX,
  LARGE_CHAT_MESSAGES,
  largeChatMessageId,
  largeChatUser,
  largeChatUserByOpenId,
} from './fixtures/large-chat';
import { SEED_MESSAGE_ID } from './fixtures/messages';
import { FakeClock } from '../testing/fake-clock';

const BASE = 'http://127.0.0.1:9999';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke at arbitrary API JSON */
type Json = Record<string, any>;

async function setup(options: SandboxOptions = { rateLimits: false }) {
  const sandbox = createSandbox(options);
  const response = await sandbox.handle(
    new Request(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      body: JSON.stringify({ app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET }),
    }),
  );
  const bearer = ((await response.json()) as { tenant_access_token: string }).tenant_access_token;
  const call = async (path: string, init: RequestInit = {}) => {
    const answer = await sandbox.handle(
      new Request(`${BASE}${path}`, { ...init, headers: { authorization: `Bearer ${bearer}`, ...init.headers } }),
    );
    return { status: answer.status, logId: answer.headers.get('x-tt-logid'), body: (await answer.json()) as Json };
  };
  const list = (params: Record<string, string | number | boolean>) =>
    call(`/open-apis/im/v1/messages?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`);
  /** Every item of a listing, following page tokens to the end. */
  const all = async (params: Record<string, string | number | boolean>) => {
    const items: Json[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const { status, body } = await list({ ...params, ...(token ? { page_token: token } : {}) });
      expect(status, JSON.stringify(body)).toBe(200);
      items.push(...body.data.items);
      pages += 1;
      token = body.data.has_more ? body.data.page_token : undefined;
      if (!body.data.has_more) expect(body.data).not.toHaveProperty('page_token');
    } while (token);
    return { items, pages };
  };
  return { sandbox, call, list, all };
}

const chat = (containerId: string, extra: Record<string, string | number | boolean> = {}) => ({
  container_id_type: 'chat',
  container_id: containerId,
  ...extra,
});
const thread = (containerId: string, extra: Record<string, string | number | boolean> = {}) => ({
  container_id_type: 'thread',
  container_id: containerId,
  ...extra,
});
const ids = (items: Json[]) => items.map((item) => item.message_id as string);
const seconds = (item: Json) => Math.floor(Number(item.create_time) / 1000);

/** Every message of the small group as GET answers it, and which of them are replies in threads. */
const smallEntries = SMALL_CHAT.messages();
const smallItems = smallEntries.map((entry) => entry[0]!);
const isThreadReply = (item: Json) => item.thread_id !== undefined && item.root_id !== undefined;

describe('the list call: pages', () => {
  it('lists the small group oldest first, 20 to a page by default, every message but the thread replies once', async () => {
    const { list, all } = await setup();
    const first = await list(chat(SMALL_CHAT_ID));
    expect(first.body.data.items).toHaveLength(20);
    expect(first.body.data.has_more).toBe(true);
    const { items, pages } = await all(chat(SMALL_CHAT_ID));
    expect(pages).toBe(2);
    const expected = smallItems.filter((item) => !isThreadReply(item));
    expect(ids(items)).toEqual(ids(expected));
    expect(new Set(ids(items)).size).toBe(items.length);
    const times = items.map((item) => Number(item.create_time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it.each([1, 2, 7, 27, 28, 29, 50])('gives the same messages at page size %i, newest first the exact reverse', async (size) => {
    const { all } = await setup();
    const ascending = await all(chat(SMALL_CHAT_ID, { page_size: size }));
    const descending = await all(chat(SMALL_CHAT_ID, { page_size: size, sort_type: 'ByCreateTimeDesc' }));
    const total = smallItems.filter((item) => !isThreadReply(item)).length;
    expect(total).toBe(28);
    expect(ascending.items).toHaveLength(total);
    expect(ascending.pages).toBe(Math.ceil(total / size));
    expect(ids(descending.items)).toEqual(ids(ascending.items).reverse());
  });

  it.each([
    ['0', 'the min value is 1'],
    ['51', 'the max value is 50'],
    ['-3', 'the min value is 1'],
    ['ten', 'page_size must be an integer'],
    ['2.5', 'page_size must be an integer'],
  ])('refuses page_size %s with 99992402, the field named', async (size, description) => {
    const { list } = await setup();
    const { status, body, logId } = await list(chat(SMALL_CHAT_ID, { page_size: size }));
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 99992402, msg: 'field validation failed' });
    expect(body.error.field_violations).toEqual([{ field: 'page_size', value: size, description }]);
    expect(body.error.log_id).toBe(logId);
  });

  it('refuses a query without a container or with an unknown sort, and time that is not seconds', async () => {
    const { list } = await setup();
    const field = async (params: Record<string, string>) => {
      const { status, body } = await list(params);
      expect(status).toBe(400);
      expect(body.code).toBe(99992402);
      return body.error.field_violations[0].field as string;
    };
    expect(await field({ container_id: SMALL_CHAT_ID })).toBe('container_id_type');
    expect(await field({ container_id_type: 'p2p', container_id: SMALL_CHAT_ID })).toBe('container_id_type');
    expect(await field({ container_id_type: 'chat' })).toBe('container_id');
    expect(await field(chat(SMALL_CHAT_ID, { sort_type: 'ByUpdateTime' }) as Record<string, string>)).toBe('sort_type');
    expect(await field(chat(SMALL_CHAT_ID, { start_time: '2024-03-04' }) as Record<string, string>)).toBe('start_time');
    expect(await field(chat(SMALL_CHAT_ID, { end_time: '-1' }) as Record<string, string>)).toBe('end_time');
  });

  it('pages through all 10,000 messages of the large group, each once, in both orders', async () => {
    const { all } = await setup();
    const roots = await all(chat(LARGE_CHAT_ID, { page_size: 50 }));
    const threadIds = [...new Set(roots.items.filter((item) => item.thread_id).map((item) => item.thread_id as string))];
    expect(threadIds.length).toBeGreaterThan(100);
    let replies = 0;
    for (const id of threadIds) {
      const { items } = await all(thread(id, { page_size: 50 }));
      expect(items[0]!.thread_id).toBe(id);
      expect(items[0]!.root_id).toBeUndefined();
      replies += items.length - 1;
    }
    expect(roots.items.length + replies).toBe(LARGE_CHAT_MESSAGES);
    expect(new Set(ids(roots.items)).size).toBe(roots.items.length);
    const times = roots.items.map((item) => Number(item.create_time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const descending = await all(chat(LARGE_CHAT_ID, { page_size: 37, sort_type: 'ByCreateTimeDesc' }));
    expect(ids(descending.items)).toEqual(ids(roots.items).reverse());
  });
});

describe('the list call: time ranges in seconds', () => {
  // The build card and the artifacts line share one second (16:00:00.000 and .640, China time).
  const card = smallItems.find((item) => item.message_id === smallChatMessageId(0x0b))!;
  const artifacts = smallItems.find((item) => item.message_id === smallChatMessageId(0x0c))!;
  const second = seconds(card);

  it('takes both ends inclusively, to the second', async () => {
    const { all } = await setup();
    expect(seconds(artifacts)).toBe(second);
    expect(ids((await all(chat(SMALL_CHAT_ID, { start_time: second, end_time: second }))).items)).toEqual([
      card.message_id,
      artifacts.message_id,
    ]);
    const before = (await all(chat(SMALL_CHAT_ID, { end_time: second - 1 }))).items;
    // The last before it is the root of the review thread: its replies are not in the chat container.
    expect(before.at(-1)!.message_id).toBe(smallChatMessageId(0x06));
    expect(before.every((item) => seconds(item) < second)).toBe(true);
    const from = (await all(chat(SMALL_CHAT_ID, { start_time: second }))).items;
    expect(from[0]!.message_id).toBe(card.message_id);
    expect(before.length + from.length).toBe(28);
    const after = (await all(chat(SMALL_CHAT_ID, { start_time: second + 1 }))).items;
    expect(after.map((item) => item.message_id)).not.toContain(artifacts.message_id);
  });

  it('reads milliseconds by mistake as seconds far ahead (nothing), and an empty range as nothing', async () => {
    const { list } = await setup();
    const ms = await list(chat(SMALL_CHAT_ID, { start_time: Number(card.create_time) }));
    expect(ms.body.data).toEqual({ has_more: false, items: [] });
    const backwards = await list(chat(SMALL_CHAT_ID, { start_time: second, end_time: second - 60 }));
    expect(backwards.body.data).toEqual({ has_more: false, items: [] });
  });

  it('pages a range of the large group in both orders, exactly the messages of those seconds', async () => {
    const { all } = await setup();
    const everything = generateLargeChat().filter((item) => !(item.thread_id && item.root_id));
    const start = seconds(everything[1234]!);
    const end = seconds(everything[1800]!);
    const expected = everything.filter((item) => seconds(item) >= start && seconds(item) <= end);
    const asc = await all(chat(LARGE_CHAT_ID, { start_time: start, end_time: end, page_size: 50 }));
    expect(ids(asc.items)).toEqual(ids(expected));
    const desc = await all(chat(LARGE_CHAT_ID, { start_time: start, end_time: end, page_size: 50, sort_type: 'ByCreateTimeDesc' }));
    expect(ids(desc.items)).toEqual(ids(expected).reverse());
  });

  it('ignores the time range for a thread', async () => {
    const { all } = await setup();
    const whole = await all(thread('omt_5a110c4a7001'));
    const ranged = await all(thread('omt_5a110c4a7001', { start_time: 1, end_time: 2 }));
    expect(whole.items).toHaveLength(5);
    expect(ids(ranged.items)).toEqual(ids(whole.items));
  });
});

describe('the list call: page tokens', () => {
  it('takes a token back only for the query that gave it, whatever the page size', async () => {
    const { list } = await setup();
    const first = await list(chat(SMALL_CHAT_ID, { page_size: 5 }));
    const token = first.body.data.page_token as string;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    // Opaque: it does not spell out the chat it belongs to.
    expect(token).not.toContain('oc_');
    const again = await list(chat(SMALL_CHAT_ID, { page_size: 5, page_token: token }));
    const twice = await list(chat(SMALL_CHAT_ID, { page_size: 5, page_token: token }));
    expect(ids(again.body.data.items)).toEqual(ids(twice.body.data.items));
    expect(ids(again.body.data.items)).toEqual(ids(smallItems.filter((item) => !isThreadReply(item)).slice(5, 10)));
    const bigger = await list(chat(SMALL_CHAT_ID, { page_size: 50, page_token: token }));
    expect(bigger.body.data.items).toHaveLength(23);
    for (const other of [
      chat(SMALL_CHAT_ID, { sort_type: 'ByCreateTimeDesc' }),
      chat(SEED_CHAT_ID),
      chat(SMALL_CHAT_ID, { start_time: 1 }),
      thread('omt_5a110c4a7001'),
      chat(SMALL_CHAT_ID, { only_thread_root_messages: true }),
    ]) {
      const refused = await list({ ...other, page_token: token });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe(230001);
      expect(refused.body.error.field_violations[0].field).toBe('page_token');
    }
    expect((await list(chat(SMALL_CHAT_ID, { page_token: 'not-a-token' }))).body.code).toBe(230001);
  });
});

describe('the list call: threads and roots', () => {
  it('shows each thread in the chat as its root; the thread container holds the root and its replies', async () => {
    const { all } = await setup();
    const roots = (await all(chat(SMALL_CHAT_ID))).items.filter((item) => item.thread_id);
    expect(roots.map((item) => item.thread_id)).toEqual(['omt_5a110c4a7001', 'omt_5a110c4a7002']);
    const review = (await all(thread('omt_5a110c4a7001'))).items;
    expect(review[0]).toEqual(roots[0]);
    expect(review.slice(1).every((item) => item.root_id === roots[0]!.message_id && item.thread_id === 'omt_5a110c4a7001')).toBe(true);
    const rollback = (await all(thread('omt_5a110c4a7002', { sort_type: 'ByCreateTimeDesc', page_size: 2 }))).items;
    expect(rollback.at(-1)).toEqual(roots[1]);
    expect(rollback).toHaveLength(5);
    // A quoted reply outside a thread stays in the chat.
    const quoted = (await all(chat(SMALL_CHAT_ID))).items.find((item) => item.parent_id && !item.thread_id);
    expect(quoted?.message_id).toBe(smallChatMessageId(0x0e));
  });

  it('only_thread_root_messages keeps the roots of threads alone', async () => {
    const { all } = await setup();
    expect(ids((await all(chat(SMALL_CHAT_ID, { only_thread_root_messages: true }))).items)).toEqual([
      smallChatMessageId(0x06),
      smallChatMessageId(0x11),
    ]);
    const large = (await all(chat(LARGE_CHAT_ID, { only_thread_root_messages: true, page_size: 50 }))).items;
    expect(large.length).toBeGreaterThan(100);
    expect(large.every((item) => item.thread_id && !item.root_id)).toBe(true);
  });

  it('lists the seed chat from the fixtures: the API page example is in its thread', async () => {
    const { all, call } = await setup();
    const seedThread = (await all(thread('omt_d4be107c616a'))).items;
    expect(ids(seedThread)).toEqual(['om_40eb06e7b84dc71c03e009ad3c754195', 'om_d4be107c616aed9c1da8ed8068570a9f', SEED_MESSAGE_ID]);
    const top = (await all(chat(SEED_CHAT_ID, { page_size: 50 }))).items;
    expect(ids(top)).toContain('om_40eb06e7b84dc71c03e009ad3c754195');
    expect(ids(top)).not.toContain(SEED_MESSAGE_ID);
    expect(ids(top)).toContain('om_x100b9a11e20f04a4dee000000000000');
    // The same item GET message answers.
    const got = await call(`/open-apis/im/v1/messages/${SEED_MESSAGE_ID}`);
    expect(seedThread[2]).toEqual(got.body.data.items[0]);
  });

  it('answers GET message for every message of the small group with the same item (a forward with its sub-messages)', async () => {
    const { all, call } = await setup();
    const listed = [...(await all(chat(SMALL_CHAT_ID))).items];
    for (const id of ['omt_5a110c4a7001', 'omt_5a110c4a7002']) listed.push(...(await all(thread(id))).items.slice(1));
    expect(listed).toHaveLength(smallEntries.length);
    for (const item of listed) {
      const { body } = await call(`/open-apis/im/v1/messages/${item.message_id}`);
      expect(body.data.items[0]).toEqual(item);
    }
    const forward = await call(`/open-apis/im/v1/messages/${smallChatMessageId(0x0f)}`);
    expect(forward.body.data.items.map((item: Json) => item.msg_type)).toEqual(['merge_forward', 'text', 'image', 'text']);
    expect(forward.body.data.items.slice(1).every((item: Json) => item.upper_message_id === smallChatMessageId(0x0f))).toBe(true);
    const recalled = listed.find((item) => item.deleted);
    expect(recalled?.body.content).toBe('This message was recalled');
  });

  it('answers GET message for messages of the large group', async () => {
    const { call, list } = await setup();
    const page = await list(chat(LARGE_CHAT_ID, { page_size: 3, sort_type: 'ByCreateTimeDesc' }));
    for (const item of page.body.data.items) {
      expect((await call(`/open-apis/im/v1/messages/${item.message_id}`)).body.data.items).toEqual([item]);
    }
    expect((await call(`/open-apis/im/v1/messages/${largeChatMessageId(LARGE_CHAT_MESSAGES)}`)).body.code).toBe(230001);
  });
});

describe('names', () => {
  it('adds sender_name and sender_i18n_names only with with_sender_name=true, in the list and in GET', async () => {
    const { all, call } = await setup();
    const plain = (await all(chat(SMALL_CHAT_ID))).items;
    expect(plain.some((item) => 'sender_name' in item.sender || 'sender_i18n_names' in item.sender)).toBe(false);
    const named = (await all(chat(SMALL_CHAT_ID, { with_sender_name: true }))).items;
    const byId = new Map(named.map((item) => [item.message_id, item]));
    expect(byId.get(smallChatMessageId(0x0d))!.sender).toMatchObject({
      sender_name: '佐藤',
      sender_i18n_names: { zh_cn: '佐藤', en_us: 'Sato', ja_jp: '佐藤' },
    });
    // The bot is named too; the guest from another tenant is not: the client must fall back to the ID.
    expect(byId.get(smallChatMessageId(0x0b))!.sender).toMatchObject({ sender_type: 'app', sender_name: 'Release Bot' });
    const guest = byId.get(smallChatMessageId(0x1a))!.sender;
    expect(guest.id).toBe(GUEST.open_id);
    expect(guest).not.toHaveProperty('sender_name');
    expect(named.filter((item) => item.sender.id !== GUEST.open_id).every((item) => item.sender.sender_i18n_names)).toBe(true);

    const got = (await call(`/open-apis/im/v1/messages/${smallChatMessageId(0x0f)}?with_sender_name=true`)).body.data.items;
    expect(got.map((item: Json) => item.sender.sender_name)).toEqual(['Hanna', 'Tom', '李雷', undefined]);
    const gotPlain = (await call(`/open-apis/im/v1/messages/${smallChatMessageId(0x0f)}`)).body.data.items;
    expect(gotPlain.every((item: Json) => !('sender_name' in item.sender))).toBe(true);
    const seed = (await call(`/open-apis/im/v1/messages/${SEED_MESSAGE_ID}?with_sender_name=true`)).body.data.items[0];
    expect(seed.sender.sender_i18n_names).toEqual({ zh_cn: '发布助手', en_us: 'Release Bot', ja_jp: 'リリースボット' });
  });

  it('names all 300 senders of the large group, and translates their IDs for user_id_type', async () => {
    const { list } = await setup();
    const senders = new Map<string, Json>();
    for (const item of generateLargeChat()) senders.set(item.sender!.id!, item.sender!);
    expect(senders.size).toBe(300);
    const page = await list(chat(LARGE_CHAT_ID, { with_sender_name: true, user_id_type: 'user_id', page_size: 50 }));
    for (const item of page.body.data.items) {
      expect(item.sender.sender_name).toEqual(expect.any(String));
      expect(Object.keys(item.sender.sender_i18n_names).sort()).toEqual(['en_us', 'ja_jp', 'zh_cn']);
      if (item.sender.sender_type === 'user')
        expect(item.sender).toMatchObject({ id_type: 'user_id', id: expect.stringMatching(/^u1a26e\d+$/) });
    }
    expect(largeChatUser(7).name).not.toBe(largeChatUser(8).name);
  });

  it('makes each user of the large group once, however often with_sender_name looks a sender up', () => {
    // Every item of every page is looked up: a user built anew each time was most of what the
    // sandbox allocated in a 10,000-message export (bench chat-export-heap).
    const user = largeChatUser(42);
    expect(largeChatUser(42)).toBe(user);
    expect(largeChatUserByOpenId(user.open_id)).toBe(user);
  });
});

describe('the list call: errors, limits and faults', () => {
  it('answers 230002 for the chat the bot is not in, 230073 for the hidden thread, 230001 for unknown containers', async () => {
    const { list } = await setup();
    const notIn = await list(chat(NOT_IN_CHAT_ID));
    expect(notIn.status).toBe(400);
    expect(notIn.body).toMatchObject({ code: 230002, msg: 'The bot can not be outside the group.' });
    expect(notIn.body.error.log_id).toBe(notIn.logId);
    expect((await list(thread(HIDDEN_THREAD_ID))).body.code).toBe(230073);
    const unknown = await list(chat('oc_nosuchchat'));
    expect(unknown.body.code).toBe(230001);
    expect(unknown.body.error.field_violations[0]).toMatchObject({ field: 'container_id', value: 'oc_nosuchchat' });
    expect((await list(thread('omt_nosuchthread'))).body.code).toBe(230001);
    // A thread is not a chat, nor the other way round.
    expect((await list(chat('omt_5a110c4a7001'))).body.code).toBe(230001);
    expect((await list(thread(SMALL_CHAT_ID))).body.code).toBe(230001);
  });

  it('answers oc_error_99991672 with the scope the list call misses in a group, with the link to apply', async () => {
    const { list } = await setup();
    const { status, body, logId } = await list(chat('oc_error_99991672'));
    expect(status).toBe(400);
    expect(body.code).toBe(99991672);
    expect(body.msg).toContain('im:message.group_msg');
    expect(body.error.permission_violations).toEqual([{ type: 'action_scope_required', subject: 'im:message.group_msg' }]);
    expect(body.error.helps[0].url).toContain('q=im:message.group_msg');
    expect(body.error.log_id).toBe(logId);
    expect((await list(chat('oc_error_230027'))).body.code).toBe(230027);
  });

  it('counts list calls against the same 50 a second as GET message', async () => {
    const clock = new FakeClock();
    const { list, call } = await setup({ clock });
    for (let i = 0; i < 25; i += 1) expect((await call(`/open-apis/im/v1/messages/${SEED_MESSAGE_ID}`)).status).toBe(200);
    for (let i = 0; i < 25; i += 1) expect((await list(chat(SMALL_CHAT_ID))).status).toBe(200);
    const limited = await list(chat(SMALL_CHAT_ID));
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe(99991400);
    expect((await call(`/open-apis/im/v1/messages/${SEED_MESSAGE_ID}`)).status).toBe(429);
    clock.advance(1000);
    expect((await list(chat(SMALL_CHAT_ID))).status).toBe(200);
  });

  it('injects faults into the list call: at the configured rate, and for oc_fault_ / oc_flaky_ chats', async () => {
    const { sandbox, list } = await setup({ rateLimits: false, faults: { rate: 1, kinds: ['500'] }, random: () => 0 });
    expect((await list(chat(SMALL_CHAT_ID))).status).toBe(500);
    expect(sandbox.stats.faultsInjected).toBe(1);
    sandbox.setFaults({ rate: 0, kinds: ['500'] });
    expect((await list(chat('oc_fault_502')).catch(() => ({ status: 502 }))).status).toBe(502);
    expect((await list(chat('oc_flaky_429'))).status).toBe(429);
    const through = await list(chat('oc_flaky_429'));
    expect(through.status).toBe(200);
    expect(through.body.data.items[0].chat_id).toBe('oc_flaky_429');
    expect(sandbox.stats.listRequests).toBe(4);
  });

  it('honours user_id_type and card_msg_content_type as GET message does', async () => {
    const { list } = await setup();
    const page = await list(chat(SMALL_CHAT_ID, { user_id_type: 'union_id', page_size: 5 }));
    const tom = page.body.data.items.find((item: Json) => item.message_id === smallChatMessageId(0x03));
    expect(tom.sender).toMatchObject({ id: 'on_8ed6aa67826108097d9ee143816345', id_type: 'union_id' });
    expect(tom.mentions[0]).toMatchObject({ id: 'on_9f8e7d6c5b4a39281706f5e4d3c2b1a0', id_type: 'union_id' });
    expect((await list(chat(SMALL_CHAT_ID, { user_id_type: 'email' }))).body.code).toBe(230001);
  });
});

describe('chats', () => {
  it('GET chat tells a chat the bot is in in full, one it is not in by its public fields only', async () => {
    const { call } = await setup();
    const small = await call(`/open-apis/im/v1/chats/${SMALL_CHAT_ID}?user_id_type=user_id`);
    expect(small.body.code).toBe(0);
    expect(small.body.data).toMatchObject({
      name: '2.5 release room',
      i18n_names: { zh_cn: '2.5 版本发布群', en_us: '2.5 release room', ja_jp: '2.5 リリースルーム' },
      owner_id_type: 'user_id',
      owner_id: 'hanna',
      chat_mode: 'group',
      chat_type: 'private',
      external: true,
      user_count: '7',
      bot_count: '1',
      chat_status: 'normal',
    });
    const notIn = await call(`/open-apis/im/v1/chats/${NOT_IN_CHAT_ID}`);
    expect(Object.keys(notIn.body.data).sort()).toEqual(['avatar', 'bot_count', 'chat_status', 'name', 'user_count']);
    expect((await call('/open-apis/im/v1/chats/oc_nosuchchat')).body.code).toBe(232006);
    expect((await call(`/open-apis/im/v1/chats/${LARGE_CHAT_ID}`)).body.data.user_count).toBe('299');
  });

  it('batch_query names many chats at once and leaves out the unknown', async () => {
    const { call } = await setup();
    const post = (body: unknown) =>
      call('/open-apis/im/v1/chats/batch_query?user_id_type=open_id', {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
    const { body } = await post({ chat_ids: [SMALL_CHAT_ID, 'oc_nosuchchat', SEED_CHAT_ID, NOT_IN_CHAT_ID] });
    expect(body.data.items.map((item: Json) => [item.chat_id, item.name])).toEqual([
      [SMALL_CHAT_ID, '2.5 release room'],
      [SEED_CHAT_ID, 'API examples'],
      [NOT_IN_CHAT_ID, 'Finance (the bot is not in this chat)'],
    ]);
    expect((await post({ chat_ids: Array.from({ length: 51 }, (_, i) => `oc_${i}`) })).body.code).toBe(99992402);
    expect((await post({})).body.code).toBe(99992402);
  });
});

describe('reactions', () => {
  const reactions = '/open-apis/im/v1/messages';

  it('pages a message with more than 50 reactions, oldest first, in the platform shape', async () => {
    const { call } = await setup();
    const seen: Json[] = [];
    let token = '';
    let pages = 0;
    do {
      const { body } = await call(`${reactions}/${SMALL_CHAT_CELEBRATED_ID}/reactions?page_size=50${token ? `&page_token=${token}` : ''}`);
      expect(body.code).toBe(0);
      seen.push(...body.data.items);
      token = body.data.has_more ? body.data.page_token : '';
      pages += 1;
    } while (token);
    expect(pages).toBe(2);
    expect(seen).toHaveLength(57);
    expect(new Set(seen.map((r) => r.reaction_id)).size).toBe(57);
    expect(seen[0]).toEqual({
      reaction_id: expect.any(String),
      operator: { operator_id: expect.stringMatching(/^ou_/), operator_type: 'user' },
      action_time: expect.stringMatching(/^\d{13}$/),
      reaction_type: { emoji_type: 'THUMBSUP' },
    });
    expect(seen.at(-1)!.operator).toEqual({ operator_id: 'cli_9f427eec54ae901b', operator_type: 'app' });
    const times = seen.map((r) => Number(r.action_time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const first = await call(`${reactions}/${SMALL_CHAT_CELEBRATED_ID}/reactions`);
    expect(first.body.data.items).toHaveLength(20);
  });

  it('filters by reaction_type, translates operators, refuses bad sizes and a recalled message', async () => {
    const { call } = await setup();
    const party = await call(`${reactions}/${SMALL_CHAT_CELEBRATED_ID}/reactions?reaction_type=PARTY&user_id_type=user_id`);
    expect(party.body.data.items).toHaveLength(8);
    expect(party.body.data.items.map((r: Json) => r.operator.operator_id)).toContain('lilei');
    expect((await call(`${reactions}/${SMALL_CHAT_CELEBRATED_ID}/reactions?page_size=51`)).body.code).toBe(99992402);
    expect((await call(`${reactions}/${smallChatMessageId(0x16)}/reactions`)).body.code).toBe(230110);
    const none = await call(`${reactions}/${smallChatMessageId(0x02)}/reactions`);
    expect(none.body.data).toEqual({ items: [], has_more: false, page_token: '' });
    const large = await call(`${reactions}/${largeChatMessageId(LARGE_CHAT_CELEBRATED_INDEX)}/reactions?page_size=50`);
    expect(large.body.data.items).toHaveLength(50);
    expect(large.body.data.has_more).toBe(true);
  });
});

describe('resources of the chats', () => {
  it('serves the images of the chats, in threads and in a forward (through the forward)', async () => {
    const { sandbox, all } = await setup();
    const authorization = await bearerOf(sandbox);
    const bearerCall = (messageId: string, content: string) => {
      const key = (JSON.parse(content) as { image_key: string }).image_key;
      return sandbox.handle(
        new Request(`${BASE}/open-apis/im/v1/messages/${messageId}/resources/${key}?type=image`, { headers: { authorization } }),
      );
    };
    const images = [
      ...(await all(chat(SMALL_CHAT_ID))).items,
      ...(await all(thread('omt_5a110c4a7001'))).items,
      ...(await all(chat(LARGE_CHAT_ID, { page_size: 50, end_time: 1704300000 }))).items,
    ].filter((item) => item.msg_type === 'image' && !item.deleted);
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) {
      const response = await bearerCall(image.message_id, image.body.content);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
    }
    const [forward, , subImage] = SMALL_CHAT.messages().find((entry) => entry[0]!.msg_type === 'merge_forward')!;
    expect((await bearerCall(forward!.message_id!, subImage!.body!.content!)).status).toBe(200);
    const direct = await bearerCall(subImage!.message_id!, subImage!.body!.content!);
    expect(direct.status).toBe(400);
    expect(((await direct.json()) as Json).code).toBe(234003);
  });
});

async function bearerOf(sandbox: Sandbox): Promise<string> {
  const response = await sandbox.handle(
    new Request(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      body: JSON.stringify({ app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET }),
    }),
  );
  return `Bearer ${((await response.json()) as { tenant_access_token: string }).tenant_access_token}`;
}

describe('the large group is made from a seed, when first asked for', () => {
  it('is the same chat every time, without Math.random or the clock', () => {
    const random = vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random used');
    });
    const now = vi.spyOn(Date, 'now').mockImplementation(() => {
      throw new Error('Date.now used');
    });
    try {
      const first = JSON.stringify(generateLargeChat());
      expect(JSON.stringify(generateLargeChat())).toBe(first);
      expect(first.length).toBeGreaterThan(1_000_000);
    } finally {
      random.mockRestore();
      now.mockRestore();
    }
  });

  it('is not generated by making sandboxes, looking up other messages or listing other chats', async () => {
    vi.resetModules();
    const fresh = await import('./emulator');
    const large = await import('./fixtures/large-chat');
    const sandbox = fresh.createSandbox({ rateLimits: false });
    const authorization = await bearerOf(sandbox);
    const call = (path: string) => sandbox.handle(new Request(`${BASE}${path}`, { headers: { authorization } }));
    await call(`/open-apis/im/v1/messages/${SEED_MESSAGE_ID}`);
    await call('/open-apis/im/v1/messages/om_nosuchmessage0000');
    await call(`/open-apis/im/v1/messages?container_id_type=chat&container_id=${SMALL_CHAT_ID}`);
    await call('/open-apis/im/v1/messages?container_id_type=thread&container_id=omt_5a110c4a7001');
    await call(`/open-apis/im/v1/chats/${LARGE_CHAT_ID}`);
    expect(large.isLargeChatGenerated()).toBe(false);
    await call(`/open-apis/im/v1/messages?container_id_type=chat&container_id=${LARGE_CHAT_ID}`);
    expect(large.isLargeChatGenerated()).toBe(true);
  });
});
