import { useTranslation } from 'react-i18next';
import type { ApiMessage } from '../../../core/feishu/types';
import { appLink, parseAppLink } from '../../../core/handoff/links';
import { CopyButton } from '../../components/CopyButton';
import { formatApiTime } from '../../i18n/format';

interface Props {
  item: ApiMessage;
  onOpenMessage: (messageId: string) => void;
  /** The profile the message was fetched with (none when it was opened from a file). */
  profileId?: string;
}

/** The message's own fields: who, where, when, and its links to other messages. */
export function MessageFields({ item, onOpenMessage, profileId }: Props) {
  const { t, i18n } = useTranslation();
  const link = linkTo(item.message_id, profileId);
  const none = <span className="muted">{t('fields.none')}</span>;
  const fetchLink = (id: string | undefined) =>
    id ? (
      <button type="button" className="link-button mono" onClick={() => onOpenMessage(id)} title={t('fields.fetch')}>
        {id}
      </button>
    ) : (
      none
    );
  const time = (value: string | undefined) => {
    const formatted = formatApiTime(value, i18n.language);
    return formatted ? <time title={value}>{formatted}</time> : none;
  };
  const sender = item.sender;
  const flags = [item.deleted ? t('fields.deleted') : null, item.updated ? t('fields.edited') : null].filter(Boolean);

  return (
    <section className="panel" aria-labelledby="fields-heading">
      <h2 id="fields-heading">{t('fields.heading')}</h2>
      <dl className="fields" data-testid="message-fields">
        <dt>{t('fields.messageId')}</dt>
        <dd className="field-with-action">
          <span className="mono">{item.message_id ?? none}</span>
          {link && <CopyButton text={link} label={t('links.copyLink')} what={t('links.link')} />}
        </dd>
        <dt>{t('fields.msgType')}</dt>
        <dd>
          <span className="badge">{item.msg_type ?? '?'}</span>
        </dd>
        <dt>{t('fields.sender')}</dt>
        <dd>
          {sender?.id ? <span className="mono">{sender.id}</span> : none}
          {sender && <span className="muted"> ({[sender.sender_type, sender.id_type].filter(Boolean).join(', ')})</span>}
        </dd>
        <dt>{t('fields.chat')}</dt>
        <dd className="mono">{item.chat_id ?? none}</dd>
        <dt>{t('fields.created')}</dt>
        <dd>{time(item.create_time)}</dd>
        <dt>{t('fields.updated')}</dt>
        <dd>{time(item.update_time)}</dd>
        <dt>{t('fields.flags')}</dt>
        <dd data-testid="message-flags">
          {flags.length
            ? flags.map((flag) => (
                <span key={flag} className="badge badge-warn">
                  {flag}
                </span>
              ))
            : none}
        </dd>
        <dt>{t('fields.root')}</dt>
        <dd>{fetchLink(item.root_id)}</dd>
        <dt>{t('fields.parent')}</dt>
        <dd>{fetchLink(item.parent_id)}</dd>
        <dt>{t('fields.thread')}</dt>
        <dd className="mono">{item.thread_id ?? none}</dd>
        {item.upper_message_id && (
          <>
            <dt>{t('fields.upper')}</dt>
            <dd>{fetchLink(item.upper_message_id)}</dd>
          </>
        )}
        <dt>{t('fields.mentions')}</dt>
        <dd>
          {item.mentions?.length
            ? item.mentions.map((m) => (
                <span key={m.key} className="mention" title={typeof m.id === 'string' ? m.id : JSON.stringify(m.id)}>
                  @{m.name || m.key}
                </span>
              ))
            : none}
        </dd>
      </dl>
    </section>
  );
}

/** The app's link to the message, with the profile it was fetched with; none for an ID a link cannot carry. */
function linkTo(messageId: string | undefined, profileId: string | undefined): string | undefined {
  if (!messageId) return undefined;
  const link = appLink({ kind: 'message', messageId, ...(profileId === undefined ? {} : { profileId }) });
  return parseAppLink(link)?.kind === 'message' ? link : undefined;
}
