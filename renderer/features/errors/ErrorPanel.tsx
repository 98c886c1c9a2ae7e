import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeishuFailure } from '../../../core/feishu/types';
import { explainFailure, failureStageLabel } from '../../../core/errors';
import type { ProfileSummary } from '../../../core/api/contract';
import { CopyButton } from '../../components/CopyButton';
import { langOf } from '../../i18n';

interface Props {
  failure: FeishuFailure;
  profile: ProfileSummary | undefined;
  /** Ways out shown under the title (features/identity's IdentityActions: try as the user, sign in, the ticket). */
  actions?: ReactNode;
}

/** What went wrong, what it means for this call, and the numbered steps that fix it. */
export function ErrorPanel({ failure, profile, actions }: Props) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n);
  const domain = profile?.domain === 'lark' ? 'lark' : 'feishu';
  const explanation = explainFailure(failure, lang, { appId: profile?.appId, domain });

  return (
    <section className="panel error-panel" role="alert" aria-labelledby="error-title" data-testid="error-panel">
      <p className="error-kind">{t(`error.kind.${failure.kind}`)}</p>
      <h2 id="error-title">{explanation.title}</h2>
      {actions}
      <dl className="fields error-facts">
        {failure.code !== undefined && (
          <>
            <dt>{t('error.code')}</dt>
            <dd className="mono" data-testid="error-code">
              {failure.code}
            </dd>
          </>
        )}
        <dt>{t('error.msg')}</dt>
        <dd className="mono">{failure.msg || t('fields.none')}</dd>
        {failure.httpStatus !== undefined && (
          <>
            <dt>{t('error.httpStatus')}</dt>
            <dd className="mono" data-testid="error-http-status">
              {failure.httpStatus}
            </dd>
          </>
        )}
        <dt>{t('error.stage')}</dt>
        <dd>{failureStageLabel(failure.stage, langOf(i18n))}</dd>
        <dt>{t('error.logId')}</dt>
        <dd>
          {failure.logId ? (
            <span className="log-id">
              <code data-testid="error-log-id">{failure.logId}</code>
              <CopyButton text={failure.logId} label={t('error.copyLogId')} />
              <span className="muted small">{t('error.logIdHint')}</span>
            </span>
          ) : (
            <span className="muted">{t('error.noLogId')}</span>
          )}
        </dd>
      </dl>

      <p className="error-meaning">{explanation.meaning}</p>
      {explanation.causes.length > 0 && (
        <>
          <h3>{t('error.causes')}</h3>
          <ul className="causes">
            {explanation.causes.map((cause) => (
              <li key={cause}>{cause}</li>
            ))}
          </ul>
        </>
      )}
      {explanation.steps.length > 0 && (
        <>
          <h3>{t('error.steps')}</h3>
          <ol className="steps" data-testid="error-steps">
            {explanation.steps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </>
      )}
      {explanation.missingScopes.length > 0 && (
        <p>
          {t('error.missingScopes')} <code>{explanation.missingScopes.join(', ')}</code>
          {explanation.applyScopesUrl && (
            <>
              {' '}
              <a href={explanation.applyScopesUrl} target="_blank" rel="noreferrer noopener">
                {t('error.applyScopes')}
              </a>
            </>
          )}
        </p>
      )}
      {explanation.fieldViolations.length > 0 && (
        <>
          <h3>{t('error.fieldViolations')}</h3>
          <ul className="causes">
            {explanation.fieldViolations.map((v) => (
              <li key={v.field}>
                <code>{v.field}</code>: {v.description}
              </li>
            ))}
          </ul>
        </>
      )}
      {(explanation.docs.length > 0 || explanation.troubleshooterUrl) && (
        <p className="doc-links">
          {explanation.troubleshooterUrl && (
            <a href={explanation.troubleshooterUrl} target="_blank" rel="noreferrer noopener">
              {t('error.troubleshooter')}
            </a>
          )}
          {explanation.docs.map((doc) => (
            <a key={doc.url} href={doc.url} target="_blank" rel="noreferrer noopener">
              {doc.label}
            </a>
          ))}
        </p>
      )}
    </section>
  );
}
