/**
 * Finding message IDs in whatever a support engineer pastes: a bare ID, a message link,
 * a log line, a JSON blob, or a list separated by commas, spaces or newlines.
 *
 * Real message IDs are `om_` followed by 32 characters (older: 32 hex; newer: `x100b` + 27 hex),
 * so the pattern accepts any word characters after `om_` rather than assuming hex; it also
 * accepts the sandbox's readable IDs such as `om_error_230110`.
 */

const MESSAGE_ID = /\bom_\w{6,64}\b/g;
/** Tokens that look like some other Feishu ID a user might paste by mistake. */
const OTHER_ID = /\b(?:omt|oc|ou|on|cli|img|file)_[A-Za-z0-9_-]+/g;

export interface ExtractedIds {
  /** Message IDs in the order they first appear, without duplicates. */
  messageIds: string[];
  /** Other Feishu IDs found in the text (chat, user, thread, app, resource keys), to say why they were skipped. */
  otherIds: string[];
}

export function extractMessageIds(text: string): ExtractedIds {
  const messageIds = uniqueMatches(text, MESSAGE_ID);
  const otherIds = uniqueMatches(text, OTHER_ID);
  return { messageIds, otherIds };
}

function uniqueMatches(text: string, pattern: RegExp): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(pattern)) seen.add(match[0]);
  return [...seen];
}

export function isMessageId(value: string): boolean {
  return new RegExp(`^${MESSAGE_ID.source}$`).test(value);
}

const CONTAINER_ID = /\b(oc|omt)_\w{6,64}\b/;

/** The first chat (`oc_…`) or thread (`omt_…`) ID in whatever was pasted. */
export function extractContainerId(text: string): { kind: 'chat' | 'thread'; id: string } | undefined {
  const match = CONTAINER_ID.exec(text);
  if (!match) return undefined;
  return { kind: match[1] === 'oc' ? 'chat' : 'thread', id: match[0] };
}
