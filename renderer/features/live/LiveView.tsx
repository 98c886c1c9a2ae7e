import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SANDBOX_PROFILE_ID, type LiveRow, type ProfileSummary } from '../../../core/api/contract';
import { connectionLogText } from '../../../core/events/log-text';
import type { ConnectionState } from '../../../core/events/state';
import { explainFailure } from '../../../core/errors';
import type { UserIdType } from '../../../core/feishu/types';
import { api, liveExportDownloadUrl } from '../../api';
import { langOf } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { chatInfoQuery } from '../../queries';
import { SaveTicketButton } from '../handoff/SaveTicketButton';
import { JsonView } from '../viewer/JsonView';
import { LookupResultView } from '../viewer/LookupResultView';
import { SendAsUser } from './SendAsUser';
import { useLive } from './useLive';

const ROW_HEIGHT = 48;
const CONFIRMED_KEY = (profileId: string) => `inspector.liveConfirmed.${profileId}`;

interface Props {
  profile: ProfileSummary | undefined;
  profileId: string;
  userIdType: UserIdType;
  onOpenMessage: (messageId: string) => void;
}

/**
 * What the bot receives, as it arrives: the profile's long connection, started and stopped here
 * (after the user has confirmed, once per profile, that a running bot of the same app will miss
 * the events this window takes), the events as a virtualised list with filters and a pause, one
 * event opened below with its frame and "Fetch through the API", and the connection's log.
 */
