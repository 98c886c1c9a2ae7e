import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ResourceButton } from './ResourceButton';
import type { CardParagraph, CardRun, MentionRun } from '../../../core/messages';

/** Paragraphs drawn at first; a 40,000-row card shows the rest on request. */
const PARAGRAPH_PAGE = 300;

/** Paragraphs of runs (text, post, todo, card) as a person would read them. */
export function Paragraphs({ paragraphs }: { paragraphs: readonly CardParagraph[] }) {
  const { t } = useTranslation();
  const [limit, setLimit] = useState(PARAGRAPH_PAGE);
  return (
    <div className="rendered-paragraphs">
      {paragraphs.slice(0, limit).map((paragraph, index) =>
        paragraph.length === 0 ? (
          <p key={index} className="rendered-empty-line" aria-hidden>
            {'\u00a0'}
          </p>
        ) : isBlock(paragraph) ? (
          <Fragment key={index}>
            {paragraph.map((run, i) => (
              <Run key={i} run={run} />
            ))}
          </Fragment>
        ) : (
          <p key={index}>
            {paragraph.map((run, i) => (
              <Run key={i} run={run} />
            ))}
          </p>
        ),
      )}
      {paragraphs.length > limit && (
        <button type="button" className="json-more" onClick={() => setLimit(paragraphs.length)}>
          {t('rendered.showAll', { shown: limit, count: paragraphs.length })}
        </button>
      )}
    </div>
  );
}

function isBlock(paragraph: readonly CardRun[]): boolean {
  return paragraph.length === 1 && (paragraph[0]!.type === 'code_block' || paragraph[0]!.type === 'hr');
}

function styleClass(style: readonly string[] | undefined): string {
  return (style ?? []).map((s) => `run-${s}`).join(' ');
}

function Run({ run }: { run: CardRun }) {
  const { t } = useTranslation();
  switch (run.type) {
    case 'text':
      return <span className={styleClass(run.style)}>{run.text}</span>;
    case 'mention':
      return <Mention run={run} />;
    case 'link':
      // Only web and mail links are live; anything else (javascript:, file:) stays text.
      return /^(?:https?|mailto):/i.test(run.href) ? (
        <a className={styleClass(run.style)} href={run.href} target="_blank" rel="noreferrer noopener" title={run.href}>
          {run.text || run.href}
        </a>
      ) : (
        <span className={styleClass(run.style)} title={run.href}>
          {run.text || run.href} <code>({run.href})</code>
        </span>
      );
    case 'image':
      return (
        <span className="chip" title={run.imageKey}>
          🖼 {t('rendered.image')} <code>{run.imageKey}</code> <ResourceButton fileKey={run.imageKey} type="image" />
        </span>
      );
    case 'media':
      return (
        <span className="chip" title={run.fileKey}>
          🎞 {t('rendered.media')} <code>{run.fileKey}</code>
        </span>
      );
    case 'emotion':
      return <span className="chip chip-soft">:{run.emojiType}:</span>;
    case 'code_block':
      return (
        <pre className="rendered-code" data-language={run.language}>
          {run.language && <span className="code-language">{run.language}</span>}
          <code>{run.text}</code>
        </pre>
      );
    case 'hr':
      return <hr />;
    case 'button':
      return (
        <span className="card-button" title={run.href}>
          {run.text}
        </span>
      );
    case 'widget':
      return (
        <span className="chip chip-soft">
          {run.tag}
          {run.text ? `: ${run.text}` : ''}
          {run.options?.length ? ` (${run.options.join(' / ')})` : ''}
        </span>
      );
  }
}

function Mention({ run }: { run: MentionRun }) {
  const { t } = useTranslation();
  const label = run.all ? t('rendered.everyone') : (run.name ?? t('rendered.unknownUser', { key: run.key }));
  return (
    <span
      className={`mention ${run.name === null && !run.all ? 'mention-unresolved' : ''}`}
      title={[run.key, run.id, run.idType].filter(Boolean).join(' · ')}
    >
      @{label}
    </span>
  );
}
