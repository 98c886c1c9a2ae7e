/**
 * The official Node SDK, unchanged, as a store app (AppType.ISV) against `inspector sandbox`:
 * the app_ticket that `inspector sandbox` prints on stderr, as the app's webhook would receive
 * it, goes through the SDK's own EventDispatcher (which keeps it as the webhook handler of a real
 * store app would); the SDK then trades it for an app_access_token and a tenant_access_token of
 * the tenant asked for, and reads that tenant's message.
 */

import * as lark from '@larksuiteoapi/node-sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_GLOBEX_TENANT_KEY, SANDBOX_STORE_APP_ID, SANDBOX_STORE_APP_SECRET, SANDBOX_TENANT_KEY } from '../core/sandbox/apps';
import { GLOBEX_MESSAGE_ID } from '../core/sandbox/fixtures/chats';
import { SEED_MESSAGE_ID } from '../core/sandbox/fixtures/messages';

const root = path.resolve(import.meta.dirname, '..');
let server: ChildProcess;
let base: string;
const webhooks: unknown[] = [];

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'cli/main.ts'), 'sandbox', '--port', '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  createInterface({ input: server.stderr! }).on('line', (line) => {
    const json = /^app_ticket for \S+ webhook \(valid \d+ hours\): (\{.*\})$/.exec(line)?.[1];
    if (json) webhooks.push(JSON.parse(json));
  });
  base = await new Promise<string>((resolve, reject) => {
    createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`inspector sandbox exited ${code}`)));
  });
  const deadline = Date.now() + 10_000;
  while (webhooks.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
}, 30_000);

afterAll(() => {
  server?.kill('SIGTERM');
});

describe('the official Node SDK as a store app against inspector sandbox', () => {
  it('takes the pushed app_ticket through its EventDispatcher and reads a message in each tenant it asks for', async () => {
    expect(webhooks).toHaveLength(1);
    const quiet = () => undefined;
    const logger = { error: quiet, warn: quiet, info: quiet, debug: quiet, trace: quiet };
    await new lark.EventDispatcher({ logger }).invoke(webhooks[0]);
    const client = new lark.Client({
      appId: SANDBOX_STORE_APP_ID,
      appSecret: SANDBOX_STORE_APP_SECRET,
      appType: lark.AppType.ISV,
      domain: base,
      logger,
    });

    const globex = await client.im.message.get({ path: { message_id: GLOBEX_MESSAGE_ID } }, lark.withTenantKey(SANDBOX_GLOBEX_TENANT_KEY));
    expect(globex.code).toBe(0);
    expect(globex.data?.items?.[0]?.sender?.tenant_key).toBe(SANDBOX_GLOBEX_TENANT_KEY);

    const own = await client.im.message.get({ path: { message_id: SEED_MESSAGE_ID } }, lark.withTenantKey(SANDBOX_TENANT_KEY));
    expect(own.code).toBe(0);
    expect(own.data?.items?.[0]?.message_id).toBe(SEED_MESSAGE_ID);
  }, 30_000);
});
