import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EXPORT_FORMATS, type ChatExportStatus, type ExportFormat } from '../../../core/api/contract';
import { explainFailure } from '../../../core/errors';
import { Dialog } from '../../components/Dialog';
import { langOf } from '../../i18n';
import { formatBytes, formatDuration, formatNumber } from '../../i18n/format';
import { appInfoQuery } from '../../queries';
import { FORMAT_NAMES } from '../batch/useBatch';
import type { ConversationOpen } from './open';
import { useChatExport, type ChatExportChoice } from './useChatExport';

/**
 * "Export…" for the chat or thread on screen: the choices in a dialog, then the export's progress
 * (messages, rate, time left within a range, files), cancel, and how it ended — what it wrote, what
 * could not be had with the platform's codes, or why it stopped and that starting it again resumes.
 */
export function ChatExport({ open }: { open: ConversationOpen }) {
  const { t } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const exporter = useChatExport(open);
  const running = exporter.status?.state === 'running';
  return (
    <div className="chat-export">
      <button type="button" className="button button-small" onClick={() => setChoosing(true)} disabled={running}>
        {t('chatExport.button')}
      </button>
      {choosing && (
        <ChoiceDialog
          open={open}
          onClose={() => setChoosing(false)}
          onStart={(choice) => {
            setChoosing(false);
            void exporter.start(choice, open.range);
          }}
        />
      )}
      {exporter.problem && (
        <p className="lookup-problem small" role="alert">
          {exporter.problem}
        </p>
      )}
      {exporter.status && <ExportStatus status={exporter.status} onCancel={exporter.cancel} onDismiss={exporter.dismiss} />}
    </div>
  );
}

