import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SandboxAction } from '../../../core/api/contract';
import { api } from '../../api';
import { appErrorText } from '../errors/app-error';

/**
 * Makes things happen in the sandbox as its users would: a text sent into a chat (the small group
 * unless another is named), then a recall or a reaction on it, and bursts for load. Each is stored
 * (GET and the chat's history find it) and pushed to the connected clients as the platform would.
 */
export function SendAsUser() {
  const { t } = useTranslation();
  const [text, setText] = useState('hello');
  const [chatId, setChatId] = useState('');
  const [last, setLast] = useState<string | null>(null);
  const [said, setSaid] = useState<string | null>(null);
  const [rate, setRate] = useState(10);
  const [seconds, setSeconds] = useState(5);
  const act = async (action: SandboxAction) => {
    try {
      const answer = await api.sandboxAct(action);
      if (!answer.ok) return setSaid(t('sendAsUser.refused', { code: answer.code, msg: answer.msg }));
      if (action.kind === 'send' && typeof answer.data.message_id === 'string') setLast(answer.data.message_id);
      setSaid(t(`sendAsUser.done.${action.kind}`));
    } catch (error) {
      setSaid(appErrorText(error, t));
    }
  };
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim() === '') return;
    void act({ kind: 'send', text, ...(chatId.trim() ? { chatId: chatId.trim() } : {}) });
  };
  return (
    <div className="send-as-user" data-testid="send-as-user">
      <form className="send-as-user-form" onSubmit={send} aria-label={t('sendAsUser.title')}>
        <strong className="small">{t('sendAsUser.title')}</strong>
        <input value={text} onChange={(e) => setText(e.target.value)} aria-label={t('sendAsUser.text')} data-testid="send-text" />
        <input
          value={chatId}
          onChange={(e) => setChatId(e.target.value)}
          placeholder="oc_sandbox_small_group"
          aria-label={t('sendAsUser.chat')}
          className="mono"
        />
        <button type="submit" className="button button-small">
          {t('sendAsUser.send')}
        </button>
        {last && (
          <>
            <button type="button" className="button button-small" onClick={() => void act({ kind: 'recall', messageId: last })}>
              {t('sendAsUser.recall')}
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => void act({ kind: 'react', messageId: last, emojiType: 'THUMBSUP' })}
            >
              {t('sendAsUser.react')}
            </button>
          </>
        )}
      </form>
      <form
        className="send-as-user-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act({ kind: 'burst', perSecond: rate, seconds });
        }}
        aria-label={t('sendAsUser.burst')}
      >
        <label className="small">
          {t('sendAsUser.burst')}{' '}
          <input
            type="number"
            min={1}
            max={1000}
            value={rate}
            onChange={(e) => setRate(Number(e.target.value) || 1)}
            className="number-input"
          />
        </label>
        <label className="small">
          {t('sendAsUser.for')}{' '}
          <input
            type="number"
            min={1}
            max={600}
            value={seconds}
            onChange={(e) => setSeconds(Number(e.target.value) || 1)}
            className="number-input"
          />{' '}
          s
        </label>
        <button type="submit" className="button button-small">
          {t('sendAsUser.start')}
        </button>
      </form>
      {said && (
        <p className="muted small" role="status">
          {said}
        </p>
      )}
    </div>
  );
}
