import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ChatExportStatus } from '../../../core/api/contract';
import type { ConversationTarget } from '../../../core/conversations/walk';
import { api, chatExportDownloadUrl } from '../../api';

/**
 * Whole-chat exports as the page follows them: for the whole page, not for the conversation view
 * that started one. An export runs in the main side for minutes; the user opens a message, another
 * chat or the Live view meanwhile, and the export still shows (in the tray, ChatExportsTray) and,
 * in browser mode, its file is still downloaded when it is done. A page opened again (a reload)
 * picks up the exports the main side is running and the ones this tab started.
 */

const POLL_MS = 500;
/** This tab's exports (started, downloaded), so that a reload neither loses nor downloads one twice. */
const STARTED_KEY = 'inspector.chatExports.started';
const DOWNLOADED_KEY = 'inspector.chatExports.downloaded';
const DISMISSED_KEY = 'inspector.chatExports.dismissed';
/** IDs remembered at most: the main side keeps only its last few finished exports anyway. */
const REMEMBERED = 50;

interface ChatExports {
  exports: ChatExportStatus[];
  /** Follows an export just started; downloads it at once when it is already done. */
  follow(exportId: string): Promise<ChatExportStatus>;
  cancel(exportId: string): void;
  /** Stops showing it (a running export goes on, and shows again where its conversation is open). */
  dismiss(exportId: string): void;
  /** Whose exports a conversation view on screen shows itself: the tray leaves them out. */
  shown: ReadonlySet<string>;
  show(key: string): () => void;
}

const ChatExportsContext = createContext<ChatExports | null>(null);

/** What one conversation's exports are known by: its profile and container. */
export const exportKey = (profileId: string, target: ConversationTarget) => `${profileId}|${target.kind}|${target.id}`;

export function ChatExportsProvider({ children }: { children: ReactNode }) {
  const [exports, setExports] = useState<ChatExportStatus[]>([]);
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(() => remembered(DISMISSED_KEY));
  const [shown, setShown] = useState<ReadonlySet<string>>(() => new Set());

  const put = useCallback((status: ChatExportStatus) => {
    setExports((list) => {
      const at = list.findIndex((each) => each.exportId === status.exportId);
      if (at < 0) return [...list, status];
      // An answer that comes after a newer one (two polls crossing) does not take it back.
      if (list[at]!.updatedAt > status.updatedAt) return list;
      return list.map((each, index) => (index === at ? status : each));
    });
    // A finished download export is fetched once by the tab that started it, whichever view (if
    // any) is on screen; another tab shows it but leaves the file to that one.
    // (sessionStorage is read only then, not at every poll of a running export.)
    const due = status.state === 'done' && status.download;
    if (due && remembered(STARTED_KEY).has(status.exportId) && !remembered(DOWNLOADED_KEY).has(status.exportId)) {
      remember(DOWNLOADED_KEY, status.exportId);
      download(status.exportId, status.file);
    }
  }, []);

  // A page opened again: the exports the main side runs, and this tab's finished ones (a download
  // that came due while the page was away is made now).
  useEffect(() => {
    let stale = false;
    void api
      .listChatExports()
      .then((statuses) => {
        if (stale) return;
        const mine = remembered(STARTED_KEY);
        for (const status of statuses) if (status.state === 'running' || mine.has(status.exportId)) put(status);
      })
      .catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [put]);

  const runningIds = exports
    .filter((each) => each.state === 'running')
    .map((each) => each.exportId)
    .join(' ');
  /** A poll failed: stop following the export only when the main side no longer has it (it ended with the app). */
  const forgetIfGone = useCallback(
    (exportId: string) =>
      api
        .listChatExports()
        .then((statuses) => {
          if (!statuses.some((status) => status.exportId === exportId))
            setExports((list) => list.filter((each) => each.exportId !== exportId));
        })
        // Not reachable just now either: keep following it; the next poll asks again.
        .catch(() => undefined),
    [],
  );

  const polling = useRef(new Set<string>());
  useEffect(() => {
    if (runningIds === '') return;
    const timer = setInterval(() => {
      for (const exportId of runningIds.split(' ')) {
        // One question at a time per export: a slow answer is not asked over.
        if (polling.current.has(exportId)) continue;
        polling.current.add(exportId);
        void api
          .getChatExport(exportId)
          .then(put, () => forgetIfGone(exportId))
          .finally(() => polling.current.delete(exportId));
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [runningIds, put, forgetIfGone]);

  const follow = useCallback(
    async (exportId: string) => {
      remember(STARTED_KEY, exportId);
      const status = await api.getChatExport(exportId);
      put(status);
      return status;
    },
    [put],
  );
  const cancel = useCallback((exportId: string) => void api.cancelChatExport(exportId), []);
  const dismiss = useCallback((exportId: string) => {
    remember(DISMISSED_KEY, exportId);
    setDismissed((set) => new Set(set).add(exportId));
  }, []);
  const show = useCallback((key: string) => {
    setShown((set) => new Set(set).add(key));
    return () =>
      setShown((set) => {
        const next = new Set(set);
        next.delete(key);
        return next;
      });
  }, []);

  const value = useMemo<ChatExports>(
    () => ({ exports: exports.filter((each) => !dismissed.has(each.exportId)), follow, cancel, dismiss, shown, show }),
    [exports, dismissed, follow, cancel, dismiss, shown, show],
  );
  return <ChatExportsContext.Provider value={value}>{children}</ChatExportsContext.Provider>;
}

export function useChatExports(): ChatExports {
  const context = useContext(ChatExportsContext);
  if (!context) throw new Error('useChatExports needs a ChatExportsProvider around it');
  return context;
}

/** The exports no conversation view on screen shows: the ones the tray lists. */
export function useExportsElsewhere(): ChatExportStatus[] {
  const { exports, shown } = useChatExports();
  return exports.filter((each) => !shown.has(exportKey(each.profileId, each.target)));
}

function remembered(key: string): Set<string> {
  try {
    const saved = JSON.parse(sessionStorage.getItem(key) ?? '[]') as unknown;
    return new Set(Array.isArray(saved) ? saved.filter((id): id is string => typeof id === 'string') : []);
  } catch {
    return new Set();
  }
}

function remember(key: string, exportId: string): void {
  const ids = [...remembered(key), exportId].slice(-REMEMBERED);
  try {
    sessionStorage.setItem(key, JSON.stringify(ids));
  } catch {
    // Storage full or refused: the export is still followed while the page stays open.
  }
}

/** Browser mode: the finished file through the download route (the desktop wrote it where the user chose). */
function download(exportId: string, name: string) {
  const url = chatExportDownloadUrl(exportId);
  if (!url) return;
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
}
