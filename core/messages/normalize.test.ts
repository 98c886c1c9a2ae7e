import { describe, expect, it } from 'vitest';
import type { ApiMessage } from '../feishu/types';
import { decodeMessage } from './decode';
import { guessMsgType, isPayloadError, messagesFromPayload, type PayloadMessages, type PayloadResult } from './normalize';
import { messageViewToText } from './plain';

const ITEM: ApiMessage = {
  message_id: 'om_dc13264520392913993dd051dba21dcf',
  msg_type: 'text',
  create_time: '1615380573411',
  chat_id: 'oc_5ad11d72b830411d72b836c20',
  sender: { id: 'cli_9f427eec54ae901b', id_type: 'app_id', sender_type: 'app' },
  body: { content: '{"text":"@_user_1 test content"}' },
  mentions: [{ key: '@_user_1', id: 'ou_155184d1e73cbfb8973e5a9e698e74f2', id_type: 'open_id', name: 'Tom' }],
};

const EVENT_MESSAGE = {
  message_id: 'om_5ce6d572455d361153b7cb51da133945',
  root_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
  create_time: '1609073151345',
  chat_id: 'oc_5ce6d572455d361153b7xx51da133945',
  chat_type: 'group',
  message_type: 'text',
  content: '{"text":"@_user_1 hello"}',
  mentions: [
    {
      key: '@_user_1',
      id: { union_id: 'on_8ed6aa67826108097d9ee143816345', user_id: null, open_id: 'ou_84aad35d084aa403a838cf73ee18467' },
      name: 'Tom',
      tenant_key: '736588c9260f175e',
    },
  ],
};
const EVENT = {
  sender: {
    sender_id: { union_id: 'on_8ed6', user_id: 'e33ggbyz', open_id: 'ou_84aad35d' },
    sender_type: 'user',
    tenant_key: '736588c9260f175e',
  },
  message: EVENT_MESSAGE,
};
const ENVELOPE = { schema: '2.0', header: { event_id: '5e37', event_type: 'im.message.receive_v1' }, event: EVENT };

function ok(result: PayloadResult): PayloadMessages {
  if (isPayloadError(result)) throw new Error(`expected messages, got error: ${result.error}`);
  return result;
}

