/**
 * Opening a saved file offline (the app's file picker and drop zone, `inspector render`): an API
 * response `{code, msg, data: {items}}`, just the items, one item, or a receive event. Content on
 * its own is refused here: without its message it says too little to be worth a file.
 */

import type { ApiMessage } from '../feishu/types';
import { isPayloadError, messagesFromPayload, type PayloadSource } from './normalize';
import { parseJson } from './values';

export type SavedMessages = { items: ApiMessage[]; source: PayloadSource; notes: string[] } | { error: string };

const EXPECTED =
  'Expected a saved API response ({"code":0,"msg":"success","data":{"items":[…]}}), its items array, one item, or a receive event.';

export function messagesFromSavedFile(text: string): SavedMessages {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return { error: `The file is empty. ${EXPECTED}` };
  const parsed = parseJson(trimmed);
  if (!parsed.ok) return { error: `The file is not JSON (${parsed.error}). ${EXPECTED}` };
  const value = parsed.value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const envelope = value as { code?: unknown; msg?: unknown; data?: unknown };
    if (typeof envelope.code === 'number' && envelope.code !== 0) {
      return {
        error: `The file holds a failed API response: code ${envelope.code}, msg "${String(envelope.msg ?? '')}". It has no messages.`,
      };
    }
  }
  const result = messagesFromPayload(value);
  if (isPayloadError(result)) return { error: `${result.error} ${EXPECTED}` };
  if (result.source === 'content-only') {
    return { error: `The file looks like the content of one message, not a saved response. ${EXPECTED}` };
  }
  if (result.items.length === 0) return { error: `The file has no messages (empty items). ${EXPECTED}` };
  return result;
}
