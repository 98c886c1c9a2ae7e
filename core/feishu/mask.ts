/**
 * Message content can carry credentials of its own (a shared calendar event's `share_token` is a
 * join credential): they are masked before an answer leaves the main side, by the one rule of
 * base/redact.ts, for a single lookup and a batch alike.
 */

import { maskCredentials } from '../base/redact';
import type { ApiMessage, GetMessageResponse } from './types';

export function withContentCredentialsMasked(response: GetMessageResponse): GetMessageResponse {
  const items = response.data?.items;
  if (!items) return response;
  const masked = maskItems(items);
  return masked === items ? response : { ...response, data: { ...response.data, items: masked } };
}

/** The same items when none held a credential; copies of the changed ones otherwise. */
export function maskItems(items: ApiMessage[]): ApiMessage[] {
  let changed = false;
  const out = items.map((item) => {
    const content: unknown = item.body?.content;
    // A server that sends content of another type sends nothing to mask, and must not stop a batch.
    if (typeof content !== 'string' || !content) return item;
    const masked = maskCredentials(content);
    if (masked === content) return item;
    changed = true;
    return { ...item, body: { ...item.body, content: masked } };
  });
  return changed ? out : items;
}
