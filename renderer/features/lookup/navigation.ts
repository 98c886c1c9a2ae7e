import { useCallback, useState } from 'react';
import type { ConversationOpen } from '../conversation/open';

/** One lookup the user made: the text it came from, the IDs found, and which one is shown. */
export interface Lookup {
  text: string;
  messageIds: string[];
  selected: string;
  /** Bumps on every fetch, so pressing Enter again asks the platform again. */
  attempt: number;
  /** Set when the IDs run as a batch in the main side. */
  batchId?: string;
  /** The profile the batch runs with (the active one may change while it runs). */
  batchProfileId?: string;
  /** Set when the entry is a chat or a thread in the conversation view (then there are no message IDs). */
  conversation?: ConversationOpen;
}

interface History {
  entries: Lookup[];
  index: number;
  attempts: number;
}

/** Back/forward between viewed messages, like a browser's history. */
export function useLookupHistory() {
  const [history, setHistory] = useState<History>({ entries: [], index: -1, attempts: 0 });
  const push = useCallback(
    (text: string, messageIds: string[], batch?: { batchId: string; profileId: string }) =>
      setHistory((h) => {
        const attempts = h.attempts + 1;
        const entry: Lookup = {
          text,
          messageIds,
          selected: messageIds[0]!,
          attempt: attempts,
          batchId: batch?.batchId,
          batchProfileId: batch?.profileId,
        };
        return { entries: [...h.entries.slice(0, h.index + 1), entry], index: h.index + 1, attempts };
      }),
    [],
  );
  /** A chat or a thread, opened in the conversation view. */
  const pushConversation = useCallback(
    (text: string, conversation: ConversationOpen) =>
      setHistory((h) => {
        const attempts = h.attempts + 1;
        const entry: Lookup = { text, messageIds: [], selected: '', attempt: attempts, conversation };
        return { entries: [...h.entries.slice(0, h.index + 1), entry], index: h.index + 1, attempts };
      }),
    [],
  );
  const go = useCallback(
    (delta: number) =>
      setHistory((h) => {
        const index = h.index + delta;
        if (index < 0 || index >= h.entries.length) return h;
        return { ...h, index };
      }),
    [],
  );
  const select = useCallback(
    (messageId: string) =>
      setHistory((h) => {
        const current = h.entries[h.index];
        if (!current) return h;
        const entries = [...h.entries];
        entries[h.index] = { ...current, selected: messageId };
        return { ...h, entries };
      }),
    [],
  );
  return {
    current: history.entries[history.index],
    canGoBack: history.index > 0,
    canGoForward: history.index < history.entries.length - 1,
    push,
    pushConversation,
    back: () => go(-1),
    forward: () => go(1),
    select,
  };
}
