import type { ConversationTarget } from '../../../core/conversations/walk';
import type { ConversationRange } from '../../../core/conversations/window';

/** What the conversation view opens: a chat or a thread, around a message or at its newest, in a time range. */
export interface ConversationOpen {
  target: ConversationTarget;
  profileId: string;
  /** The message to centre on and highlight: in a chat found by its create time (epoch ms). */
  around?: { messageId: string; createTime?: number };
  /** A chat's time range, in seconds. */
  range?: ConversationRange;
}
