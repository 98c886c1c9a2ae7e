/**
 * The images and files a message carries that the resources endpoint can hand out
 * (GET …/messages/:message_id/resources/:file_key?type=image|file), read from the decoded view
 * rather than from the raw JSON: an image, a file, an audio clip, a video and its cover, and the
 * images, videos and attachments of a rich post (every locale). Cards (234043) and stickers are not
 * served by the endpoint, and a folder is no file: none of them is listed.
 */

import type { CardParagraph, MessageView } from './model';

export interface MessageResource {
  /** `image_key` or `file_key`. */
  key: string;
  /** The endpoint's `type`: audio and video are files, a cover is an image. */
  type: 'image' | 'file';
  /** What it is in the message. */
  role: 'image' | 'file' | 'audio' | 'media' | 'cover';
  /** The name the message gives it (files and videos), as sent: a label, never a path. */
  fileName?: string;
}

/** Every downloadable resource of the message, each key once, in the order the message shows them. */
export function messageResources(view: MessageView): MessageResource[] {
  const found: MessageResource[] = [];
  const add = (resource: MessageResource) => {
    if (resource.key === '' || found.some((r) => r.key === resource.key && r.type === resource.type)) return;
    found.push(resource);
  };
  const media = (fileKey: string, imageKey: string | undefined, fileName?: string) => {
    add({ key: fileKey, type: 'file', role: 'media', ...(fileName !== undefined ? { fileName } : {}) });
    if (imageKey !== undefined) add({ key: imageKey, type: 'image', role: 'cover' });
  };
  const runs = (paragraphs: readonly CardParagraph[]) => {
    for (const paragraph of paragraphs)
      for (const run of paragraph) {
        if (run.type === 'image') add({ key: run.imageKey, type: 'image', role: 'image' });
        else if (run.type === 'media') media(run.fileKey, run.imageKey);
      }
  };
  switch (view.kind) {
    case 'image':
      add({ key: view.imageKey, type: 'image', role: 'image' });
      break;
    case 'file':
      add({ key: view.fileKey, type: 'file', role: 'file', ...(view.fileName !== undefined ? { fileName: view.fileName } : {}) });
      break;
    case 'audio':
      add({ key: view.fileKey, type: 'file', role: 'audio' });
      break;
    case 'media':
      media(view.fileKey, view.imageKey, view.fileName);
      break;
    case 'text':
      runs(view.paragraphs);
      break;
    case 'post':
      runs(view.paragraphs);
      for (const locale of view.locales) runs(locale.paragraphs);
      for (const file of view.attachments)
        if (!file.isFolder)
          add({ key: file.fileKey, type: 'file', role: 'file', ...(file.fileName !== undefined ? { fileName: file.fileName } : {}) });
      break;
    default:
      break;
  }
  return found;
}

/**
 * Whether `href` may stand for a downloaded resource in an export: a relative reference into the
 * folder beside it (no scheme, no leading `/`, nothing that would end a Markdown destination or an
 * HTML attribute unencoded), or for an image a base64 `data:image/…` URI. Anything else (a web
 * address, `javascript:`, `file:`) is not a resource of ours and leaves the message's tag as it is.
 */
export function isResourceHref(href: string, image: boolean): boolean {
  if (image && /^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/=]*$/i.test(href)) return true;
  return /^(?![a-z][a-z0-9+.-]*:)(?!\/)[^\s<>"'\\\p{Cc}]+$/iu.test(href);
}
