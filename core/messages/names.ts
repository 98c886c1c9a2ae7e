/**
 * Names the platform gives: a sender's (GET message with `with_sender_name=true`) and a chat's
 * (the chats endpoint), in the reader's language when the platform has it in that language. Never
 * made up: no name given means undefined, and the caller shows the ID.
 */

import type { Bilingual, Lang } from '../base/lang';
import type { ApiMessage } from '../feishu/types';

/** Which entry of the platform's `*_i18n_names` is the reader's language. */
const I18N_KEY: Bilingual<'zh_cn' | 'en_us'> = { 'zh-CN': 'zh_cn', en: 'en_us' };

/**
 * The entry of `i18nNames` in the reader's language, else `name`; undefined when neither is a
 * non-blank string. Takes `unknown`: the values come from answers and files as they are.
 */
export function localName(name: unknown, i18nNames: unknown, lang: Lang): string | undefined {
  if (typeof i18nNames === 'object' && i18nNames !== null) {
    const preferred = (i18nNames as Record<string, unknown>)[I18N_KEY[lang]];
    if (nonBlank(preferred)) return preferred;
  }
  return nonBlank(name) ? name : undefined;
}

/** The platform's name for the message's sender (`sender_i18n_names`, `sender_name`), in the reader's language when given. */
export function senderName(item: ApiMessage, lang: Lang): string | undefined {
  const sender: unknown = typeof item === 'object' && item !== null ? item.sender : undefined;
  if (typeof sender !== 'object' || sender === null) return undefined;
  const { sender_name, sender_i18n_names } = sender as { sender_name?: unknown; sender_i18n_names?: unknown };
  return localName(sender_name, sender_i18n_names, lang);
}

function nonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
