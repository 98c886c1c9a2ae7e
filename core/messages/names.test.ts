import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../feishu/types';
import { localName, senderName } from './names';

const item = (sender: unknown): ApiMessage =>
  ({ message_id: 'om_1', sender, mentions: [{ key: '@_user_1', id: 'ou_1', name: 'Mentioned' }] }) as ApiMessage;

describe('senderName', () => {
  it("picks the reader's language from sender_i18n_names, else sender_name", () => {
    const sender = { id: 'ou_1', sender_name: 'Li Lei', sender_i18n_names: { zh_cn: '李雷', en_us: 'Lei Li', ja_jp: 'リ・レイ' } };
    expect(senderName(item(sender), 'zh-CN')).toBe('李雷');
    expect(senderName(item(sender), 'en')).toBe('Lei Li');
    // Only a Japanese name besides the default: the default, not the Japanese.
    const onlyJa = { id: 'ou_1', sender_name: 'Li Lei', sender_i18n_names: { ja_jp: 'リ・レイ', en_us: '  ' } };
    expect(senderName(item(onlyJa), 'en')).toBe('Li Lei');
    expect(senderName(item({ id: 'cli_1', sender_type: 'app', sender_name: 'Deploy Bot' }), 'zh-CN')).toBe('Deploy Bot');
  });

  it('is undefined when the platform gave no name: never the ID, a mention or a made-up one', () => {
    expect(senderName(item({ id: 'ou_1', id_type: 'open_id', sender_type: 'user' }), 'en')).toBeUndefined();
    expect(senderName(item({ id: 'ou_1', sender_name: '', sender_i18n_names: { en_us: ' ' } }), 'en')).toBeUndefined();
    expect(senderName(item({ id: 'ou_1', sender_name: 42, sender_i18n_names: 'Lei' }), 'en')).toBeUndefined();
    expect(senderName(item(undefined), 'en')).toBeUndefined();
    expect(senderName(item('ou_1'), 'en')).toBeUndefined();
    expect(senderName(null as unknown as ApiMessage, 'en')).toBeUndefined();
  });
});

describe('localName', () => {
  it('reads a chat name the same way', () => {
    expect(localName('群聊', { zh_cn: '支付群', en_us: 'Payments' }, 'en')).toBe('Payments');
    expect(localName('群聊', undefined, 'en')).toBe('群聊');
    expect(localName(undefined, {}, 'zh-CN')).toBeUndefined();
  });
});