describe('messagesFromPayload', () => {
  it('reads a whole API response, as an object or as JSON text', () => {
    const response = { code: 0, msg: 'success', data: { items: [ITEM] } };
    for (const payload of [response, JSON.stringify(response), `  ${JSON.stringify(response, null, 2)}\n`]) {
      const result = ok(messagesFromPayload(payload));
      expect(result.source).toBe('api-response');
      expect(result.items).toEqual([ITEM]);
    }
  });

  it('reports an API error response as not a message, with code, msg and log ID', () => {
    const result = messagesFromPayload({
      code: 230027,
      msg: 'Lack of necessary permissions',
      error: { log_id: '20260226223708A046B2912E7A2158CAE2' },
    });
    expect(isPayloadError(result)).toBe(true);
    expect(isPayloadError(result) && result.error).toMatch(
      /API error response.*230027.*Lack of necessary permissions.*20260226223708A046B2912E7A2158CAE2/,
    );
  });

  it('reads an empty items list as no message, with a note about recall', () => {
    const result = ok(messagesFromPayload({ code: 0, msg: 'success', data: { items: [] } }));
    expect(result.items).toEqual([]);
    expect(result.notes.join(' ')).toMatch(/recalled or deleted/);
  });

  it('reads a send/reply answer whose data is the message itself', () => {
    const result = ok(messagesFromPayload({ code: 0, msg: 'success', data: ITEM }));
    expect(result.items).toEqual([ITEM]);
  });

  it('reads a bare items array and a pasted data object', () => {
    expect(ok(messagesFromPayload([ITEM, ITEM])).source).toBe('items');
    expect(ok(messagesFromPayload({ items: [ITEM] })).items).toHaveLength(1);
  });

  it('reads one item, applying the hint when it has no msg_type', () => {
    expect(ok(messagesFromPayload(ITEM)).source).toBe('item');
    const { msg_type: _omitted, ...untyped } = ITEM;
    const result = ok(messagesFromPayload(untyped, 'text'));
    expect(result.items[0]?.msg_type).toBe('text');
    expect(result.notes.join(' ')).toMatch(/hint/);
  });

  it('reads the recalled list-item fragment', () => {
    const result = ok(messagesFromPayload({ body: { content: 'This message was recalled' } }));
    expect(result.source).toBe('item');
    expect(decodeMessage(result.items[0] ?? {}).kind).toBe('recalled');
  });

  it.each([
    ['the envelope', ENVELOPE],
    ['the inner event', EVENT],
  ])('maps a receive event (%s) to API names', (_name, payload) => {
    const result = ok(messagesFromPayload(payload));
    expect(result.source).toBe('event');
    const [message] = result.items;
    expect(message).toEqual({
      message_id: 'om_5ce6d572455d361153b7cb51da133945',
      root_id: 'om_5ce6d572455d361153b7cb5xxfsdfsdfdsf',
      create_time: '1609073151345',
      chat_id: 'oc_5ce6d572455d361153b7xx51da133945',
      msg_type: 'text',
      body: { content: '{"text":"@_user_1 hello"}' },
      mentions: [
        {
          key: '@_user_1',
          name: 'Tom',
          tenant_key: '736588c9260f175e',
          id: { union_id: 'on_8ed6aa67826108097d9ee143816345', open_id: 'ou_84aad35d084aa403a838cf73ee18467' },
        },
      ],
      sender: { id: 'ou_84aad35d', id_type: 'open_id', sender_type: 'user', tenant_key: '736588c9260f175e' },
    });
    expect(messageViewToText(decodeMessage(message ?? {}))).toBe('@Tom hello');
  });

  it('maps the event message object alone', () => {
    const result = ok(messagesFromPayload(EVENT_MESSAGE));
    expect(result.source).toBe('event');
    expect(result.items[0]?.msg_type).toBe('text');
    expect(result.items[0]?.sender).toBeUndefined();
  });

  it('reports an event that carries no message', () => {
    const result = messagesFromPayload({
      schema: '2.0',
      header: { event_type: 'im.chat.member.bot.added_v1' },
      event: { chat_id: 'oc_1' },
    });
    expect(isPayloadError(result) && result.error).toMatch(/im\.chat\.member\.bot\.added_v1/);
  });

  it('reads content alone, as a JSON string (kept verbatim) or an object, with the hint', () => {
    const content = '{\n\t"file_key": "file_v3_0010k_x", "file_name": "a.md"}';
    const fromString = ok(messagesFromPayload(content, 'file'));
    expect(fromString.source).toBe('content-only');
    expect(fromString.items).toEqual([{ msg_type: 'file', body: { content } }]);
    const fromObject = ok(messagesFromPayload({ image_key: 'img_1' }, 'image'));
    expect(fromObject.items).toEqual([{ msg_type: 'image', body: { content: '{"image_key":"img_1"}' } }]);
  });

  it('guesses the msg_type of content alone when no hint is given', () => {
    const result = ok(messagesFromPayload({ template: '{from_user} joined', from_user: ['a'] }));
    expect(result.items[0]?.msg_type).toBe('system');
    expect(result.notes.join(' ')).toMatch(/guessed/);
  });

  it('a content object that looks like a card (header + body) is content, not an item', () => {
    const card = { schema: '2.0', header: { title: { content: 't' } }, body: { elements: [] } };
    const result = ok(messagesFromPayload(card, 'interactive'));
    expect(result.source).toBe('content-only');
  });

  it('reads bare strings that are content: the recall notice and the forward label', () => {
    const recalled = ok(messagesFromPayload('This message was recalled'));
    expect(decodeMessage(recalled.items[0] ?? {}).kind).toBe('recalled');
    const forward = ok(messagesFromPayload('Merged and Forwarded Message'));
    expect(forward.items[0]?.msg_type).toBe('merge_forward');
    const hinted = ok(messagesFromPayload('anything at all', 'hologram'));
    expect(hinted.items).toEqual([{ msg_type: 'hologram', body: { content: 'anything at all' } }]);
  });

  it('decodes a JSON string that holds JSON', () => {
    const result = ok(messagesFromPayload(JSON.stringify(JSON.stringify({ code: 0, data: { items: [ITEM] } }))));
    expect(result.source).toBe('api-response');
  });

  it.each([
    ['empty text', '   ', /empty/],
    ['text that is not JSON', 'hello there', /not JSON/],
    ['a number', 42, /a number, not a message/],
    ['null', null, /null, not a message/],
    ['a list of numbers', [1, 2], /Element 0/],
    ['a list of non-messages', [{ a: 1 }], /Element 0 .*not a message item/],
    ['a code-0 response without items', { code: 0, msg: 'ok', data: {} }, /no data\.items/],
  ])('reports %s as not a message', (_name, payload, pattern) => {
    const result = messagesFromPayload(payload);
    expect(isPayloadError(result)).toBe(true);
    expect(isPayloadError(result) && result.error).toMatch(pattern);
  });

  it('re-encodes an event whose content is an object', () => {
    const result = ok(messagesFromPayload({ message: { message_type: 'text', content: { text: 'hi' } } }));
    expect(result.items[0]?.body?.content).toBe('{"text":"hi"}');
  });
});

describe('guessMsgType', () => {
  it.each([
    [{ text: 'hi' }, 'text'],
    [{ title: '', content: [[]] }, 'post'],
    [{ zh_cn: { title: '', content: [] } }, 'post'],
    [{ image_key: 'img' }, 'image'],
    [{ file_key: 'f', file_name: 'a' }, 'file'],
    [{ file_key: 'f', duration: 1 }, 'audio'],
    [{ file_key: 'f', image_key: 'i' }, 'media'],
    [{ file_key: 'f' }, 'sticker'],
    [{ title: null, elements: [[]] }, 'interactive'],
    [{ json_card: '{}' }, 'interactive'],
    [{ chat_id: 'oc' }, 'share_chat'],
    [{ user_id: 'ou' }, 'share_user'],
    [{ template: '{x}' }, 'system'],
    [{ name: 'n', longitude: '1', latitude: '2' }, 'location'],
    [{ topic: 't', start_time: '1' }, 'video_chat'],
    [{ task_id: 't' }, 'todo'],
    [{ topic: 't', options: [] }, 'vote'],
    [{ summary: 's', start_time: '1' }, 'calendar'],
    [{ content: 'Merged and Forwarded Message' }, 'merge_forward'],
    [{ text: 'Merged and Forwarded Message' }, 'merge_forward'],
    [{ create_message_ids: [] }, 'merge_forward'],
    [{ nothing: 'known' }, undefined],
  ])('%j → %s', (content, expected) => {
    expect(guessMsgType(content)).toBe(expected);
  });
});
