import { useTranslation } from 'react-i18next';
import type { Exchange } from '../../../core/feishu/exchange';
import { exchangeToCurl } from '../../../core/feishu/curl';
import { failureStageLabel } from '../../../core/errors';
import { CopyButton } from '../../components/CopyButton';
import { langOf } from '../../i18n';
import { JsonView } from './JsonView';
import { parseContent } from './format';

/** Every HTTP exchange behind a lookup (token, retries, replays), redacted, each copyable as cURL. */
export function RawExchanges({ exchanges }: { exchanges: Exchange[] }) {
  const { t } = useTranslation();
  if (exchanges.length === 0) return null;
  return (
    <details className="panel exchanges" data-testid="raw-exchanges">
      <summary>
        <h2 className="inline-heading">{t('exchange.heading', { count: exchanges.length })}</h2>
      </summary>
      <p className="muted small">{t('exchange.redacted')}</p>
      {exchanges.map((exchange, index) => (
        <ExchangeView key={index} exchange={exchange} />
      ))}
    </details>
  );
}

function ExchangeView({ exchange }: { exchange: Exchange }) {
  const { t, i18n } = useTranslation();
  const path = safePath(exchange.url);
  return (
    <details className="exchange" data-testid="exchange">
      <summary>
        <span className="badge">{exchange.method}</span> <span className="mono">{path}</span>{' '}
        <span className={`status ${exchange.status !== undefined && exchange.status < 400 ? 'status-ok' : 'status-bad'}`}>
          {exchange.status ?? exchange.error ?? '—'}
        </span>{' '}
        <span className="muted small">
          {t('exchange.duration', { ms: exchange.durationMs })} · {failureStageLabel(exchange.stage, langOf(i18n))}
          {exchange.attempt > 1 ? ` · ${t('exchange.attempt', { n: exchange.attempt })}` : ''}
        </span>
        {exchange.note && <span className="exchange-note small">{exchange.note}</span>}
      </summary>
      <div className="exchange-body">
        <div className="toolbar-actions">
          <CopyButton text={exchangeToCurl(exchange)} label={t('exchange.copyCurl')} />
        </div>
        <h3>{t('exchange.request')}</h3>
        <pre className="raw raw-inline">{[`${exchange.method} ${exchange.url}`, ...headerLines(exchange.requestHeaders)].join('\n')}</pre>
        {exchange.requestBody !== undefined && <Body text={exchange.requestBody} label={t('exchange.requestBody')} />}
        <h3>{t('exchange.response')}</h3>
        {exchange.status === undefined ? (
          <p className="muted">{t('exchange.noResponse', { error: exchange.error ?? '' })}</p>
        ) : (
          <>
            <pre className="raw raw-inline">{[`HTTP ${exchange.status}`, ...headerLines(exchange.responseHeaders)].join('\n')}</pre>
            {exchange.responseBody !== undefined && <Body text={exchange.responseBody} label={t('exchange.responseBody')} />}
          </>
        )}
      </div>
    </details>
  );
}

function Body({ text, label }: { text: string; label: string }) {
  const parsed = parseContent(text);
  if (parsed.kind === 'json') return <JsonView value={parsed.value} label={label} defaultDepth={2} />;
  return <pre className="raw raw-inline">{text}</pre>;
}

function headerLines(headers: Record<string, string>): string[] {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
}

function safePath(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
