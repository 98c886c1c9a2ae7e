import { createContext, useContext, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResourceResult } from '../../../core/api/contract';
import { explainFailure } from '../../../core/errors';
import { api } from '../../api';
import { useToast } from '../../components/Toasts';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';
import { saveAsDownload } from '../../components/save-download';
import { identityFor } from '../identity/choice';

/**
 * Where a message's resources are fetched from: the message itself, or for a sub-message of a
 * merge-forward the container (the platform answers 234003 to a sub-message's own ID).
 * Absent for files opened offline.
 */
export const ResourceContext = createContext<{ messageId: string; profileId: string } | null>(null);

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** "Preview" for an image key, "Save" for a file key, through the resources endpoint. */
export function ResourceButton({ fileKey, type }: { fileKey: string; type: 'image' | 'file' }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const context = useContext(ResourceContext);
  const [state, setState] = useState<{ loading: boolean; result?: ResourceResult; error?: string }>({ loading: false });
  if (!context) return null;

  const fetchIt = async () => {
    setState({ loading: true });
    try {
      const result = await api.getResource({
        messageId: context.messageId,
        fileKey,
        type,
        profileId: context.profileId,
        ...identityFor(context.profileId),
      });
      setState({ loading: false, result });
      if (result.ok && type === 'file') {
        saveAsDownload(result.fileName ?? fileKey, bytesOf(result.base64), result.contentType);
        toast(t('resource.saved', { name: result.fileName ?? fileKey, size: result.size }));
      }
    } catch (error) {
      setState({ loading: false, error: appErrorText(error, t) });
    }
  };

  const result = state.result;
  return (
    <span className="resource">
      <button
        type="button"
        className="button button-small"
        onClick={() => void fetchIt()}
        disabled={state.loading}
        data-testid={`resource-${type}`}
      >
        {type === 'image' ? t('resource.preview') : t('resource.save')}
      </button>
      {result?.ok && type === 'image' && (
        <img
          className="resource-image"
          src={`data:${result.contentType};base64,${result.base64}`}
          alt={fileKey}
          data-testid="resource-preview"
        />
      )}
      {result?.ok && type === 'file' && (
        <span className="muted small">{t('resource.saved', { name: result.fileName ?? fileKey, size: result.size })}</span>
      )}
      {result && !result.ok && (
        <span className="resource-error small" role="alert" data-testid="resource-error">
          {result.failure.code ?? result.failure.kind}: {explainFailure(result.failure, langOf(i18n)).title}
        </span>
      )}
      {state.error && <span className="resource-error small">{state.error}</span>}
    </span>
  );
}
