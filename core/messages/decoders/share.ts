/** What a chat shares as a message of its own: a chat, a contact, a place, a vote, a red packet. */

import type { DecodeContext } from '../runs';
import { nonEmptyStringOf, numberOf, own, stringOf, type JsonObject } from '../values';
import { missing, type Decoded, type FieldsOf } from './common';

export function decodeShareChat(p: JsonObject): Decoded {
  const chatId = nonEmptyStringOf(own(p, 'chat_id'));
  if (chatId === undefined) return missing('share_chat', 'chat_id', own(p, 'chat_id'));
  return { fields: { kind: 'share_chat', chatId } };
}

export function decodeShareUser(p: JsonObject): Decoded {
  const userId = nonEmptyStringOf(own(p, 'user_id'));
  if (userId === undefined) return missing('share_user', 'user_id', own(p, 'user_id'));
  return { fields: { kind: 'share_user', userId } };
}

export function decodeLocation(p: JsonObject, ctx: DecodeContext): Decoded {
  const name = stringOf(own(p, 'name'));
  const longitude = stringOf(own(p, 'longitude'));
  const latitude = stringOf(own(p, 'latitude'));
  if (name === undefined && longitude === undefined && latitude === undefined) {
    return { wrongShape: 'The location content has no name, longitude or latitude.' };
  }
  const fields: FieldsOf<'location'> = { kind: 'location', name: name ?? '' };
  if (longitude !== undefined) fields.longitude = longitude;
  if (latitude !== undefined) fields.latitude = latitude;
  const lng = numberOf(longitude);
  const lat = numberOf(latitude);
  if (lng !== undefined) fields.lng = lng;
  if (lat !== undefined) fields.lat = lat;
  if ((longitude !== undefined && lng === undefined) || (latitude !== undefined && lat === undefined)) {
    ctx.warn('The location coordinates are not numbers.');
  }
  return { fields };
}

export function decodeVote(p: JsonObject, ctx: DecodeContext): Decoded {
  const topic = stringOf(own(p, 'topic'));
  const optionsValue = own(p, 'options');
  if (topic === undefined && optionsValue === undefined) return { wrongShape: 'The vote content has no topic or options.' };
  const options: string[] = [];
  if (Array.isArray(optionsValue)) {
    for (const option of optionsValue) {
      const label = stringOf(option) ?? stringOf(own(option, 'text')) ?? stringOf(own(option, 'content'));
      if (label !== undefined) options.push(label);
      else ctx.warn('A vote option is not text.');
    }
  } else if (optionsValue !== undefined) {
    ctx.warn('The vote options are not a list.');
  }
  const status = numberOf(own(p, 'status'));
  const fields: FieldsOf<'vote'> = {
    kind: 'vote',
    topic: topic ?? '',
    options,
    closed: status === 1,
  };
  if (status !== undefined) fields.status = status;
  return { fields };
}

export function decodeHongbao(p: JsonObject, ctx: DecodeContext): Decoded {
  const text = stringOf(own(p, 'text'));
  if (text === undefined) ctx.warn('The hongbao content has no text.');
  return { fields: { kind: 'hongbao', text: text ?? '' } };
}
