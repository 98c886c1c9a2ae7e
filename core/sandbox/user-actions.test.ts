import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testing/fake-clock';
import { connectLive, settle } from '../testing/live-client';
import { createSandbox, SANDBOX_APP_SECRET, SANDBOX_BOT_APP_ID, type Sandbox, type SandboxOptions } from './emulator';
import { LARGE_CHAT_ID, NOT_IN_CHAT_ID, SMALL_CHAT_CELEBRATED_ID, SMALL_CHAT_ID } from './fixtures/chats';
import { TENANT, TOM } from './fixtures/people';
import { SANDBOX_VERIFICATION_TOKEN } from './user-actions';

const BASE = 'http://127.0.0.1:9999';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke at arbitrary API JSON */
type Json = Record<string, any>;

/** A sandbox, a token of the bot app (`cli_` + 16 hex, with the sandbox's secret), and its calls. */
async function setup(options: SandboxOptions = { rateLimits: false }) {
  const sandbox = createSandbox(options);
  const answer = async (path: string, init: RequestInit = {}) => {
    const response = await sandbox.handle(new Request(`${BASE}${path}`, init));
    return { status: response.status, body: (await response.json()) as Json };
  };
  const token = await answer('/open-apis/auth/v3/tenant_access_token/internal', {
    method: 'POST',
    body: JSON.stringify({ app_id: SANDBOX_BOT_APP_ID, app_secret: SANDBOX_APP_SECRET }),
  });
  expect(token.body.code).toBe(0);
  const call = (path: string) => answer(path, { headers: { authorization: `Bearer ${token.body.tenant_access_token}` } });
  const post = (route: string, body: unknown) =>
    answer(`/sandbox/v1/${route}`, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) });
  const newest = async (chatId: string) =>
    (await call(`/open-apis/im/v1/messages?container_id_type=chat&container_id=${chatId}&sort_type=ByCreateTimeDesc&page_size=1`)).body.data
      .items[0];
  return { sandbox, call, post, newest };
}

