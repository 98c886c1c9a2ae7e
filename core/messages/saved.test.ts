import { describe, expect, it } from 'vitest';
import { messagesFromSavedFile } from './saved';

const item = { message_id: 'om_dc13264520392913993dd051dba21dcf', msg_type: 'text', body: { content: '{"text":"hi"}' } };

describe('messagesFromSavedFile', () => {
  it.each([
    ['an API response', JSON.stringify({ code: 0, msg: 'success', data: { items: [item] } }), 'api-response'],
    ['the items', JSON.stringify([item]), 'items'],
    ['one item, with a BOM', `\uFEFF${JSON.stringify(item)}`, 'item'],
    [
      'a receive event',
      JSON.stringify({ event: { message: { message_id: 'om_1234567890', message_type: 'text', content: '{"text":"x"}' } } }),
      'event',
    ],
  ])('opens %s', (_, text, source) => {
    const result = messagesFromSavedFile(text);
    expect('error' in result ? result.error : result.source).toBe(source);
  });

  it.each([
    ['', /empty/],
    ['{"code":0,"msg":"success","data":{"items":[', /not JSON/],
    ['<html></html>', /not JSON/],
    [JSON.stringify({ code: 230002, msg: 'The bot can not be outside the group.' }), /failed API response: code 230002/],
    [JSON.stringify({ code: 0, msg: 'success', data: { items: [] } }), /no messages/],
    [JSON.stringify({ text: 'just content' }), /content of one message/],
  ])('refuses %j with a clear message', (text, message) => {
    const result = messagesFromSavedFile(text);
    expect('error' in result ? result.error : 'opened').toMatch(message);
  });
});
