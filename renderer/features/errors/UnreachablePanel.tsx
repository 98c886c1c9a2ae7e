import { useTranslation } from 'react-i18next';
import { failureStageLabel } from '../../../core/errors';
import type { FeishuFailure } from '../../../core/feishu/types';
import { langOf } from '../../i18n';
import type { Unreachable } from './unreachable';

interface Props {
  failure: FeishuFailure;
  state: Unreachable;
  onRetry: () => void;
}

/**
 * "Cannot reach <host>": the lookup got no answer, so the message and the app are not the
 * question. Says which host, why as far as the connection told, what to check, and retries.
 */
export function UnreachablePanel({ failure, state, onRetry }: Props) {
  const { t, i18n } = useTranslation();
  const values = { host: state.host, baseUrl: state.baseUrl };
  return (
    <section className="panel unreachable-panel" role="alert" aria-labelledby="unreachable-title" data-testid="unreachable-panel">
      <p className="unreachable-kind">{t('unreachable.kind')}</p>
      <h2 id="unreachable-title">{t('unreachable.title', values)}</h2>
      <p data-testid="unreachable-reason">
        {t(`unreachable.reason.${state.reason}`, values)} {t('unreachable.meaning')}
      </p>
      {state.platform === 'sandbox' ? (
        <p className="muted small">{t('unreachable.sandbox')}</p>
      ) : (
        state.profileName && <p className="muted small">{t('unreachable.profile', { name: state.profileName, baseUrl: state.baseUrl })}</p>
      )}
      <h3>{t('unreachable.steps')}</h3>
      <ol className="steps" data-testid="unreachable-steps">
        {state.steps.map((step) => (
          <li key={step}>{t(`unreachable.step.${step}`, values)}</li>
        ))}
      </ol>
      <dl className="fields unreachable-facts">
        <dt>{t('unreachable.details')}</dt>
        <dd className="mono" data-testid="unreachable-msg">
          {failure.msg || t('fields.none')}
        </dd>
        <dt>{t('error.stage')}</dt>
        <dd>{failureStageLabel(failure.stage, langOf(i18n))}</dd>
      </dl>
      <div className="unreachable-actions">
        <button type="button" className="button button-primary" onClick={onRetry} data-testid="unreachable-retry">
          {t('unreachable.retry')}
        </button>
      </div>
    </section>
  );
}
