import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GetMessageRequest, LookupResult, ProfileSummary } from '../../../core/api/contract';
import { langOf } from '../../i18n';
import { messageQuery } from '../../queries';
import { ErrorPanel } from '../errors/ErrorPanel';
import { useOnlineWhen } from '../errors/online';
import { UnreachablePanel } from '../errors/UnreachablePanel';
import { unreachableState } from '../errors/unreachable';
import { JsonView } from './JsonView';
import { MessagesView } from './MessagesView';
import { RawExchanges } from './RawExchanges';
import { parseContent } from './format';
import { appErrorText } from '../errors/app-error';
import { HandOffBar } from '../handoff/HandOffBar';
import type { ConversationOpen } from '../conversation/open';
import type { ApiMessage } from '../../../core/feishu/types';
import { IdentityActions } from '../identity/IdentityActions';

interface Props {
  request: GetMessageRequest;
  attempt: number;
  profile: ProfileSummary | undefined;
  onOpenMessage: (messageId: string) => void;
  /** "Show in conversation": absent where the conversation is already shown. */
  onShowConversation?: (open: ConversationOpen) => void;
}

export function LookupResultView({ request, attempt, profile, onOpenMessage, onShowConversation }: Props) {
  const { t, i18n } = useTranslation();
  const query = useQuery(messageQuery(request, attempt, langOf(i18n)));
  const online = useOnlineWhen(query.data);
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    setRetrying(true);
    void query.refetch().finally(() => setRetrying(false));
  };

  if (query.isPending || retrying) {
    return (
      <div className="panel loading" role="status" aria-live="polite" aria-busy="true">
        <span className="muted small">{t('result.loading', { id: request.messageId })}</span>
        <div className="skeleton skeleton-title" />
        <div className="skeleton" />
        <div className="skeleton skeleton-short" />
        <div className="skeleton" />
      </div>
    );
  }
  if (query.isError) {
    return (
      <section className="panel error-panel" role="alert" data-testid="bridge-error">
        <h2>{t('error.bridge')}</h2>
        <p className="mono">{appErrorText(query.error, t)}</p>
      </section>
    );
  }

  const result = query.data;
  if (!result.ok) {
    const unreachable = unreachableState(result.failure, profile, { online, requestUrl: result.exchanges.at(-1)?.url });
    return (
      <div className="result">
        <HandOffBar result={result} />
        {unreachable ? (
          <UnreachablePanel failure={result.failure} state={unreachable} onRetry={retry} />
        ) : (
          <ErrorPanel failure={result.failure} profile={profile} actions={<IdentityActions failure={result.failure} profile={profile} />} />
        )}
        {result.failure.body && <JsonOrText label={t('error.body')} text={result.failure.body} />}
        <RawExchanges exchanges={result.exchanges} />
      </div>
    );
  }

  return <MessageResult result={result} request={request} onOpenMessage={onOpenMessage} onShowConversation={onShowConversation} />;
}

function MessageResult({
  result,
  request,
  onOpenMessage,
  onShowConversation,
}: {
  result: Extract<LookupResult, { ok: true }>;
  request: GetMessageRequest;
  onOpenMessage: (messageId: string) => void;
  onShowConversation?: (open: ConversationOpen) => void;
}) {
  const { t } = useTranslation();
  const items = useMemo(() => result.response.data?.items ?? [], [result]);
  const conversation = items[0] ? conversationOf(items[0], result.profileId) : undefined;
  return (
    <div className="result" data-testid="lookup-result">
      <div className="result-head">
        <p className="muted small">
          {t('result.fetchedIn', { ms: result.durationMs })} · {t('result.itemsCount', { count: items.length })}
          {items.length > 1 && ` (${t('result.forwardItems')})`}
        </p>
        {onShowConversation && conversation && (
          <button
            type="button"
            className="button button-small"
            title={t('conversation.showHint')}
            onClick={() => onShowConversation(conversation)}
          >
            {t('conversation.show')}
          </button>
        )}
        <HandOffBar result={result} />
      </div>
      <MessagesView items={items} request={request} onOpenMessage={onOpenMessage} />
      <JsonView value={result.response} label={t('json.response')} defaultDepth={items.length > 50 ? 2 : 4} testId="response-json" />
      <RawExchanges exchanges={result.exchanges} />
    </div>
  );
}

function JsonOrText({ label, text }: { label: string; text: string }) {
  const parsed = parseContent(text);
  if (parsed.kind === 'json') return <JsonView value={parsed.value} label={label} defaultDepth={2} />;
  return (
    <section className="json-view" aria-label={label}>
      <header className="json-toolbar">
        <h3>{label}</h3>
      </header>
      <pre className="raw">{parsed.kind === 'raw' ? parsed.raw : ''}</pre>
    </section>
  );
}

/**
 * Where a message lives: a reply in a thread is shown in its thread; anything else in its chat,
 * found by its create time. None when the answer names no chat.
 */
function conversationOf(item: ApiMessage, profileId: string): ConversationOpen | undefined {
  const messageId = item.message_id;
  if (typeof messageId !== 'string' || messageId === '') return undefined;
  const createTime = Number(item.create_time);
  const around = { messageId, ...(Number.isFinite(createTime) ? { createTime } : {}) };
  const reply = typeof item.root_id === 'string' && item.root_id !== '' && item.root_id !== messageId;
  if (reply && typeof item.thread_id === 'string' && item.thread_id.startsWith('omt_')) {
    return { target: { kind: 'thread', id: item.thread_id }, profileId, around };
  }
  if (typeof item.chat_id === 'string' && item.chat_id.startsWith('oc_'))
    return { target: { kind: 'chat', id: item.chat_id }, profileId, around };
  return undefined;
}