function ChoiceDialog({
  open,
  onClose,
  onStart,
}: {
  open: ConversationOpen;
  onClose: () => void;
  onStart: (choice: ChatExportChoice) => void;
}) {
  const { t } = useTranslation();
  const browser = useQuery(appInfoQuery()).data?.host === 'browser';
  const [choice, setChoice] = useState<ChatExportChoice>({ format: 'html', includeThreads: true, withFiles: false, inlineImages: false });
  const chat = open.target.kind === 'chat';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onStart(choice);
  };
  const range = open.range;
  return (
    <Dialog open onClose={onClose} titleId="chat-export-title" title={t('chatExport.title')} testId="chat-export-dialog">
      <form className="chat-export-form" onSubmit={submit}>
        <p className="muted small">
          {chat
            ? range?.since !== undefined || range?.until !== undefined
              ? t('chatExport.whatRange')
              : t('chatExport.whatChat')
            : t('chatExport.whatThread')}
        </p>
        <fieldset>
          <legend>{t('chatExport.format')}</legend>
          {EXPORT_FORMATS.map((format: ExportFormat) => (
            <label key={format} className="checkbox">
              <input
                type="radio"
                name="chat-export-format"
                value={format}
                checked={choice.format === format}
                onChange={() => setChoice({ ...choice, format, inlineImages: format === 'html' && choice.inlineImages })}
              />
              {FORMAT_NAMES[format]}
            </label>
          ))}
        </fieldset>
        {chat && (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={choice.includeThreads}
              onChange={(e) => setChoice({ ...choice, includeThreads: e.target.checked })}
            />
            {t('chatExport.threads')}
          </label>
        )}
        {!browser && (
          <label className="checkbox">
            <input type="checkbox" checked={choice.withFiles} onChange={(e) => setChoice({ ...choice, withFiles: e.target.checked })} />
            {t('chatExport.withFiles')}
          </label>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={choice.inlineImages}
            disabled={choice.format !== 'html'}
            onChange={(e) => setChoice({ ...choice, inlineImages: e.target.checked })}
          />
          {t('chatExport.inlineImages')}
        </label>
        {browser && <p className="muted small">{t('chatExport.browserFiles')}</p>}
        <p className="muted small">{t('chatExport.resumeNote')}</p>
        <div className="dialog-actions">
          <button type="submit" className="button button-primary">
            {t('chatExport.start')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ExportStatus({
  status,
  onCancel,
  onDismiss,
  announce = true,
}: {
  status: ChatExportStatus;
  onCancel: () => void;
  onDismiss: () => void;
  /** Read out as it changes (the conversation's own export); the tray's several would talk over one another. */
  announce?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { progress } = status;
  const elapsed = Math.max(1, status.updatedAt - status.startedAt);
  const fetched = progress.entries - progress.resumedEntries;
  const rate = (fetched / elapsed) * 1000;
  const left = timeLeft(status);
  return (
    <div
      className={`chat-export-status ${status.state}`}
      role="status"
      aria-live={announce ? 'polite' : 'off'}
      data-testid="chat-export-status"
    >
      {status.state === 'running' && (
        <p className="small">
          {t('chatExport.running', { count: progress.entries })}
          {progress.resumedEntries > 0 && ` · ${t('chatExport.resumed', { count: progress.resumedEntries })}`}
          {fetched > 0 && ` · ${t('chatExport.rate', { rate: formatNumber(Math.round(rate), lang) })}`}
          {left !== undefined && ` · ${t('chatExport.left', { left: formatDuration(left, lang) })}`}
          {progress.files &&
            ` · ${t('chatExport.files', { done: progress.files.done, total: progress.files.total, bytes: formatBytes(progress.files.bytes, lang) })}`}{' '}
          <button type="button" className="button button-small" onClick={onCancel}>
            {t('chatExport.cancel')}
          </button>
        </p>
      )}
      {status.state === 'done' && (
        <p className="small">
          {status.download
            ? t('chatExport.downloaded', { count: status.result?.entries ?? 0, file: status.file })
            : t('chatExport.saved', { count: status.result?.entries ?? 0, file: status.file })}
          {status.result?.files &&
            ` · ${t('chatExport.filesSaved', { done: status.result.files.done, folder: status.result.files.folder })}`}{' '}
          <button type="button" className="link-button small" onClick={onDismiss}>
            {t('chatExport.dismiss')}
          </button>
        </p>
      )}
      {(status.state === 'stopped' || status.state === 'cancelled') && (
        <p className="small" role="alert">
          {status.state === 'cancelled'
            ? t('chatExport.cancelled', { count: progress.entries })
            : t('chatExport.stopped', {
                count: progress.entries,
                reason: status.failure
                  ? `${status.failure.code ?? status.failure.kind} · ${explainFailure(status.failure, langOf(i18n)).title}`
                  : (status.error ?? ''),
              })}{' '}
          {t('chatExport.again')}{' '}
          <button type="button" className="link-button small" onClick={onDismiss}>
            {t('chatExport.dismiss')}
          </button>
        </p>
      )}
      {status.problemCount > 0 && (
        <details className="chat-export-problems">
          <summary>{t('chatExport.problems', { count: status.problemCount })}</summary>
          <ul>
            {status.problems.map((problem, index) => (
              <li key={`${problem.messageId}:${problem.what}:${index}`} className="small">
                <span className="mono">{problem.messageId}</span> · {t(`chatExport.what.${problem.what}`)} · {problem.code ?? problem.kind}{' '}
                {problem.msg}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

/** Within a time range: how long the rest of it will take at the pace so far. Unknown without a range's start. */
function timeLeft(status: ChatExportStatus): number | undefined {
  const { since, progress } = status;
  if (status.state !== 'running' || since === undefined || progress.reachedMs === undefined) return undefined;
  const until = status.until ?? Math.floor(status.startedAt / 1000);
  const span = until - since;
  const done = progress.reachedMs / 1000 - since;
  if (span <= 0 || done <= 0) return undefined;
  const share = Math.min(1, done / span);
  const elapsed = status.updatedAt - status.startedAt;
  return share >= 1 ? 0 : (elapsed / share) * (1 - share);
}
