/** The container of a merge-forward, read from the raw string: it is often not JSON at all. */

import type { MergeForwardEncoding } from '../model';
import type { DecodeContext } from '../runs';
import { isRecord, own, parseJson, stringOf } from '../values';

/**
 * The bare string `Merged and Forwarded Message`, `{"content": …}`, `{"text": …}` or
 * `{"create_message_ids": […]}`.
 */
export function mergeForwardFields(
  raw: string,
  ctx: DecodeContext,
): { label: string; encoding: MergeForwardEncoding; createMessageIds: string[] } {
  const trimmed = raw.trim();
  if (trimmed === '') return { label: '', encoding: 'empty', createMessageIds: [] };
  const result = parseJson(trimmed);
  if (!result.ok) return { label: trimmed, encoding: 'plain', createMessageIds: [] };
  const parsed = result.value;
  if (typeof parsed === 'string') return { label: parsed, encoding: 'plain', createMessageIds: [] };
  if (isRecord(parsed)) {
    const ids = own(parsed, 'create_message_ids');
    const createMessageIds = Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    const content = stringOf(own(parsed, 'content'));
    if (content !== undefined) return { label: content, encoding: 'content', createMessageIds };
    const text = stringOf(own(parsed, 'text'));
    if (text !== undefined) return { label: text, encoding: 'text', createMessageIds };
    if (Array.isArray(ids)) return { label: '', encoding: 'ids', createMessageIds };
  }
  ctx.warn('The merge_forward container content is not one of the known forms (a bare string, {content}, {text}, {create_message_ids}).');
  return { label: '', encoding: 'other', createMessageIds: [] };
}
