import { useTranslation } from 'react-i18next';
import type { ApiMessage } from '../../../core/feishu/types';
import { JsonView } from './JsonView';
import { parseContent } from './format';

/** body.content decoded from its string and pretty-printed; raw text when it is not JSON. */
export function ContentView({ item }: { item: ApiMessage }) {
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