export function LiveView({ profile, profileId, userIdType, onOpenMessage }: Props) {
  const { t, i18n } = useTranslation();
  const { view, start, stop, setPaused, clear } = useLive(profileId);
  const [confirmed, setConfirmed] = useState(() => localStorage.getItem(CONFIRMED_KEY(profileId)) === 'yes');
  const [asking, setAsking] = useState(false);
  const [type, setType] = useState('');
  const [chat, setChat] = useState('');
  const [text, setText] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const types = useMemo(() => [...new Set(view.rows.map((row) => row.eventType ?? '?'))].sort(), [view.rows]);
  const chats = useMemo(() => [...new Set(view.rows.flatMap((row) => (row.chatId ? [row.chatId] : [])))].sort(), [view.rows]);
  const shown = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return view.rows.filter(
      (row) =>
        (type === '' || (row.eventType ?? '?') === type) &&
        (chat === '' || row.chatId === chat) &&
        (needle === '' ||
          [row.preview, row.messageId, row.chatId, row.senderId, row.senderId ? view.names[row.senderId] : '', row.eventId].some((value) =>
            value?.toLowerCase().includes(needle),
          )),
    );
  }, [view.rows, view.names, type, chat, text]);

  const onStart = () => {
    if (!confirmed) return setAsking(true);
    void start();
  };
  const confirm = () => {
    localStorage.setItem(CONFIRMED_KEY(profileId), 'yes');
    setConfirmed(true);
    setAsking(false);
    void start();
  };
  const exportEvents = async () => {
    const url = liveExportDownloadUrl(profileId);
    if (url) {
      const link = document.createElement('a');
      link.href = url;
      link.click();
      return;
    }
    await api.exportLive(profileId);
  };

  const lang = langOf(i18n);
  return (
    <section className="live" aria-labelledby="live-title" data-testid="live">
      <header className="panel live-head">
        <h2 id="live-title">
          {t('live.title')} <span className="muted small">{profile?.name ?? profileId}</span>
        </h2>
        <p className="small" data-testid="live-state">
          <StateLine state={view.state} />
          {view.stats &&
            ` · ${t('live.stats', { events: view.stats.events, duplicates: view.stats.duplicates, reconnects: view.stats.reconnects })}`}
        </p>
        <div className="live-controls">
          {view.running ? (
            <button type="button" className="button" onClick={() => void stop()}>
              {t('live.stop')}
            </button>
          ) : (
            <button type="button" className="button button-primary" onClick={onStart}>
              {t('live.start')}
            </button>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={view.paused} onChange={(e) => setPaused(e.target.checked)} />
            {view.held > 0 ? t('live.pausedHeld', { count: view.held }) : t('live.pause')}
          </label>
          <button type="button" className="button button-small" onClick={clear} disabled={view.rows.length === 0}>
            {t('live.clear')}
          </button>
          <button type="button" className="button button-small" onClick={() => void exportEvents()} disabled={view.rows.length === 0}>
            {t('live.export')}
          </button>
        </div>
        {asking && (
          <div className="notice panel live-warning" role="alertdialog" aria-labelledby="live-warning-title">
            <strong id="live-warning-title">{t('live.warningTitle')}</strong>
            <p>{t('live.warning')}</p>
            <div className="dialog-actions">
              <button type="button" className="button" onClick={() => setAsking(false)}>
                {t('live.notNow')}
              </button>
              <button type="button" className="button button-primary" onClick={confirm}>
                {t('live.confirm')}
              </button>
            </div>
          </div>
        )}
        {view.problem && (
          <p className="lookup-problem" role="alert">
            {view.problem}
          </p>
        )}
        {profileId === SANDBOX_PROFILE_ID && <SendAsUser />}
        <div className="live-filters">
          <label>
            {t('live.type')}{' '}
            <select value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">{t('live.all')}</option>
              {types.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('live.chat')}{' '}
            <select value={chat} onChange={(e) => setChat(e.target.value)}>
              <option value="">{t('live.all')}</option>
              {chats.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </label>
          <input
            type="search"
            className="live-search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('live.search')}
            aria-label={t('live.search')}
          />
          <span className="muted small">
            {t('live.shown', { shown: shown.length, count: view.rows.length })}
            {view.letGo > 0 && ` · ${t('live.letGo', { count: view.letGo })}`}
          </span>
        </div>
      </header>

      <EventList rows={shown} names={view.names} lang={lang} profileId={profileId} selected={selected} onSelect={setSelected} />

      {selected !== null && (
        <EventDetails
          key={selected}
          profileId={profileId}
          seq={selected}
          userIdType={userIdType}
          profile={profile}
          onOpenMessage={onOpenMessage}
        />
      )}

      <details className="panel live-log">
        <summary>{t('live.log', { count: view.log.length })}</summary>
        <ol className="live-log-list">
          {view.log
            .slice(-200)
            .reverse()
            .map((entry, index) => (
              <li key={`${entry.at}:${index}`} className="small mono">
                {formatDateTime(entry.at, lang, 'long')} {connectionLogText(entry, lang)}
              </li>
            ))}
        </ol>
      </details>
    </section>
  );
}

function EventList({
  rows,
  names,
  lang,
  profileId,
  selected,
  onSelect,
}: {
  rows: LiveRow[];
  names: Record<string, string>;
  lang: string;
  profileId: string;
  selected: number | null;
  onSelect: (seq: number) => void;
}) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler; TanStack Virtual is used as documented
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => rows[index]?.seq ?? index,
  });
  if (rows.length === 0) return <p className="panel muted live-empty">{t('live.empty')}</p>;
  return (
    <div ref={scroller} className="panel live-scroller" role="list" aria-label={t('live.listLabel')} data-testid="live-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const sender = row.senderId ? (names[row.senderId] ?? row.senderId) : undefined;
          return (
            <div
              key={item.key}
              role="listitem"
              className={`live-row ${row.seq === selected ? 'selected' : ''} ${row.duplicate ? 'duplicate' : ''}`}
              style={{ transform: `translateY(${item.start}px)`, height: ROW_HEIGHT }}
              onClick={() => onSelect(row.seq)}
              data-testid="live-row"
            >
              <div className="conversation-row-line">
                <span className="muted small">{formatDateTime(row.receivedAt, lang, 'long')}</span>
                <span className="badge">{row.eventType ?? '?'}</span>
                {row.duplicate && <span className="badge badge-warn">{t('live.duplicateOf', { seq: row.duplicateOf ?? 0 })}</span>}
                {sender && <strong className="live-sender">{sender}</strong>}
                {row.chatId && <ChatLabel chatId={row.chatId} profileId={profileId} />}
                <button
                  type="button"
                  className="link-button small"
                  onClick={(event) => {
                    event.stopPropagation();
                    onSelect(row.seq);
                  }}
                >
                  {t('live.open')}
                </button>
              </div>
              <div className="conversation-preview">{row.preview}</div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The chat's name when the platform gives one (kept a while per profile), else its ID. */
function ChatLabel({ chatId, profileId }: { chatId: string; profileId: string }) {
  const { i18n } = useTranslation();
  const info = useQuery(chatInfoQuery({ profileId, chatId, lang: langOf(i18n) }));
  return <span className="muted small">{info.data?.ok ? info.data.name : chatId}</span>;
}

function EventDetails({
  profileId,
  seq,
  userIdType,
  profile,
  onOpenMessage,
}: {
  profileId: string;
  seq: number;
  userIdType: UserIdType;
  profile: ProfileSummary | undefined;
  onOpenMessage: (messageId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const event = useQuery({ queryKey: ['liveEvent', profileId, seq], queryFn: () => api.getLiveEvent(profileId, seq), staleTime: Infinity });
  const [fetching, setFetching] = useState(false);
  if (event.isPending) return <p className="muted">{t('live.loadingEvent')}</p>;
  if (!event.data) return <p className="muted">{t('live.eventGone')}</p>;
  const received = event.data;
  const messageId = messageIdOf(received.body);
  return (
    <section className="panel live-details" aria-label={t('live.details')} data-testid="live-details">
      <div className="handoff" role="group" aria-label={t('handoff.group')}>
        <SaveTicketButton request={{ profileId, seq }} title={t('live.ticketHint')} testId="live-save-ticket" />
      </div>
      <dl className="fields">
        <dt>{t('live.eventType')}</dt>
        <dd className="mono">{received.eventType ?? '—'}</dd>
        <dt>event_id</dt>
        <dd className="mono">{received.eventId ?? '—'}</dd>
        <dt>{t('live.frame')}</dt>
        <dd className="mono">
          message_id={received.frame.messageId} · trace_id={received.frame.traceId ?? '—'} · sum={received.frame.sum} · seq_id=
          {received.frame.seqId}
        </dd>
        <dt>{t('live.pushToAck')}</dt>
        <dd>{formatNumber(received.acknowledgedAt - received.receivedAt, i18n.language)} ms</dd>
        <dt>{t('live.received')}</dt>
        <dd>
          {formatDateTime(received.receivedAt, langOf(i18n), 'long')}
          {received.createdAt !== undefined && ` (${t('live.made', { ms: received.receivedAt - received.createdAt })})`}
        </dd>
      </dl>
      {received.body !== undefined ? (
        <JsonView value={received.body} label={t('live.eventJson')} defaultDepth={4} testId="live-event-json" />
      ) : (
        <pre className="raw">{received.raw}</pre>
      )}
      {messageId && (
        <div className="live-compare">
          <p>
            <button type="button" className="button" onClick={() => setFetching(true)} disabled={fetching}>
              {t('live.fetchApi')}
            </button>{' '}
            <button type="button" className="link-button" onClick={() => onOpenMessage(messageId)}>
              {t('live.openInViewer')}
            </button>
          </p>
          {fetching && (
            <LookupResultView
              request={{ messageId, profileId, userIdType }}
              attempt={seq}
              profile={profile}
              onOpenMessage={onOpenMessage}
            />
          )}
        </div>
      )}
    </section>
  );
}

function messageIdOf(body: unknown): string | undefined {
  const event = (body as { event?: { message?: { message_id?: unknown }; message_id?: unknown } } | undefined)?.event;
  const id = event?.message?.message_id ?? event?.message_id;
  return typeof id === 'string' && id.startsWith('om_') ? id : undefined;
}

function StateLine({ state }: { state: ConnectionState }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n);
  switch (state.status) {
    case 'idle':
      return <>{t('live.state.idle')}</>;
    case 'connecting':
      return <>{t('live.state.connecting')}</>;
    case 'live':
      return <strong className="live-on">{t('live.state.live', { connection: state.connection })}</strong>;
    case 'reconnecting':
      return <>{t('live.state.reconnecting', { seconds: Math.ceil(state.delayMs / 1000), attempt: state.attempt })}</>;
    case 'stopped': {
      const reason = state.reason;
      const why =
        reason.why === 'asked'
          ? t('live.state.asked')
          : reason.why === 'error'
            ? reason.message
            : reason.failure
              ? `${reason.failure.code ?? reason.failure.kind} · ${explainFailure(reason.failure, lang).title}`
              : t('live.state.gaveUp');
      return <>{t('live.state.stopped', { reason: why })}</>;
    }
  }
}
