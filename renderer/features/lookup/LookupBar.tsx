import { useState, type FormEvent, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { extractContainerId, extractMessageIds } from '../../../core/messages/ids';
import type { ConversationTarget } from '../../../core/conversations/walk';
import type { UserIdType } from '../../../core/feishu/types';
import { UserIdTypeSelect } from '../../components/UserIdTypeSelect';

interface Props {
  text: string;
  onTextChange: (text: string) => void;
  inputRef: RefObject<HTMLInputElement | null>;
  userIdType: UserIdType;
  onUserIdTypeChange: (value: UserIdType) => void;
  /** Called with the message IDs found in the pasted text, in order, without duplicates. */
  onLookup: (messageIds: string[]) => void;
  /** Called with the chat (oc_…) or thread (omt_…) found in text that holds no message ID. */
  onOpenConversation: (target: ConversationTarget) => void;
}

/** Accepts a bare ID or any pasted text containing IDs; Enter fetches. */
export function LookupBar({ text, onTextChange, inputRef: input, userIdType, onUserIdTypeChange, onLookup, onOpenConversation }: Props) {
  const { t } = useTranslation();
  const [problem, setProblem] = useState<string | null>(null);
  const [skipped, setSkipped] = useState<string[]>([]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { messageIds, otherIds } = extractMessageIds(text);
    setSkipped(otherIds);
    if (messageIds.length === 0) {
      const container = extractContainerId(text);
      if (container) {
        setProblem(null);
        setSkipped([]);
        onOpenConversation(container);
        return;
      }
      setProblem(t('lookup.noIds'));
      input.current?.focus();
      return;
    }
    setProblem(null);
    onLookup(messageIds);
  };

  return (
    <form className="lookup" onSubmit={submit} role="search">
      <label htmlFor="lookup-input" className="visually-hidden">
        {t('lookup.label')}
      </label>
      <input
        id="lookup-input"
        ref={input}
        className="lookup-input mono"
        value={text}
        onChange={(e) => onTextChange(e.target.value)}
        placeholder={t('lookup.placeholder')}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? 'lookup-problem' : undefined}
        data-testid="lookup-input"
      />
      <label className="lookup-option">
        <span className="visually-hidden">{t('lookup.userIdType')}</span>
        <UserIdTypeSelect value={userIdType} onChange={onUserIdTypeChange} ariaLabel={t('lookup.userIdType')} />
      </label>
      <button type="submit" className="button button-primary">
        {t('lookup.submit')}
      </button>
      {problem && (
        <p id="lookup-problem" className="lookup-problem" role="alert">
          {problem}
        </p>
      )}
      {!problem && skipped.length > 0 && <p className="muted small lookup-note">{t('lookup.otherIds', { ids: skipped.join(', ') })}</p>}
    </form>
  );
}
