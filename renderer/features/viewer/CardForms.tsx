import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GetMessageRequest } from '../../../core/api/contract';
import type { CardContentType } from '../../../core/feishu/client';
import type { ApiMessage } from '../../../core/feishu/types';
import { decodeMessage } from '../../../core/messages';
import { messageQuery } from '../../queries';
import { JsonView } from './JsonView';
import { RenderedMessage } from './RenderedMessage';
import { parseContent } from './format';
import { Segmented } from '../../components/Segmented';
import { appErrorText } from '../errors/app-error';

type CardForm = 'default' | CardContentType;
const FORMS: CardForm[] = ['default', 'user_card_content', 'raw_card_content'];

/**
 * A card three ways: this call's simplified default, the sender's card JSON
 * (card_msg_content_type=user_card_content) and the platform's full card (raw_card_content),
 * the chosen one beside the default.
 */
export function CardForms({
  item,
  request,
  onComparing,
}: {
  item: ApiMessage;
  request: GetMessageRequest;
  onComparing: (comparing: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form, setFormState] = useState<CardForm>('default');
  const setForm = (next: CardForm) => {
    setFormState(next);
    onComparing(next !== 'default');
  };
  return (
    <section className="card-forms" aria-label={t('card.label')} data-testid="card-forms">
      <div className="card-forms-bar">
        <span className="muted small">{t('card.label')}</span>
        <Segmented label={t('card.label')} options={FORMS} value={form} onChange={setForm} optionLabel={(f) => t(`card.form.${f}`)} />
      </div>
      {form !== 'default' && (
        <div className="card-columns">
          <div>
            <h3>{t('card.form.default')}</h3>
            <CardContent item={item} />
          </div>
          <div>
            <h3>{t(`card.form.${form}`)}</h3>
            <OtherForm request={{ ...request, messageId: item.message_id ?? request.messageId, cardContentType: form }} />
          </div>
        </div>
      )}
    </section>
  );
}

function OtherForm({ request }: { request: GetMessageRequest }) {
  const { t } = useTranslation();
  const query = useQuery(messageQuery(request, 0));
  if (query.isPending) return <p className="muted">{t('result.loading', { id: request.messageId })}</p>;
  if (query.isError) return <p className="notice">{appErrorText(query.error, t)}</p>;
  if (!query.data.ok)
    return (
      <p className="notice">
        {t('card.failed', { code: query.data.failure.code ?? query.data.failure.kind, msg: query.data.failure.msg })}
      </p>
    );
  const item = query.data.response.data?.items?.[0];
  return item ? <CardContent item={item} testId={`card-${request.cardContentType}`} /> : <p className="muted">{t('result.noItems')}</p>;
}

function CardContent({ item, testId }: { item: ApiMessage; testId?: string }) {
  const { t } = useTranslation();
  const view = decodeMessage(item);
  const parsed = parseContent(item.body?.content);
  // The raw form wraps the card as a string: show the card itself, unwrapped, beside its attachment.
  const json =
    view.kind === 'interactive' && view.form === 'raw_card'
      ? { json_card: view.card, json_attachment: view.attachment, card_schema: view.schema }
      : parsed.kind === 'json'
        ? parsed.value
        : item.body?.content;
  return (
    <div className="card-column" data-testid={testId}>
      <div className="panel">
        <RenderedMessage view={view} />
      </div>
      <JsonView value={json} label={t('json.content')} defaultDepth={3} />
    </div>
  );
}
