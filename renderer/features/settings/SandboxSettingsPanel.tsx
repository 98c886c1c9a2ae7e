import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SandboxSettings } from '../../../core/api/contract';
import { FAULT_KINDS } from '../../../core/sandbox/faults';
import { MESSAGE_RATE_LIMITS } from '../../../core/sandbox/rate-limit';
import { formatPercent } from '../../i18n/format';
import { api } from '../../api';
import { sandboxSettingsQuery } from '../../queries';
import { SendAsUser } from '../live/SendAsUser';
import { SandboxTickets } from './SandboxTickets';

const RATES = [0, 0.05, 0.2, 0.5, 1];
/** The platform's limits, as the sandbox enforces them. */
const LIMITS = {
  perSecond: MESSAGE_RATE_LIMITS.find((w) => w.windowMs === 1000)!.limit,
  perMinute: MESSAGE_RATE_LIMITS.find((w) => w.windowMs === 60_000)!.limit,
};

/** The built-in sandbox's misbehaviour on purpose: a fault rate, which faults, and rate limits. */
export function SandboxSettingsPanel() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const settings = useQuery(sandboxSettingsQuery());
  // The form shows the user's latest choice at once (a controlled checkbox must change on the
  // click itself); changes go to the main side one at a time, in order, and once the latest has
  // landed and been read back the form shows what the main side really applied. Only the latest
  // change may drop the draft: an earlier one reading back while the user clicks again would
  // otherwise show a state from before that click (and the click would seem not to take).
  const [draft, setDraft] = useState<SandboxSettings | null>(null);
  const latest = useRef(0);
  const save = useMutation({
    mutationKey: ['setSandboxSettings'],
    scope: { id: 'sandbox-settings' },
    mutationFn: ({ next }: { next: SandboxSettings; change: number }) => api.setSandboxSettings(next),
    onSettled: async (_data, _error, { change }) => {
      if (change !== latest.current) return;
      await client.invalidateQueries({ queryKey: sandboxSettingsQuery().queryKey });
      if (change === latest.current) setDraft(null);
    },
  });
  const current = draft ?? settings.data;
  if (!current) return null;
  const update = (patch: Partial<SandboxSettings>) => {
    const next = { ...current, ...patch };
    setDraft(next);
    save.mutate({ next, change: ++latest.current });
  };
  // The summary says what the sandbox does now: what the main side applied, not the draft on its
  // way there (a lookup made in between meets the old settings).
  const applied = settings.data ?? current;
  const summary =
    applied.faultRate > 0
      ? t('sandbox.summaryFaults', { share: applied.faultRate, kinds: applied.faultKinds.join(', ') })
      : t('sandbox.summaryNone');

  return (
    <details className="sandbox-settings" data-testid="sandbox-settings">
      <summary>
        {t('sandbox.heading')}: <span className="muted">{summary}</span>
        {' · '}
        <span className="muted">{applied.rateLimits ? t('sandbox.limitsOn', LIMITS) : t('sandbox.limitsOff')}</span>
      </summary>
      <div className="sandbox-form">
        <label>
          {t('sandbox.faultRate')}{' '}
          <select
            value={current.faultRate}
            onChange={(e) => update({ faultRate: Number(e.target.value) })}
            data-testid="sandbox-fault-rate"
          >
            {RATES.map((rate) => (
              <option key={rate} value={rate}>
                {formatPercent(rate, i18n.language)}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>{t('sandbox.faultKinds')}</legend>
          {FAULT_KINDS.map((kind) => (
            <label key={kind} className="checkbox">
              <input
                type="checkbox"
                checked={current.faultKinds.includes(kind)}
                onChange={(e) =>
                  update({ faultKinds: e.target.checked ? [...current.faultKinds, kind] : current.faultKinds.filter((k) => k !== kind) })
                }
              />
              {kind}
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input type="checkbox" checked={current.rateLimits} onChange={(e) => update({ rateLimits: e.target.checked })} />
          {t('sandbox.enforceLimits', LIMITS)}
        </label>
        <p className="muted small">{t('sandbox.hint')}</p>
      </div>
      <SendAsUser />
      <SandboxTickets />
    </details>
  );
}
