/**
 * The images and files of an exported chat, as the export downloads them beside the file: which
 * ones each entry carries (from the decoded messages), which message IDs to ask the resources
 * endpoint with, the name each one gets on disk, and the download itself over a port (FeishuClient
 * fits).
 *
 * Names are made from the message ID and the key only, never from a name the platform gives: the
 * same resource gets the same name on every run (a rerun finds what an interrupted one saved), two
 * resources never share one, even on a file system that ignores case, and every name is safe on
 * Windows, macOS and Linux. The extension comes from the file's own name or its content type.
 */

import type { CallResult, DownloadedResource, GetResourceOptions } from '../feishu/client';
import type { FeishuFailure } from '../feishu/types';
import type { ExportEntry } from '../export/common';
import { decodeMessage, messageResources, type MessageResource } from '../messages';

/** What a download needs of a client (FeishuClient fits). */
export interface ResourceSource {
  getResource(
    messageId: string,
    fileKey: string,
    type: 'image' | 'file',
    options?: GetResourceOptions,
  ): Promise<CallResult<DownloadedResource>>;
}

/** A resource of one exported message. */
export interface EntryResource extends MessageResource {
  /** The message that carries it (a forward's sub-message for what was forwarded). */
  messageId: string;
  /**
   * The IDs to ask with, in order: the message's own, then for a sub-message the forward that holds
   * it (the platform answers a sub-message's own ID with 234003 or 234043; see FEISHU.md).
   */
  via: string[];
  /** The file's name on disk without its extension (see resourceStem). */
  stem: string;
}

/** A resource that could not be had: listed with its code, the rest go on. */
export interface ResourceProblem {
  messageId: string;
  key: string;
  type: 'image' | 'file';
  failure: FeishuFailure;
}

/** The codes after which a sub-message's resource is asked for again through its forward. */
export const CONTAINER_FALLBACK_CODES: ReadonlySet<number> = new Set([234003, 234043]);

/** Every downloadable resource of the entry's messages (each message and key once), in the entry's order. */
export function entryResources(entry: ExportEntry): EntryResource[] {
  const items = Array.isArray(entry.items) ? entry.items : [];
  const container = typeof items[0]?.message_id === 'string' ? items[0].message_id : '';
  const found: EntryResource[] = [];
  const seen = new Set<string>();
  for (const item of items) {
    const messageId = typeof item?.message_id === 'string' ? item.message_id : '';
    if (messageId === '') continue;
    const via = container !== '' && container !== messageId ? [messageId, container] : [messageId];
    for (const resource of messageResources(decodeMessage(item))) {
      const stem = resourceStem(messageId, resource.key);
      if (seen.has(stem)) continue;
      seen.add(stem);
      found.push({ ...resource, messageId, via, stem });
    }
  }
  return found;
}

/** A message ID kept as it is: as real ones are (`om_` and hex), with no `-`, so the first `-` of a name ends it. */
const PLAIN_MESSAGE_ID = /^om_[a-z0-9_]{1,77}$/;
/** A key kept as it is: what real ones are made of, in lower case. */
const PLAIN_KEY = /^[a-z0-9_-]{1,80}$/;

/**
 * `<message ID>-<key>` when both look as real ones do (so the name says what it is); otherwise
 * `h-<hash of the exact pair>-<message ID>-<key>`, each part cut down to lower-case letters,
 * digits, `_` and `-` and shortened. A plain name starts with `om_` and its message ID holds no
 * `-`; a hashed one starts with `h-`: no two pairs share a name, even where case is ignored.
 */
export function resourceStem(messageId: string, key: string): string {
  if (PLAIN_MESSAGE_ID.test(messageId) && PLAIN_KEY.test(key)) return `${messageId}-${key}`;
  const part = (value: string) =>
    value
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, '-')
      .slice(0, 60) || 'x';
  return `h-${hashHex(`${messageId}\u0000${key}`)}-${part(messageId)}-${part(key)}`;
}

/** 64 bits of FNV-1a over the UTF-16 code units, as 16 hex digits: to tell names apart, not for security. */
function hashHex(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 7), 0x01000193) >>> 0;
  }
  return `${h1.toString(16).padStart(8, '0')}${h2.toString(16).padStart(8, '0')}`;
}

const EXTENSIONS_BY_TYPE: Readonly<Record<string, string>> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/bmp': 'bmp',
  'image/tiff': 'tiff',
  'image/heic': 'heic',
  'image/svg+xml': 'svg',
  'image/x-icon': 'ico',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/ogg': 'ogg',
  'audio/opus': 'opus',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'application/json': 'json',
  'text/plain': 'txt',
};

/** The image types a browser shows, by extension: what an inlined image says it is. */
const IMAGE_TYPES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(EXTENSIONS_BY_TYPE)
    .filter(([type]) => type.startsWith('image/'))
    .map(([type, extension]) => [extension, type]),
);

/** An extension of a file name: letters and digits after the last dot, lower-cased; never a path. */
function extensionOfName(name: string | undefined): string | undefined {
  return /\.([A-Za-z0-9]{1,10})$/.exec(name ?? '')?.[1]?.toLowerCase();
}

/**
 * The saved file's extension: for an image from what it is (its content type), for a file from
 * its name in the message, else the name the download gave, else its content type; `bin` when
 * none says.
 */
export function resourceExtension(
  resource: Pick<MessageResource, 'type' | 'fileName'>,
  download: Omit<DownloadedResource, 'bytes'>,
): string {
  const byType = EXTENSIONS_BY_TYPE[download.contentType.split(';')[0]!.trim().toLowerCase()];
  if (resource.type === 'image') return byType ?? extensionOfName(download.fileName) ?? 'bin';
  return extensionOfName(resource.fileName) ?? extensionOfName(download.fileName) ?? byType ?? 'bin';
}

/** The content type of an image saved with this extension, for a data: URI; `undefined` when it is no image a browser shows. */
export function imageTypeOf(extension: string): string | undefined {
  return IMAGE_TYPES[extension.toLowerCase()];
}

/**
 * Downloads the resource through each of its `via` IDs in turn while the platform answers that the
 * resource is not in that message (CONTAINER_FALLBACK_CODES); any other failure is the answer.
 * Throws only when `signal` aborts.
 */
export async function downloadResource(
  source: ResourceSource,
  resource: EntryResource,
  options: GetResourceOptions = {},
): Promise<CallResult<DownloadedResource>> {
  let result: CallResult<DownloadedResource> | undefined;
  for (const messageId of resource.via) {
    result = await source.getResource(messageId, resource.key, resource.type, options);
    if (result.ok || result.failure.code === undefined || !CONTAINER_FALLBACK_CODES.has(result.failure.code)) return result;
  }
  return result!;
}
