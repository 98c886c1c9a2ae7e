import { describe, expect, it } from 'vitest';
import type { FetchLike } from '../base/ports';
import { CHAT_PATH, TOKEN_PATH } from '../feishu/client';
import { FakeClock } from '../testing/fake-clock';
import { memoryStores } from '../testing/memory-stores';
import { CHAT_FAILURE_TTL_MS, CHAT_NAME_TTL_MS } from './chat-names';
import { InspectorService } from './service';

const CHAT = 'oc_a0553eda9014c201e6969b478895c230';
const OTHER_CHAT = 'oc_84983ff6516d731e5b5f68d4ea2e1da5';
const SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';

type Answer = () => Response | Promise<Response>;

const named =
  (name: string, i18n?: Record<string, string>): Answer =>
  () =>
    Response.json({ code: 0, msg: 'success', data: { name, ...(i18n ? { i18n_names: i18n } : {}), chat_mode: 'group' } });
const failing =
  (status: number, body: object): Answer =>
  () =>
    Response.json(body, { status });

/**
 * A service with one stored Lark profile over a platform that answers tokens and, for the chats
 * endpoint, what `chats` says for each chat ID; it counts every chats call.
 */
async function setup(chats: Record<string, Answer>) {
  const clock = new FakeClock();
  const calls: string[] = [];
  const fetch: FetchLike = async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === TOKEN_PATH) return Response.json({ code: 0, msg: 'ok', tenant_access_token: 't-fake-token', expire: 7200 });
    if (!pathname.startsWith(CHAT_PATH)) throw new Error(`unexpected request ${request.url}`);
    const chatId = pathname.slice(CHAT_PATH.length);
    calls.push(chatId);
    const answer = chats[chatId];
    return answer ? answer() : failing(400, { code: 232006, msg: 'Your request specifies a chat_id which is invalid.' })();
  };
  const stores = memoryStores(clock);
  const service = new InspectorService({ stores, fetch, clock, host: 'desktop', version: 't' });
  const profile = await service.saveProfile({
    input: { name: 'Production', domain: 'lark', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id', appSecret: SECRET },
    persistSecret: false,
  });
  return { service, stores, clock, calls, profileId: profile.profileId };
}

