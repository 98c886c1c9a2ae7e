/** Text and rich text (post): the msg_types whose content is paragraphs of runs. */

import type { PostAttachment, PostLocale } from '../model';
import { postParagraphs, textParagraphs, type DecodeContext } from '../runs';
import { isRecord, LOCALE_ORDER, nonEmptyStringOf, own, stringOf, type JsonObject } from '../values';
import { missing, type Decoded } from './common';

export function decodeText(p: JsonObject, ctx: DecodeContext): Decoded {
  const text = stringOf(own(p, 'text'));
  if (text === undefined) return missing('text', 'text', own(p, 'text'));
  return { fields: { kind: 'text', paragraphs: textParagraphs(text, ctx) } };
}

const POST_NON_LOCALE_KEYS = new Set(['title', 'content', 'content_v2', 'files']);

export function decodePost(p: JsonObject, ctx: DecodeContext): Decoded {
  let root = p;
  const wrapper = own(p, 'post');
  if (isRecord(wrapper) && own(p, 'content') === undefined) {
    ctx.warn('The post is wrapped in {"post": …} (the send format): unwrapped.');
    root = wrapper;
  }
  const attachments = attachmentsOf(own(root, 'files') ?? own(p, 'files'), ctx);
  const content = own(root, 'content');
  const locales: PostLocale[] = [];
  if (content !== undefined || (own(root, 'title') !== undefined && !hasLocaleBody(root))) {
    const title = stringOf(own(root, 'title')) ?? '';
    if (content === undefined) ctx.warn('The post has a title but no content.');
    locales.push({ locale: '', title, paragraphs: postParagraphs(content, ctx) });
  } else {
    for (const [locale, body] of Object.entries(root)) {
      if (POST_NON_LOCALE_KEYS.has(locale) || !isRecord(body)) continue;
      if (own(body, 'content') === undefined && own(body, 'title') === undefined) continue;
      locales.push({ locale, title: stringOf(own(body, 'title')) ?? '', paragraphs: postParagraphs(own(body, 'content'), ctx) });
    }
  }
  const primary = LOCALE_ORDER.map((l) => locales.find((x) => x.locale === l)).find((x) => x !== undefined) ?? locales[0];
  if (primary === undefined) {
    return { wrongShape: 'The post content has neither title/content nor a locale wrapper such as {"zh_cn": {title, content}}.' };
  }
  return {
    fields: { kind: 'post', title: primary.title, paragraphs: primary.paragraphs, locale: primary.locale, locales, attachments },
  };
}

function hasLocaleBody(root: JsonObject): boolean {
  return Object.entries(root).some(([key, body]) => !POST_NON_LOCALE_KEYS.has(key) && isRecord(body) && own(body, 'content') !== undefined);
}

function attachmentsOf(files: unknown, ctx: DecodeContext): PostAttachment[] {
  if (files === undefined || files === null) return [];
  if (!Array.isArray(files)) {
    ctx.warn('The post files[] is not a list.');
    return [];
  }
  const attachments: PostAttachment[] = [];
  for (const file of files) {
    const fileKey = nonEmptyStringOf(own(file, 'file_key'));
    if (fileKey === undefined) {
      ctx.warn('A post attachment has no file_key.');
      continue;
    }
    const attachment: PostAttachment = { fileKey, isFolder: own(file, 'is_folder') === true };
    const fileName = stringOf(own(file, 'file_name'));
    if (fileName !== undefined) attachment.fileName = fileName;
    attachments.push(attachment);
  }
  return attachments;
}
