import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from './Toasts';

/**
 * Copies `text` to the clipboard and says so for two seconds; the toast names `what` was copied
 * (the label when absent). `text` may be a function, for a text that costs something to make: it
 * is made on the click, not on every render.
 */
export function CopyButton({
  text,
  label,
  what,
  className,
  testId,
}: {
  text: string | (() => string);
  label: string;
  what?: string;
  className?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const toast = useToast();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(typeof text === 'function' ? text() : text);
      setState('copied');
      toast(t('toast.copied', { what: what ?? label }));
    } catch {
      setState('failed');
      toast(t('json.copyFailed'), 'error');
    }
  };
  return (
    <button type="button" className={`button button-small ${className ?? ''}`} onClick={() => void copy()} data-testid={testId}>
      <span aria-live="polite">{state === 'copied' ? t('json.copied') : state === 'failed' ? t('json.copyFailed') : label}</span>
    </button>
  );
}
