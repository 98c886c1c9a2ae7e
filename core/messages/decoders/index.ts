/**
 * One decoder per msg_type: the place to add a new one. A msg_type added to `KNOWN_MSG_TYPES`
 * (model.ts) with its view needs its entry here, and the compiler says so.
 *
 * Each decoder reads `body.content` once decode.ts has parsed it and found a JSON object;
 * recalled messages, unknown types and content that is not JSON never reach it. merge_forward is
 * the exception: its container is often not JSON, so decode.ts reads it from the raw string
 * (`mergeForwardFields`) before parsing anything.
 */

import type { KnownMsgType } from '../model';
import { calendarDecoder, decodeTodo, decodeVideoChat } from './calendar';
import { decodeInteractive } from './card';
import type { ContentDecoder } from './common';
import { decodeAudio, decodeImage, decodeMedia, decodeSticker, fileDecoder } from './media';
import { decodeHongbao, decodeLocation, decodeShareChat, decodeShareUser, decodeVote } from './share';
import { decodeSystem } from './system';
import { decodePost, decodeText } from './text';

export { mergeForwardFields } from './merge-forward';

const CONTENT_DECODERS: { readonly [T in Exclude<KnownMsgType, 'merge_forward'>]: ContentDecoder } = {
  text: decodeText,
  post: decodePost,
  image: decodeImage,
  file: fileDecoder('file'),
  folder: fileDecoder('folder'),
  audio: decodeAudio,
  media: decodeMedia,
  sticker: decodeSticker,
  interactive: decodeInteractive,
  share_chat: decodeShareChat,
  share_user: decodeShareUser,
  location: decodeLocation,
  vote: decodeVote,
  hongbao: decodeHongbao,
  system: decodeSystem,
  video_chat: decodeVideoChat,
  todo: decodeTodo,
  share_calendar_event: calendarDecoder('share_calendar_event'),
  calendar: calendarDecoder('calendar'),
  general_calendar: calendarDecoder('general_calendar'),
};

const BY_MSG_TYPE: ReadonlyMap<string, ContentDecoder> = new Map(Object.entries(CONTENT_DECODERS));

/** The decoder of a msg_type, or undefined for one nobody has described (and for merge_forward). */
export function contentDecoderFor(msgType: string): ContentDecoder | undefined {
  return BY_MSG_TYPE.get(msgType);
}
