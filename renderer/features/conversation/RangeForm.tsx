import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationRange } from '../../../core/conversations/window';

interface Props {
  range?: ConversationRange;
  /** The range chosen (seconds), or undefined to show the whole chat. */
  onApply: (range: ConversationRange | undefined) => void;
}

/** A chat's time range in the reader's local time: From and To, either may be empty. */
export function RangeForm({ range, onApply }: Props) {
  const { t } = useTranslation();
  const [since, setSince] = useState(toLocalInput(range?.since));
  const [until, setUntil] = useState(toLocalInput(range?.until));
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const from = fromLocalInput(since);
    // To is inclusive to the minute the reader chose.
    const to = fromLocalInput(until, 59);
    if (from !== undefined && to !== undefined && from > to) {
      setProblem(t('conversation.rangeBackwards'));
      return;
    }
    setProblem(null);
    onApply(
      from === undefined && to === undefined
        ? undefined
        : { ...(from !== undefined ? { since: from } : {}), ...(to !== undefined ? { until: to } : {}) },
    );
  };
  return (
    <form className="conversation-range" onSubmit={submit} aria-label={t('conversation.range')}>
      <label>
        {t('conversation.from')}{' '}
        <input type="datetime-local" value={since} onChange={(e) => setSince(e.target.value)} data-testid="range-from" />
      </label>
      <label>
        {t('conversation.to')}{' '}
        <input type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} data-testid="range-to" />
      </label>
      <button type="submit" className="button button-small">
        {t('conversation.applyRange')}
      </button>
      {(range?.since !== undefined || range?.until !== undefined) && (
        <button type="button" className="button button-small" onClick={() => onApply(undefined)}>
          {t('conversation.wholeChat')}
        </button>
      )}
      {problem && (
        <span className="lookup-problem small" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}

/** Seconds to the value of a datetime-local input, in local time ('' for none). */
export function toLocalInput(seconds: number | undefined): string {
  if (seconds === undefined) return '';
  const date = new Date(seconds * 1000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A datetime-local value (local time) to seconds; `extraSeconds` added (59 makes a To minute inclusive). */
export function fromLocalInput(value: string, extraSeconds = 0): number | undefined {
  if (value === '') return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? Math.floor(ms / 1000) + extraSeconds : undefined;
}
