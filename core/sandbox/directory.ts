/**
 * Everyone the sandbox knows, across its fixtures and chats: how their IDs read for each
 * `user_id_type`, and the names `with_sender_name` adds to a sender.
 */

import type { ApiSender } from '../feishu/types';
import { CHAT_USERS } from './fixtures/chats';
import { LARGE_CHAT_BOT, LARGE_CHAT_BOT_NAMES, largeChatUserByOpenId } from './fixtures/large-chat';
import { APP_SENDER, APP_SENDER_NAMES, SANDBOX_USERS, type I18nNames, type SandboxUser } from './fixtures/people';

const KNOWN_USERS = new Map([...SANDBOX_USERS, ...CHAT_USERS].map((user) => [user.open_id, user]));
const BOT_NAMES = new Map<string | undefined, I18nNames>([
  [APP_SENDER.id, APP_SENDER_NAMES],
  [LARGE_CHAT_BOT.id, LARGE_CHAT_BOT_NAMES],
]);

export function sandboxUserByOpenId(openId: string | undefined): SandboxUser | undefined {
  if (openId === undefined) return undefined;
  return KNOWN_USERS.get(openId) ?? largeChatUserByOpenId(openId);
}

/** An open_id as the platform writes it for `userIdType`; an ID the sandbox does not know stays as it is. */
export function translatedUserId(openId: string | undefined, userIdType: string): string | undefined {
  const user = sandboxUserByOpenId(openId);
  if (!user || (userIdType !== 'union_id' && userIdType !== 'user_id')) return openId;
  return user[userIdType];
}

/** What `with_sender_name=true` adds to a sender: its name and its names in three languages, or nothing when the platform has none. */
export interface SenderNames {
  sender_name: string;
  sender_i18n_names: I18nNames;
}

export function senderNames(sender: ApiSender | undefined): SenderNames | undefined {
  if (!sender) return undefined;
  if (sender.sender_type === 'app') {
    const names = BOT_NAMES.get(sender.id);
    return names ? { sender_name: names.en_us, sender_i18n_names: names } : undefined;
  }
  if (sender.id_type !== 'open_id') return undefined;
  const user = sandboxUserByOpenId(sender.id);
  return user?.i18n ? { sender_name: user.name, sender_i18n_names: user.i18n } : undefined;
}
