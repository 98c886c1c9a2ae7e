import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatInfo } from '../../../core/api/contract';
import { explainFailure } from '../../../core/errors';
import type { ApiMessage } from '../../../core/feishu/types';
import { appLink, parseAppLink } from '../../../core/handoff/links';
import { senderName } from '../../../core/messages';
import { CopyButton } from '../../components/CopyButton';
import { langOf } from '../../i18n';
import { formatApiTime } from '../../i18n/format';
import { chatInfoQuery } from '../../queries';
import { appErrorText } from '../errors/app-error';
import { useIdentity } from '../identity/choice';

interface Props {
  item: ApiMessage;
  onOpenMessage: (messageId: string) => void;
  /** The profile the message was fetched with (none when it was opened from a file). */
  profileId?: string;
}

/**
 * The message's own fields: who, where, when, and its links to other messages. The sender and the
 * chat are named as the platform names them, beside their IDs; where it gives no name, the ID
 * stays and one muted line says why.
 */
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
  const name = senderName(item, langOf(i18n));
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
        <dd data-testid="sender-field">
          {name && <strong className="field-name">{name}</strong>}
          {sender?.id ? <span className="mono">{sender.id}</span> : none}
          {sender && <span className="muted"> ({[sender.sender_type, sender.id_type].filter(Boolean).join(', ')})</span>}
          {sender?.id && !name && <Why>{t('names.noSenderName')}</Why>}
        </dd>
        <dt>{t('fields.chat')}</dt>
        <dd data-testid="chat-field">
          {!item.chat_id ? (
            none
          ) : profileId === undefined ? (
            <>
              <span className="mono">{item.chat_id}</span>
              <Why>{t('names.fromFile')}</Why>
            </>
          ) : (
            <ChatName chatId={item.chat_id} profileId={profileId} />
          )}
        </dd>
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

/** The chat's name beside its ID, asked of the main side (which keeps names a while); or why there is none. */
export function ChatName({ chatId, profileId }: { chatId: string; profileId: string }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n);
  const identity = useIdentity(profileId);
  const info = useQuery(chatInfoQuery({ profileId, chatId, lang, ...identity }));
  return (
    <>
      {info.data?.ok && <strong className="field-name">{info.data.name}</strong>}
      <span className="mono">{chatId}</span>
      {info.data && !info.data.ok && <ChatWhy info={info.data} />}
      {info.error && <Why>{t('names.chatError', { reason: appErrorText(info.error, t) })}</Why>}
    </>
  );
}

function ChatWhy({ info }: { info: Extract<ChatInfo, { ok: false }> }) {
  const { t, i18n } = useTranslation();
  const { reason } = info;
  switch (reason.kind) {
    case 'no_name':
      return <Why>{t('names.noChatName')}</Why>;
    case 'not_in_chat':
      return <Why>{t('names.notInChat', { code: String(reason.code) })}</Why>;
    case 'missing_scope':
      return (
        <Why>
          {t('names.missingScope', { scopes: reason.scopes.join(', ') || '?' })}
          {reason.applyScopesUrl && (
            <>
              {' '}
              <a href={reason.applyScopesUrl} target="_blank" rel="noreferrer noopener">
                {t('names.applyScope')}
              </a>
            </>
          )}
        </Why>
      );
    case 'failed': {
      // The platform's own msg too: for a code the catalogue does not know, it is all there is.
      const { failure } = reason;
      const title = explainFailure(failure, langOf(i18n)).title;
      return (
        <Why>
          {t('names.chatFailed', { code: String(failure.code ?? failure.kind), reason: failure.msg ? `${title} (${failure.msg})` : title })}
        </Why>
      );
    }
  }
}

/** Why a name is not shown: one muted line under the ID. */
function Why({ children }: { children: ReactNode }) {
  return (
    <span className="field-why muted small" data-testid="name-why">
      {children}
    </span>
  );
}

/** The app's link to the message, with the profile it was fetched with; none for an ID a link cannot carry. */
function linkTo(messageId: string | undefined, profileId: string | undefined): string | undefined {
  if (!messageId) return undefined;
  const link = appLink({ kind: 'message', messageId, ...(profileId === undefined ? {} : { profileId }) });
  return parseAppLink(link)?.kind === 'message' ? link : undefined;
}
