import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../core/feishu/types';
import { formatItem } from './print';
import { renderSavedFile } from './render';

const item = (sender: ApiMessage['sender']): ApiMessage => ({
  message_id: 'om_x100b4f0000000000000000000000c1',
  msg_type: 'text',
  chat_id: 'oc_1',
  sender,
  body: { content: '{"text":"hi"}' },
});
const NAMED = item({
  id: 'ou_155184d1e73cbfb8973e5a9e698e74f2',
  id_type: 'open_id',
  sender_type: 'user',
  sender_name: 'Li Lei',
  sender_i18n_names: { zh_cn: '李雷', en_us: 'Lei Li' },
});
const UNNAMED = item({ id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', id_type: 'open_id', sender_type: 'user' });

describe('the sender line of inspector get', () => {
  it("shows the platform's name beside the ID, in the language asked for", () => {
    expect(formatItem(NAMED, 'en')).toContain('sender       ou_155184d1e73cbfb8973e5a9e698e74f2 · Lei Li (user, open_id)\n');
    expect(formatItem(NAMED, 'zh-CN')).toContain('sender       ou_155184d1e73cbfb8973e5a9e698e74f2 · 李雷 (user, open_id)\n');
  });

  it('keeps the ID and says why when the platform gave no name', () => {
    expect(formatItem(UNNAMED)).toContain('sender       ou_155184d1e73cbfb8973e5a9e698e74f2 (user, open_id) · no name in the answer\n');
    expect(formatItem(item(undefined))).toContain('sender       —\n');
  });
});

describe('inspector render', () => {
  it('names each sender the platform named, beside the ID', () => {
    const saved = JSON.stringify({ code: 0, msg: 'success', data: { items: [NAMED] } });
    const rendered = renderSavedFile(saved, 'text', 'zh-CN');
    expect(rendered.ok && rendered.output).toMatch(/^\[text\] ou_155184d1e73cbfb8973e5a9e698e74f2 李雷 · /);
  });
});