describe('POST /sandbox/v1/send', () => {
  it('sends a text as a user into the small group: GET finds it, the list call lists it, the receive event is pushed', async () => {
    const { sandbox, call, post, newest } = await setup();
    const client = await connectLive(sandbox);
    const sent = await post('send', { text: 'hello' });
    expect(sent.status).toBe(200);
    expect(sent.body.message_id).toMatch(/^om_x100b[0-9a-f]{27}$/);

    const got = await call(`/open-apis/im/v1/messages/${sent.body.message_id}?with_sender_name=true`);
    expect(got.status).toBe(200);
    expect(got.body.data.items[0]).toMatchObject({
      message_id: sent.body.message_id,
      msg_type: 'text',
      chat_id: SMALL_CHAT_ID,
      deleted: false,
      body: { content: '{"text":"hello"}' },
      sender: { id: TOM.open_id, id_type: 'open_id', sender_type: 'user', sender_name: 'Tom' },
    });
    expect(await newest(SMALL_CHAT_ID)).toMatchObject({ message_id: sent.body.message_id });

    await settle();
    expect(client.events).toHaveLength(1);
    const { body: event } = client.events[0]!;
    expect(event).toEqual({
      schema: '2.0',
      header: {
        event_id: sent.body.event_id,
        event_type: 'im.message.receive_v1',
        create_time: expect.stringMatching(/^\d{13}$/),
        token: SANDBOX_VERIFICATION_TOKEN,
        app_id: SANDBOX_BOT_APP_ID,
        tenant_key: TENANT,
      },
      event: {
        sender: {
          sender_id: { open_id: TOM.open_id, union_id: TOM.union_id, user_id: TOM.user_id },
          sender_type: 'user',
          tenant_key: TENANT,
        },
        message: {
          message_id: sent.body.message_id,
          create_time: got.body.data.items[0].create_time,
          update_time: got.body.data.items[0].update_time,
          chat_id: SMALL_CHAT_ID,
          chat_type: 'group',
          message_type: 'text',
          content: '{"text":"hello"}',
        },
      },
    });
  });

  it('sends into another chat the bot is in, and each message gets its own ID', async () => {
    const { post, newest } = await setup();
    const one = await post('send', { chat_id: LARGE_CHAT_ID, text: 'one' });
    const two = await post('send', { chat_id: LARGE_CHAT_ID, text: 'two' });
    expect(one.body.message_id).not.toBe(two.body.message_id);
    expect(await newest(LARGE_CHAT_ID)).toMatchObject({ message_id: two.body.message_id, body: { content: '{"text":"two"}' } });
  });

  it('refuses what it cannot send, saying what was wrong', async () => {
    const { sandbox, post } = await setup();
    const violation = async (body: unknown) => {
      const answer = await post('send', body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe(99992402);
      return answer.body.error.field_violations[0];
    };
    expect(await violation({})).toMatchObject({ field: 'text', description: expect.stringMatching(/required/) });
    expect(await violation({ text: '' })).toMatchObject({ field: 'text' });
    expect(await violation({ text: 42 })).toMatchObject({ field: 'text' });
    expect(await violation({ text: 'x'.repeat(150_001) })).toMatchObject({ field: 'text', description: expect.stringMatching(/150000/) });
    expect(await violation({ chatId: SMALL_CHAT_ID, text: 'hi' })).toMatchObject({
      field: 'chatId',
      description: expect.stringMatching(/chat_id, text/),
    });
    expect(await violation([1])).toMatchObject({ field: 'body' });
    expect(await violation('{not json')).toMatchObject({ field: 'body' });
    expect(await post('send', { chat_id: 'oc_nobody', text: 'hi' })).toMatchObject({ status: 400, body: { code: 232006 } });
    expect(await post('send', { chat_id: NOT_IN_CHAT_ID, text: 'hi' })).toMatchObject({ status: 400, body: { code: 230002 } });
    expect(await post('teleport', {})).toMatchObject({ status: 404, body: { msg: expect.stringMatching(/send, recall, react, burst/) } });
    expect(sandbox.live.stats.eventsPushed).toBe(0);
  });
});

describe('recalls, reactions and bursts', () => {
  it('recalls a sent message: GET shows it recalled and the recall event is pushed; twice is 230110', async () => {
    const { sandbox, call, post } = await setup();
    const client = await connectLive(sandbox, { autoAck: true });
    const sent = await post('send', { text: 'oops' });
    const recalled = await post('recall', { message_id: sent.body.message_id });
    expect(recalled.status).toBe(200);
    const got = await call(`/open-apis/im/v1/messages/${sent.body.message_id}`);
    expect(got.body.data.items[0]).toMatchObject({ deleted: true, body: { content: 'This message was recalled' } });
    await settle();
    expect(client.events.map((event) => event.body.header.event_type)).toEqual(['im.message.receive_v1', 'im.message.recalled_v1']);
    expect(client.events[1]!.body.event).toEqual({
      message_id: sent.body.message_id,
      chat_id: SMALL_CHAT_ID,
      recall_time: expect.stringMatching(/^\d{13}$/),
      recall_type: 'message_owner',
    });
    expect((await post('recall', { message_id: sent.body.message_id })).body.code).toBe(230110);
    expect((await post('recall', { message_id: SMALL_CHAT_CELEBRATED_ID })).body.error.field_violations[0].description).toMatch(
      /only messages sent through/,
    );
    expect((await post('recall', { message_id: 'om_nothing' })).body.code).toBe(230001);
  });

  it('adds a reaction: the reactions call lists it and the reaction event is pushed', async () => {
    const { sandbox, call, post } = await setup();
    const client = await connectLive(sandbox, { autoAck: true });
    const sent = await post('send', { text: 'react to me' });
    const reacted = await post('react', { message_id: sent.body.message_id, emoji_type: 'SMILE' });
    expect(reacted.status).toBe(200);
    const listed = await call(`/open-apis/im/v1/messages/${sent.body.message_id}/reactions`);
    expect(listed.body.data.items).toEqual([
      expect.objectContaining({
        reaction_id: reacted.body.reaction_id,
        reaction_type: { emoji_type: 'SMILE' },
        operator: expect.objectContaining({ operator_id: TOM.open_id }),
      }),
    ]);
    await settle();
    expect(client.events[1]!.body).toMatchObject({
      header: { event_type: 'im.message.reaction.created_v1' },
      event: {
        message_id: sent.body.message_id,
        reaction_type: { emoji_type: 'SMILE' },
        operator_type: 'user',
        user_id: { open_id: TOM.open_id, union_id: TOM.union_id, user_id: TOM.user_id },
        action_time: expect.stringMatching(/^\d{13}$/),
      },
    });
    // A fixture message takes reactions too; a bad emoji does not.
    expect((await post('react', { message_id: SMALL_CHAT_CELEBRATED_ID })).status).toBe(200);
    expect((await post('react', { message_id: SMALL_CHAT_CELEBRATED_ID, emoji_type: '👍' })).body.code).toBe(99992402);
  });

  it('bursts N messages a second for M seconds on the sandbox clock, each stored and pushed', async () => {
    const clock = new FakeClock();
    const { sandbox, post, newest } = await setup({ rateLimits: false, clock });
    const client = await connectLive(sandbox, { autoAck: true });
    const burst = await post('burst', { rate: 20, seconds: 3, text: 'load' });
    expect(burst.body).toMatchObject({ events: 60 });
    expect(sandbox.live.stats.eventsPushed).toBe(1);
    clock.advance(999);
    expect(sandbox.live.stats.eventsPushed).toBe(20);
    // Time moves a second at a time, the acknowledgements of each second in before the next.
    for (let i = 0; i < 3; i += 1) {
      await settle();
      clock.advance(1000);
    }
    expect(sandbox.live.stats.eventsPushed).toBe(60);
    await settle();
    expect(client.events).toHaveLength(60);
    expect(sandbox.live.stats.resends).toBe(0);
    expect(JSON.parse(client.events[59]!.body.event.message.content)).toEqual({ text: 'load 60/60' });
    expect((await newest(SMALL_CHAT_ID)).body.content).toBe('{"text":"load 60/60"}');
    expect((await post('burst', { rate: 0, seconds: 3 })).body.error.field_violations[0].field).toBe('rate');
    expect((await post('burst', { rate: 1000, seconds: 3600 })).body.error.field_violations[0].description).toMatch(/at most 100000/);
  });

  it('stops a burst when asked', async () => {
    const clock = new FakeClock();
    const { sandbox, post } = await setup({ rateLimits: false, clock });
    await post('burst', { rate: 10, seconds: 10 });
    clock.advance(1000);
    sandbox.stopBursts();
    const pushed = sandbox.live.stats.eventsPushed;
    clock.advance(20_000);
    expect(sandbox.live.stats.eventsPushed).toBe(pushed);
  });
});

describe('the sandbox apps', () => {
  it('lets the bot app and cli_sandbox both take the sandbox secret, and no other', async () => {
    const sandbox: Sandbox = createSandbox();
    const token = async (appId: string) =>
      (
        (await (
          await sandbox.handle(
            new Request(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, {
              method: 'POST',
              body: JSON.stringify({ app_id: appId, app_secret: SANDBOX_APP_SECRET }),
            }),
          )
        ).json()) as Json
      ).code;
    expect(await token(SANDBOX_BOT_APP_ID)).toBe(0);
    expect(await token('cli_sandbox')).toBe(0);
    expect(await token('cli_0123456789abcdef')).toBe(10003);
  });
});
