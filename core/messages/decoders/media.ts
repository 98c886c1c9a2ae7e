/** Images, files, folders, audio, video (media) and stickers: content that names a resource by key. */

import type { DecodeContext } from '../runs';
import { describeValue, nonEmptyStringOf, numberOf, own, stringOf, type JsonObject } from '../values';
import { missing, type ContentDecoder, type Decoded, type FieldsOf } from './common';

export function decodeImage(p: JsonObject): Decoded {
  const imageKey = nonEmptyStringOf(own(p, 'image_key'));
  if (imageKey === undefined) return missing('image', 'image_key', own(p, 'image_key'));
  return { fields: { kind: 'image', imageKey } };
}

/** A file and a folder have the same content: a file_key and perhaps a file_name. */
export function fileDecoder(msgType: 'file' | 'folder'): ContentDecoder {
  return (p) => {
    const fileKey = nonEmptyStringOf(own(p, 'file_key'));
    if (fileKey === undefined) return missing(msgType, 'file_key', own(p, 'file_key'));
    const fileName = stringOf(own(p, 'file_name'));
    return { fields: fileName === undefined ? { kind: msgType, fileKey } : { kind: msgType, fileKey, fileName } };
  };
}

export function decodeAudio(p: JsonObject, ctx: DecodeContext): Decoded {
  const fileKey = nonEmptyStringOf(own(p, 'file_key'));
  if (fileKey === undefined) return missing('audio', 'file_key', own(p, 'file_key'));
  const durationMs = durationOf(own(p, 'duration'), ctx);
  return { fields: durationMs === undefined ? { kind: 'audio', fileKey } : { kind: 'audio', fileKey, durationMs } };
}

export function decodeMedia(p: JsonObject, ctx: DecodeContext): Decoded {
  const fileKey = nonEmptyStringOf(own(p, 'file_key'));
  if (fileKey === undefined) return missing('media', 'file_key', own(p, 'file_key'));
  const fields: FieldsOf<'media'> = { kind: 'media', fileKey };
  const imageKey = nonEmptyStringOf(own(p, 'image_key'));
  if (imageKey !== undefined) fields.imageKey = imageKey;
  const fileName = stringOf(own(p, 'file_name'));
  if (fileName !== undefined) fields.fileName = fileName;
  const durationMs = durationOf(own(p, 'duration'), ctx);
  if (durationMs !== undefined) fields.durationMs = durationMs;
  return { fields };
}

export function decodeSticker(p: JsonObject): Decoded {
  const fileKey = nonEmptyStringOf(own(p, 'file_key'));
  if (fileKey === undefined) return missing('sticker', 'file_key', own(p, 'file_key'));
  return { fields: { kind: 'sticker', fileKey } };
}

function durationOf(value: unknown, ctx: DecodeContext): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = numberOf(value);
  if (n === undefined || n < 0) {
    ctx.warn(`duration is not a number of milliseconds: ${describeValue(value)}.`);
    return undefined;
  }
  return n;
}
