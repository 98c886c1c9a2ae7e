import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiMessage } from '../../../core/feishu/types';
import { decodeMessage } from '../../../core/messages';
import { JsonView } from './JsonView';
import { CardForms } from './CardForms';
import type { GetMessageRequest } from '../../../core/api/contract';
import { RenderedMessage } from './RenderedMessage';
import { parseContent } from './format';
import { Segmented } from '../../components/Segmented';

export type ContentMode = 'rendered' | 'json';
const VIEW_MODES: readonly ContentMode[] = ['rendered', 'json'];
const MODE_KEY = 'inspector.contentMode';

function savedMode(): ContentMode {
  return localStorage.getItem(MODE_KEY) === 'json' ? 'json' : 'rendered';
}

/** The message's content two ways, switchable and remembered: as a person reads it, and as JSON. */
export function ContentView({ item, request }: { item: ApiMessage; request?: GetMessageRequest }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<ContentMode>(savedMode);
  // While a card's forms are compared side by side, they replace the single view below.
  const [comparing, setComparing] = useState(false);
  const choose = (next: ContentMode) => {
    localStorage.setItem(MODE_KEY, next);
    setMode(next);
  };
  return (
    <section className="content-view" aria-labelledby="content-heading">
      <header className="content-header">
        <h2 id="content-heading">{t('rendered.heading')}</h2>
        <Segmented
          role="tab"
          label={t('view.label')}
          options={VIEW_MODES}
          value={mode}
          onChange={choose}
          optionLabel={(m) => t(`view.${m}`)}
        />
      </header>
      {request && item.msg_type === 'interactive' && <CardForms item={item} request={request} onComparing={setComparing} />}
      {comparing ? null : mode === 'rendered' ? (
        <div className="panel" role="tabpanel">
          <RenderedMessage view={decodeMessage(item)} />
        </div>
      ) : (
        <div role="tabpanel">
          <ContentJson item={item} />
        </div>
      )}
    </section>
  );
}

/** body.content decoded from its string and pretty-printed; raw text when it is not JSON. */
function ContentJson({ item }: { item: ApiMessage }) {
  const { t } = useTranslation();
  const parsed = parseContent(item.body?.content);
  if (parsed.kind === 'json') return <JsonView value={parsed.value} label={t('json.content')} testId="content-json" />;
  return (
    <section className="json-view" aria-label={t('json.content')} data-testid="content-json">
      <header className="json-toolbar">
        <h3>{t('json.content')}</h3>
      </header>
      {parsed.kind === 'empty' ? (
        <p className="muted">{t('json.emptyContent')}</p>
      ) : (
        <>
          <p className="muted">{t('json.notJson')}</p>
          <pre className="raw">{parsed.raw}</pre>
        </>
      )}
    </section>
  );
}
