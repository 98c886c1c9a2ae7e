import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../core/messages';
import { Paragraphs } from './Runs';
import { ResourceButton } from './ResourceButton';
import { formatDateTime } from '../../i18n/format';

/** A message as a person would read it: rich text, mentions as names, chips for files and images. */
export function RenderedMessage({ view }: { view: MessageView }) {
  const { t } = useTranslation();
  return (
    <div className="rendered" data-testid="rendered-message" data-kind={view.kind}>
      <Body view={view} />
      {view.warnings.length > 0 && (
        <details className="rendered-warnings">
          <summary>{t('rendered.warnings', { count: view.warnings.length })}</summary>
          <ul>
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

function Time({ ms }: { ms: number | undefined }) {
  const { i18n } = useTranslation();
  if (ms === undefined) return <span className="muted">—</span>;
  return <time dateTime={new Date(ms).toISOString()}>{formatDateTime(ms, i18n.language)}</time>;
}

function Raw({ raw }: { raw: string }) {
  return <pre className="raw raw-inline">{raw === '' ? '""' : raw}</pre>;
}

function Body({ view }: { view: MessageView }): ReactNode {
  const { t } = useTranslation();
  switch (view.kind) {
    case 'text':
      return <Paragraphs paragraphs={view.paragraphs} />;
    case 'post':
      return (
        <>
          {view.title && <h3 className="rendered-title">{view.title}</h3>}
          <Paragraphs paragraphs={view.paragraphs} />
          {view.locales.length > 1 && (
            <p className="muted small">
              {t('rendered.locales', { locales: view.locales.map((l) => l.locale).join(', '), current: view.locale })}
            </p>
          )}
          {view.attachments.map((a) => (
            <span key={a.fileKey} className="chip">
              📎 {a.fileName ?? a.fileKey}
            </span>
          ))}
        </>
      );
    case 'interactive':
      return (
        <div className="card-preview">
          {view.upgradePlaceholder && <p className="notice small">{t('rendered.cardUpgrade')}</p>}
          {view.title && <h3 className="rendered-title">{view.title}</h3>}
          {view.subtitle && <p className="muted">{view.subtitle}</p>}
          <Paragraphs paragraphs={view.paragraphs} />
          <p className="muted small">{t('rendered.cardForm', { form: view.form })}</p>
        </div>
      );
    case 'image':
      return <Chip icon="🖼" label={t('rendered.image')} value={view.imageKey} resource="image" />;
    case 'file':
    case 'folder':
      return (
        <Chip
          icon={view.kind === 'file' ? '📄' : '📁'}
          label={view.fileName ?? t(`rendered.${view.kind}`)}
          value={view.fileKey}
          resource={view.kind === 'file' ? 'file' : undefined}
        />
      );
    case 'audio':
      return <Chip icon="🔊" label={t('rendered.audio', { length: view.durationMs ?? '?' })} value={view.fileKey} resource="file" />;
    case 'media':
      return <Chip icon="🎞" label={view.fileName ?? t('rendered.media')} value={view.fileKey} resource="file" />;
    case 'sticker':
      return <Chip icon="🙂" label={t('rendered.sticker')} value={view.fileKey} />;
    case 'share_chat':
      return <Chip icon="💬" label={t('rendered.shareChat')} value={view.chatId} />;
    case 'share_user':
      return <Chip icon="👤" label={t('rendered.shareUser')} value={view.userId} />;
    case 'system':
      return <p className="rendered-system">{view.callEnded ? t('rendered.callEnded') : view.text}</p>;
    case 'location':
      return (
        <Chip icon="📍" label={view.name || t('rendered.location')} value={[view.latitude, view.longitude].filter(Boolean).join(', ')} />
      );
    case 'video_chat':
      return (
        <dl className="fields">
          <Fact label={t('rendered.topic')}>{view.topic || '—'}</Fact>
          {view.meetNumber && <Fact label={t('rendered.meetNumber')}>{view.meetNumber}</Fact>}
          <Fact label={t('rendered.start')}>
            <Time ms={view.startTime} />
          </Fact>
          {view.endTime !== undefined && (
            <Fact label={t('rendered.end')}>
              <Time ms={view.endTime} />
            </Fact>
          )}
        </dl>
      );
    case 'todo':
      return (
        <>
          {view.title && <h3 className="rendered-title">{view.title}</h3>}
          <Paragraphs paragraphs={view.paragraphs} />
          <dl className="fields">
            <Fact label={t('rendered.due')}>
              <Time ms={view.dueTime} />
            </Fact>
            <Fact label={t('rendered.taskId')}>
              <code>{view.taskId}</code>
            </Fact>
          </dl>
        </>
      );
    case 'vote':
      return (
        <>
          <h3 className="rendered-title">
            {view.topic} {view.closed && <span className="badge badge-warn">{t('rendered.voteClosed')}</span>}
          </h3>
          <ul>
            {view.options.map((option, i) => (
              <li key={i}>{option}</li>
            ))}
          </ul>
        </>
      );
    case 'hongbao':
      return <Chip icon="🧧" label={t('rendered.hongbao')} value={view.text} />;
    case 'share_calendar_event':
    case 'calendar':
    case 'general_calendar':
      return (
        <dl className="fields">
          <Fact label={t('rendered.summary')}>{view.summary || '—'}</Fact>
          <Fact label={t('rendered.start')}>
            <Time ms={view.startTime} />
          </Fact>
          <Fact label={t('rendered.end')}>
            <Time ms={view.endTime} />
          </Fact>
        </dl>
      );
    case 'merge_forward':
      return <p className="rendered-system">{t('rendered.mergeForward', { label: view.label })}</p>;
    case 'recalled':
      return <p className="notice">{t('rendered.recalled')}</p>;
    case 'unknown_type':
      return (
        <>
          <p className="notice">{t('rendered.unknownType', { type: view.msgType || '—' })}</p>
          <Raw raw={view.raw} />
        </>
      );
    case 'broken':
      return (
        <>
          <p className="notice">{t('rendered.broken', { reason: view.reason })}</p>
          <Raw raw={view.raw} />
        </>
      );
  }
}

function Chip({ icon, label, value, resource }: { icon: string; label: string; value: string; resource?: 'image' | 'file' }) {
  return (
    <div className="rendered-chip">
      <span aria-hidden>{icon}</span> <span>{label}</span> {value && <code>{value}</code>}
      {resource && value && <ResourceButton fileKey={value} type={resource} />}
    </div>
  );
}
