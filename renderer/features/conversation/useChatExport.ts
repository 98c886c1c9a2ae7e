import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../core/api/contract';
import type { ConversationRange } from '../../../core/conversations/window';
import { api } from '../../api';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';
import type { ConversationOpen } from './open';
import { identityFor } from '../identity/choice';
import { exportKey, useChatExports } from './chat-exports';

export interface ChatExportChoice {
  format: ExportFormat;
  includeThreads: boolean;
  withFiles: boolean;
  inlineImages: boolean;
}

/**
 * The whole-chat export of the conversation on screen: started in the main side and followed by
 * the page (./chat-exports.tsx), so it goes on showing, and in browser mode downloads, when this
 * view is left. While the view is open it shows its conversation's latest export itself.
 */
export function useChatExport(open: ConversationOpen) {
  const { t, i18n } = useTranslation();
  const exports = useChatExports();
  const [problem, setProblem] = useState<string | null>(null);
  const key = exportKey(open.profileId, open.target);
  const { show } = exports;
  useEffect(() => show(key), [show, key]);
  const status = exports.exports.filter((each) => exportKey(each.profileId, each.target) === key).at(-1) ?? null;

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
      await exports.follow(started.exportId);
    } catch (error) {
      setProblem(appErrorText(error, t));
    }
  };

  return {
    status,
    problem,
    start,
    cancel: () => (status ? exports.cancel(status.exportId) : undefined),
    dismiss: () => {
      if (status) exports.dismiss(status.exportId);
      setProblem(null);
    },
  };
}
