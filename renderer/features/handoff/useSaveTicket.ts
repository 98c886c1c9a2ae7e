import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TicketBundleRequest } from '../../../core/api/contract';
import { api } from '../../api';
import { saveAsDownload } from '../../components/save-download';
import { useToast } from '../../components/Toasts';
import { langOf } from '../../i18n';
import { appErrorText } from '../errors/app-error';

/** "Save for a support ticket": asks the main side for the page and saves it; says what went wrong when it cannot. */
export function useSaveTicket() {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  const save = async (request: TicketBundleRequest) => {
    setSaving(true);
    setError(undefined);
    try {
      const bundle = await api.makeTicketBundle(request, langOf(i18n));
      saveAsDownload(bundle.fileName, bundle.html, 'text/html;charset=utf-8');
      toast(t('handoff.saved', { name: bundle.fileName }));
    } catch (e) {
      const text = appErrorText(e, t);
      setError(text);
      toast(text, 'error');
    } finally {
      setSaving(false);
    }
  };
  return { save, saving, error };
}
