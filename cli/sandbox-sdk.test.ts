/**
 * The official Node SDK, unchanged, pointed at `inspector sandbox`: it must page through the
 * sandbox's chats as it would through the platform's. The SDK neither paces nor retries, so at
 * full speed through 10,000 messages it would meet the 50-a-second limit here as it would there:
 * this server runs with --no-rate-limit.
 */

import * as lark from '@larksuiteoapi/node-sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LARGE_CHAT_ID, NOT_IN_CHAT_ID, SMALL_CHAT, SMALL_CHAT_CELEBRATED_ID, SMALL_CHAT_ID } from '../core/sandbox/fixtures/chats';
import { generateLargeChat, LARGE_CHAT_MESSAGES } from '../core/sandbox/fixtures/large-chat';

const root = path.resolve(import.meta.dirname, '..');
let server: ChildProcess;
let client: lark.Client;

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0', '--no-rate-limit'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
  const quiet = () => undefined;
  client = new lark.Client({
    appId: 'cli_sandbox',
    appSecret: 'sandbox_secret',
    domain: base,
    // The SDK logs the 230002 this file asks for on purpose.
    logger: { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet },
  });
}, 30_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

type Item = { message_id?: string; create_time?: string; thread_id?: string; root_id?: string; sender?: { sender_name?: string } };

/** Every item the SDK's iterator yields for a container; a page it could not get would come as null. */
async function iterate(params: Parameters<lark.Client['im']['message']['listWithIterator']>[0]): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of await client.im.message.listWithIterator(params)) {
    expect(page).not.toBeNull();
    items.push(...(page?.items ?? []));
  }
  return items;
}

const smallTopLevel = SMALL_CHAT.messages()
  .map((entry) => entry[0]!)
  .filter((item) => !(item.thread_id && item.root_id));

describe('the official Node SDK against inspector sandbox', () => {
  it('im.message.list pages through the small group by page_token until has_more ends', async () => {
    const seen: string[] = [];
    let pageToken: string | undefined;
    let pages = 0;
    for (;;) {
      const answer = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: SMALL_CHAT_ID, page_size: 7, ...(pageToken ? { page_token: pageToken } : {}) },
      });
      expect(answer.code).toBe(0);
      seen.push(...(answer.data?.items ?? []).map((item) => item.message_id!));
      pages += 1;
      if (!answer.data?.has_more) {
        expect(answer.data?.page_token).toBeUndefined();
        break;
      }
      pageToken = answer.data.page_token;
    }
    expect(pages).toBe(Math.ceil(smallTopLevel.length / 7));
    expect(seen).toEqual(smallTopLevel.map((item) => item.message_id));
  });

  it('listWithIterator pages newest first with names, and through each thread', async () => {
    const items = await iterate({
      params: {
        container_id_type: 'chat',
        container_id: SMALL_CHAT_ID,
        sort_type: 'ByCreateTimeDesc',
        page_size: 5,
        with_sender_name: true,
      },
    });
    expect(items.map((item) => item.message_id)).toEqual(smallTopLevel.map((item) => item.message_id).reverse());
    expect(items.find((item) => item.message_id === SMALL_CHAT_CELEBRATED_ID)?.sender?.sender_name).toBe('Hanna');
    const threadIds = [...new Set(items.flatMap((item) => (item.thread_id ? [item.thread_id] : [])))];
    let replies = 0;
    for (const threadId of threadIds) {
      const thread = await iterate({ params: { container_id_type: 'thread', container_id: threadId, page_size: 2 } });
      expect(thread[0]?.thread_id).toBe(threadId);
      replies += thread.length - 1;
    }
    expect(smallTopLevel.length + replies).toBe(SMALL_CHAT.messages().length);
  });

  it('listWithIterator goes through all 10,000 messages of the large group, each once, in order', async () => {
    const roots = await iterate({ params: { container_id_type: 'chat', container_id: LARGE_CHAT_ID, page_size: 50 } });
    const times = roots.map((item) => Number(item.create_time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const expected = generateLargeChat().filter((item) => !(item.thread_id && item.root_id));
    expect(roots.map((item) => item.message_id)).toEqual(expected.map((item) => item.message_id));
    let total = roots.length;
    for (const threadId of new Set(roots.flatMap((item) => (item.thread_id ? [item.thread_id] : [])))) {
      total += (await iterate({ params: { container_id_type: 'thread', container_id: threadId, page_size: 50 } })).length - 1;
    }
    expect(total).toBe(LARGE_CHAT_MESSAGES);
  }, 60_000);

  it('hands the platform errors and the other endpoints to the SDK in shapes it reads', async () => {
    await expect(client.im.message.list({ params: { container_id_type: 'chat', container_id: NOT_IN_CHAT_ID } })).rejects.toMatchObject({
      response: { status: 400, data: { code: 230002 } },
    });
    const chat = await client.im.chat.get({ path: { chat_id: SMALL_CHAT_ID } });
    expect(chat.data?.name).toBe('2.5 release room');
    const reactions = await client.im.messageReaction.list({ path: { message_id: SMALL_CHAT_CELEBRATED_ID }, params: { page_size: 50 } });
    expect(reactions.data?.items).toHaveLength(50);
    expect(reactions.data?.has_more).toBe(true);
  });
});
