import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GetMessageRequest, LookupResult, ProfileSummary } from '../../../core/contract';
import { buildMessageTree, type MessageNode } from '../../../core/messages';
import { ForwardTree } from '../tree/ForwardTree';
import { messageQuery } from '../../queries';
import { ErrorPanel } from '../errors/ErrorPanel';
import { ContentView } from './ContentView';
import { JsonView } from './JsonView';
import { MessageFields } from './MessageFields';
import { RawExchanges } from './RawExchanges';
import { parseContent } from './format';

interface Props {
  request: GetMessageRequest;
  attempt: number;
  profile: ProfileSummary | undefined;
  onOpenMessage: (messageId: string) => void;
}

export function LookupResultView({ request, attempt, profile, onOpenMessage }: Props) {
  const { t } = useTranslation();
  const query = useQuery(messageQuery(request, attempt));

  if (query.isPending) {
    return (
      <div className="panel loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden /> {t('result.loading', { id: request.messageId })}
      </div>
    );
  }
  if (query.isError) {
    return (
      <section className="panel error-panel" role="alert" data-testid="bridge-error">
        <h2>{t('error.bridge')}</h2>
        <p className="mono">{query.error.message}</p>
      </section>
    );
  }

  const result = query.data;
  if (!result.ok) {
    return (
      <div className="result">
        <ErrorPanel failure={result.failure} profile={profile} />
        {result.failure.body && <JsonOrText label={t('error.body')} text={result.failure.body} />}
        <RawExchanges exchanges={result.exchanges} />
      </div>
    );
  }

  return <MessageResult result={result} onOpenMessage={onOpenMessage} />;
}

function MessageResult({
  result,
  onOpenMessage,
}: {
  result: Extract<LookupResult, { ok: true }>;
  onOpenMessage: (messageId: string) => void;
}) {
  const { t } = useTranslation();
  const items = useMemo(() => result.response.data?.items ?? [], [result]);
  const tree = useMemo(() => (items.length > 1 || items[0]?.msg_type === 'merge_forward' ? buildMessageTree(items) : undefined), [items]);
  const [selected, setSelected] = useState<MessageNode | undefined>(() => tree?.roots[0]);
  const item = selected?.item ?? items[0];
  return (
    <div className="result" data-testid="lookup-result">
      <p className="muted small">
        {t('result.fetchedIn', { ms: result.durationMs })} · {t('result.itemsCount', { count: items.length })}
        {items.length > 1 && ` (${t('result.forwardItems')})`}
      </p>
      {tree && selected && <ForwardTree tree={tree} selected={selected} onSelect={setSelected} />}
      {item ? (
        <>
          <MessageFields item={item} onOpenMessage={onOpenMessage} />
          <ContentView key={item.message_id} item={item} />
        </>
      ) : (
        <p className="panel notice" role="status">
          {t('result.noItems')}
        </p>
      )}
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