describe('chat names', () => {
  it("asks once per chat and time to live, and answers in the reader's language from what it kept", async () => {
    const { service, clock, calls, profileId } = await setup({
      [CHAT]: named('支付对账群', { zh_cn: '支付对账群', en_us: 'Payments reconciliation' }),
      [OTHER_CHAT]: named('Ops'),
    });
    expect(await service.getChatInfo({ profileId, chatId: CHAT, lang: 'en' })).toEqual({
      ok: true,
      chatId: CHAT,
      name: 'Payments reconciliation',
    });
    expect(await service.getChatInfo({ profileId, chatId: CHAT, lang: 'zh-CN' })).toMatchObject({ name: '支付对账群' });
    expect(await service.getChatInfo({ profileId, chatId: OTHER_CHAT })).toMatchObject({ name: 'Ops' });
    expect(calls).toEqual([CHAT, OTHER_CHAT]);

    clock.advance(CHAT_NAME_TTL_MS - 1);
    await service.getChatInfo({ profileId, chatId: CHAT });
    expect(calls).toEqual([CHAT, OTHER_CHAT]);
    clock.advance(1);
    await service.getChatInfo({ profileId, chatId: CHAT });
    expect(calls).toEqual([CHAT, OTHER_CHAT, CHAT]);
  });

  it('makes one call for many who ask at once', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { service, calls, profileId } = await setup({
      [CHAT]: async () => {
        await gate;
        return named('Ops')();
      },
    });
    const asks = Array.from({ length: 8 }, (_, i) => service.getChatInfo({ profileId, chatId: CHAT, lang: i % 2 ? 'en' : 'zh-CN' }));
    await new Promise((resolve) => setTimeout(resolve, 0));
    release();
    const answers = await Promise.all(asks);
    expect(answers.every((answer) => answer.ok && answer.name === 'Ops')).toBe(true);
    expect(calls).toEqual([CHAT]);
  });

  it('says why there is no name: the bot is not in the chat, a missing scope with its apply link, no name in the answer', async () => {
    const { service, profileId } = await setup({
      [CHAT]: failing(400, { code: 232011, msg: 'Operator can NOT be out of the chat.' }),
      [OTHER_CHAT]: failing(400, {
        code: 99991672,
        msg: 'Access denied. One of the following scopes is required: [im:chat:readonly].',
        error: { permission_violations: [{ type: 'action_scope_required', subject: 'im:chat:readonly' }] },
      }),
      oc_p2p: () => Response.json({ code: 0, msg: 'success', data: { chat_mode: 'p2p', name: '' } }),
      oc_gone: failing(400, { code: 232009, msg: 'Your request specifies a chat which has already been dissolved.' }),
    });
    expect(await service.getChatInfo({ profileId, chatId: CHAT })).toEqual({
      ok: false,
      chatId: CHAT,
      reason: { kind: 'not_in_chat', code: 232011 },
    });
    expect(await service.getChatInfo({ profileId, chatId: OTHER_CHAT })).toEqual({
      ok: false,
      chatId: OTHER_CHAT,
      reason: {
        kind: 'missing_scope',
        scopes: ['im:chat:readonly'],
        applyScopesUrl: 'https://open.larksuite.com/app/cli_a1b2c3/auth?q=im:chat:readonly&op_from=openapi&token_type=tenant',
      },
    });
    expect(await service.getChatInfo({ profileId, chatId: 'oc_p2p' })).toEqual({
      ok: false,
      chatId: 'oc_p2p',
      reason: { kind: 'no_name' },
    });
    const gone = await service.getChatInfo({ profileId, chatId: 'oc_gone' });
    expect(gone.ok ? undefined : gone.reason).toMatchObject({ kind: 'failed', failure: { code: 232009, httpStatus: 400 } });
    expect(JSON.stringify(gone)).not.toContain('t-fake-token');
  });

  it('remembers a failure briefly, then asks again', async () => {
    const answers = [failing(400, { code: 232011, msg: 'Operator can NOT be out of the chat.' }), named('Ops')];
    const { service, clock, calls, profileId } = await setup({ [CHAT]: () => answers.shift()!() });
    expect((await service.getChatInfo({ profileId, chatId: CHAT })).ok).toBe(false);
    clock.advance(CHAT_FAILURE_TTL_MS - 1);
    expect((await service.getChatInfo({ profileId, chatId: CHAT })).ok).toBe(false);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(await service.getChatInfo({ profileId, chatId: CHAT })).toMatchObject({ ok: true, name: 'Ops' });
    expect(calls).toHaveLength(2);
  });

  it('keeps names per profile, and forgets a profile whose settings change', async () => {
    const { service, calls, profileId } = await setup({ [CHAT]: named('Ops') });
    const copy = await service.duplicateProfile(profileId);
    await service.getChatInfo({ profileId, chatId: CHAT });
    await service.getChatInfo({ profileId: copy.profileId, chatId: CHAT });
    expect(calls).toHaveLength(2);
    await service.saveProfile({
      profileId,
      input: { name: 'Production', domain: 'lark', appId: 'cli_other', defaultUserIdType: 'open_id' },
      persistSecret: false,
    });
    await service.getChatInfo({ profileId, chatId: CHAT });
    await service.getChatInfo({ profileId: copy.profileId, chatId: CHAT });
    expect(calls).toHaveLength(3);
  });

  it('keeps nothing when it could not ask (a profile without a secret)', async () => {
    const { service, stores, calls, profileId } = await setup({ [CHAT]: named('Ops') });
    await stores.secrets.deleteSecret(profileId);
    await expect(service.getChatInfo({ profileId, chatId: CHAT })).rejects.toMatchObject({ code: 'missing_secret' });
    await stores.secrets.setSecret(profileId, SECRET, { persist: false });
    expect(await service.getChatInfo({ profileId, chatId: CHAT })).toMatchObject({ ok: true, name: 'Ops' });
    expect(calls).toEqual([CHAT]);
  });
});
