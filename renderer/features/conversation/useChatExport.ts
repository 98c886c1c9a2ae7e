import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatExportStatus, ExportFormat } from '../../../core/api/contract';
import type { ConversationRange } from '../../../core/conversations/window';
import { api, chatExportDownloadUrl } from '../../api';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';
import type { ConversationOpen } from './open';
import { identityFor } from '../identity/choice';

export interface ChatExportChoice {
  format: ExportFormat;
  includeThreads: boolean;
  withFiles: boolean;
  inlineImages: boolean;
}

const POLL_MS = 500;

/**
 * One whole-chat export from the conversation view: started in the main side, its status read
 * every half second while it runs. In browser mode the finished file is downloaded; the desktop
 * wrote it where the user chose.
 */
export function useChatExport(open: ConversationOpen) {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<ChatExportStatus | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const start = async (choice: ChatExportChoice, range: ConversationRange | undefined) => {
    setProblem(null);
    try {
      const started = await api.startChatExport({
        profileId: open.profileId,
        ...identityFor(open.profileId),
        target: open.target,
        ...(open.target.kind === 'chat' && range?.since !== undefined ? { since: range.since } : {}),
        ...(open.target.kind === 'chat' && range?.until !== undefined ? { until: range.until } : {}),
        includeThreads: open.target.kind === 'chat' && choice.includeThreads,
        format: choice.format,
        withFiles: choice.withFiles || choice.inlineImages,
        inlineImages: choice.format === 'html' && choice.inlineImages,
        lang: langOf(i18n),
      });
      if ('cancelled' in started) return;
      // An export that is done by the first look (a small chat, or one resumed whole) is downloaded too:
      // the poll below only runs while an export is running.
      const first = await api.getChatExport(started.exportId);
      setStatus(first);
      if (first.state === 'done' && first.download) download(started.exportId, first.file);
    } catch (error) {
      setProblem(appErrorText(error, t));
    }
  };

  const running = status?.state === 'running';
  const exportId = status?.exportId;
  useEffect(() => {
    if (!running || !exportId) return;
    const timer = setInterval(() => {
      void api
        .getChatExport(exportId)
        .then((next) => {
          setStatus(next);
          if (next.state === 'done' && next.download) download(exportId, next.file);
        })
        .catch((error: unknown) => setProblem(appErrorText(error, t)));
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [running, exportId, t]);

  return {
    status,
    problem,
    start,
    cancel: () => (exportId ? void api.cancelChatExport(exportId) : undefined),
    dismiss: () => {
      setStatus(null);
      setProblem(null);
    },
  };
}

/** Browser mode: the finished file through the download route. */
function download(exportId: string, name: string) {
  const url = chatExportDownloadUrl(exportId);
  if (!url) return;
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
}
