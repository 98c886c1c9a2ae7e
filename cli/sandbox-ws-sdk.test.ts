/**
 * The judge of the sandbox's long connection: the official Node SDK's WSClient, unchanged, with
 * `inspector sandbox` as its domain. It asks the endpoint, connects, pings, joins fragments and
 * acknowledges as it does against the platform; a message sent through /sandbox/v1/send must
 * reach its EventDispatcher as `im.message.receive_v1`.
 */

import * as lark from '@larksuiteoapi/node-sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMALL_CHAT_ID } from '../core/sandbox/fixtures/chats';
import { TOM } from '../core/sandbox/fixtures/people';
import type { LiveStats } from '../core/sandbox/live';

const root = path.resolve(import.meta.dirname, '..');
const quiet = () => undefined;
const logger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };

let server: ChildProcess;
let base: string;
let client: lark.WSClient;
/* eslint-disable @typescript-eslint/no-explicit-any -- the SDK hands events over as plain objects */
const received: any[] = [];
const waiters: (() => void)[] = [];

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
  const dispatcher = new lark.EventDispatcher({ logger }).register({
    'im.message.receive_v1': async (data) => {
      received.push(data);
      for (const wake of waiters.splice(0)) wake();
    },
  });
  await new Promise<void>((resolve, reject) => {
    client = new lark.WSClient({
      appId: 'cli_9f427eec54ae901b',
      appSecret: 'sandbox_secret',
      domain: base,
      logger,
      autoReconnect: false,
      onReady: resolve,
      onError: reject,
    });
    void client.start({ eventDispatcher: dispatcher });
  });
}, 30_000);

afterAll(() => {
  client?.close({ force: true });
  server?.kill('SIGTERM');
});

async function send(body: unknown): Promise<{ message_id: string; event_id: string }> {
  const response = await fetch(`${base}/sandbox/v1/send`, { method: 'POST', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { message_id: string; event_id: string };
}

/** The event for a message, once the SDK has handed it to the dispatcher. */
async function receivedFor(messageId: string): Promise<any> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const found = received.find((event) => event.message?.message_id === messageId);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no event for ${messageId}; got ${received.length}`);
    await new Promise<void>((resolve) => {
      waiters.push(resolve);
      setTimeout(resolve, 200);
    });
  }
}

async function liveState(): Promise<{ connections: number; stats: LiveStats }> {
  return (await (await fetch(`${base}/sandbox/v1/live`)).json()) as { connections: number; stats: LiveStats };
}

describe('the official SDK WSClient against inspector sandbox', () => {
  it('connects, pings and receives a message sent through /sandbox/v1/send, and acknowledges it', async () => {
    expect(client.getConnectionStatus().state).toBe('connected');
    const sent = await send({ text: 'hello from the suite' });
    const event = await receivedFor(sent.message_id);
    expect(event).toMatchObject({
      event_type: 'im.message.receive_v1',
      event_id: sent.event_id,
      app_id: 'cli_9f427eec54ae901b',
      sender: { sender_id: { open_id: TOM.open_id }, sender_type: 'user' },
      message: { chat_id: SMALL_CHAT_ID, chat_type: 'group', message_type: 'text', content: '{"text":"hello from the suite"}' },
    });
    // The acknowledgement the SDK sent back was understood: nothing is sent again.
    for (let i = 0; i < 50 && (await liveState()).stats.acknowledged < 1; i += 1) await new Promise((r) => setTimeout(r, 50));
    const state = await liveState();
    expect(state).toMatchObject({ connections: 1, stats: { acknowledged: 1, resends: 0, failedAcks: 0 } });
    expect(state.stats.pings).toBeGreaterThanOrEqual(1);
  });

  it('joins an event that comes in fragments', async () => {
    const text = '片段'.repeat(30_000);
    const sent = await send({ text });
    const event = await receivedFor(sent.message_id);
    expect(JSON.parse(event.message.content)).toEqual({ text });
  });
});
