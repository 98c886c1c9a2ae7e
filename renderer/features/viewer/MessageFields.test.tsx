// @vitest-environment happy-dom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatInfo, ChatInfoRequest } from '../../../core/api/contract';
import type { ApiMessage } from '../../../core/feishu/types';
import { initI18n, setLanguage } from '../../i18n';
import { MessageFields } from './MessageFields';

const getChatInfo = vi.fn<(request: ChatInfoRequest) => Promise<ChatInfo>>();
vi.mock('../../api', () => ({ api: { getChatInfo: (request: ChatInfoRequest) => getChatInfo(request) } }));

const SENDER = 'ou_155184d1e73cbfb8973e5a9e698e74f2';
const CHAT = 'oc_a0553eda9014c201e6969b478895c230';

const message = (sender: ApiMessage['sender']): ApiMessage => ({
  message_id: 'om_x100b4f0000000000000000000000d1',
  msg_type: 'text',
  chat_id: CHAT,
  sender,
  body: { content: '{"text":"hi"}' },
});
const NAMED = message({
  id: SENDER,
  id_type: 'open_id',
  sender_type: 'user',
  sender_name: 'Li Lei',
  sender_i18n_names: { zh_cn: '李雷', en_us: 'Lei Li' },
});
const UNNAMED = message({ id: SENDER, id_type: 'open_id', sender_type: 'user' });

function show(item: ApiMessage, profileId?: string) {
  const client = new QueryClient();
  return render(
    <QueryClientProvider client={client}>
      <MessageFields item={item} onOpenMessage={() => undefined} {...(profileId === undefined ? {} : { profileId })} />
    </QueryClientProvider>,
  );
}

const field = (testId: string) => screen.getByTestId(testId);

describe('names in the message fields', () => {
  beforeEach(() => {
    localStorage.setItem('inspector.language', 'en');
    initI18n();
  });
  afterEach(() => {
    cleanup();
    localStorage.clear();
    getChatInfo.mockReset();
  });

  it("shows the sender's and the chat's names beside their IDs, in the UI language", async () => {
    getChatInfo.mockImplementation(async ({ lang }) => ({ ok: true, chatId: CHAT, name: lang === 'zh-CN' ? '支付对账群' : 'Payments' }));
    show(NAMED, 'prod');
    expect(field('sender-field').textContent).toBe(`Lei Li${SENDER} (user, open_id)`);
    await waitFor(() => expect(field('chat-field').textContent).toBe(`Payments${CHAT}`));
    expect(getChatInfo).toHaveBeenCalledWith({ profileId: 'prod', chatId: CHAT, lang: 'en' });
    expect(screen.queryByTestId('name-why')).toBeNull();

    act(() => setLanguage('zh-CN'));
    await waitFor(() => expect(field('chat-field').textContent).toBe(`支付对账群${CHAT}`));
    expect(field('sender-field').textContent).toContain(`李雷${SENDER}`);
  });

  it('keeps the IDs and says why when there is no name: none in the answer, the bot not in the chat', async () => {
    getChatInfo.mockResolvedValue({ ok: false, chatId: CHAT, reason: { kind: 'not_in_chat', code: 232011 } });
    show(UNNAMED, 'prod');
    expect(field('sender-field').textContent).toBe(`${SENDER} (user, open_id)No name in the answer: the platform gave only the ID.`);
    await waitFor(() => expect(field('chat-field').textContent).toBe(`${CHAT}No chat name: the app's bot is not in this chat (232011).`));
  });

  it('names the missing scope, with the link that applies for it', async () => {
    const apply = 'https://open.feishu.cn/app/cli_a1b2c3/auth?q=im:chat:readonly&op_from=openapi&token_type=tenant';
    getChatInfo.mockResolvedValue({
      ok: false,
      chatId: CHAT,
      reason: { kind: 'missing_scope', scopes: ['im:chat:readonly'], applyScopesUrl: apply },
    });
    show(NAMED, 'prod');
    const link = await screen.findByRole('link', { name: 'Apply for it in the developer console' });
    expect(link.getAttribute('href')).toBe(apply);
    expect(field('chat-field').textContent).toContain('No chat name: the app lacks the scope im:chat:readonly.');
  });

  it('explains any other failure by its code, and does not ask for a message opened from a file', async () => {
    getChatInfo.mockResolvedValue({
      ok: false,
      chatId: CHAT,
      reason: { kind: 'failed', failure: { kind: 'timeout', stage: 'message', msg: 'no answer within 20000 ms' } },
    });
    show(NAMED, 'prod');
    await waitFor(() =>
      expect(field('chat-field').textContent).toMatch(new RegExp(`^${CHAT}No chat name: timeout \\S.* \\(no answer within 20000 ms\\)$`)),
    );
    cleanup();

    show(NAMED);
    expect(field('chat-field').textContent).toBe(`${CHAT}Chat name not looked up: the message was opened from a file.`);
    expect(getChatInfo).toHaveBeenCalledTimes(1);
  });
});
