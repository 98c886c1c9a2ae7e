import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationRow, ProfileSummary } from '../../../core/api/contract';
import type { UserIdType } from '../../../core/feishu/types';
import { explainFailure } from '../../../core/errors';
import { api } from '../../api';
import { langOf } from '../../i18n';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { ErrorPanel } from '../errors/ErrorPanel';
import { ChatName } from '../viewer/MessageFields';
import { LookupResultView } from '../viewer/LookupResultView';
import type { ConversationOpen } from './open';
import { useConversation, type EndProblem } from './useConversation';
import { RangeForm } from './RangeForm';
import { ChatExport } from './ChatExport';
import { identityFor } from '../identity/choice';
import { IdentityActions } from '../identity/IdentityActions';

/** Every row is this tall: a page added above moves the list by a known height, so the reader stays where they were. */
const ROW_HEIGHT = 52;
/** A page is asked for when the first (or last) row on screen is this close to the end of what is loaded. */
const EDGE_ROWS = 8;

interface Props {
  open: ConversationOpen;
  profile: ProfileSummary | undefined;
  userIdType: UserIdType;
  /** Another chat, thread, range or message to centre on: a new entry in the back/forward history. */
  onOpen: (open: ConversationOpen) => void;
  /** A message in the main viewer (leaves the conversation; Back returns). */
  onOpenMessage: (messageId: string) => void;
}

/**
 * A chat or a thread through the list call: rows oldest first, virtualised, loading older rows as
 * the reader scrolls up and newer as they scroll down; opened around a message it is centred on it
 * and marks it. A row chosen shows below in the viewer; a thread's root opens its thread.
 */
export function ConversationView({ open, profile, userIdType, onOpen, onOpenMessage }: Props) {
  const { t, i18n } = useTranslation();
  const [rootsOnly, setRootsOnly] = useState(false);
  const [showReactions, setShowReactions] = useState(false);
  const { state, loadOlder, loadNewer, checkNewer } = useConversation(open, { rootsOnly });
  const rows = state.window.rows;
  const anchorId = open.around?.messageId;
  const [selected, setSelected] = useState<string | undefined>(anchorId);
  const [active, setActive] = useState(0);
  const scroller = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/incompatible-library -- this build has no React Compiler; TanStack Virtual is used as documented
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => rows[index]?.messageId ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const first = items[0]?.index;
  const last = items.at(-1)?.index;

  // Once opened: the message asked for in the middle, else the newest at the bottom (or a range's start at the top).
  const placed = useRef(false);
  useLayoutEffect(() => {
    if (state.opening) placed.current = false;
    if (state.opening || placed.current || rows.length === 0) return;
    placed.current = true;
    const at = anchorId ? rows.findIndex((row) => row.messageId === anchorId) : -1;
    const index = at >= 0 ? at : state.window.older.done && !state.window.newer.done ? 0 : rows.length - 1;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: at >= 0 ? 'center' : index === 0 ? 'start' : 'end' });
  }, [state.opening, rows, anchorId, state.window.older.done, state.window.newer.done, virtualizer]);

  // Rows added above: the list moves down by their height, so what the reader looked at stays put.
  const lastPrepend = useRef(state.prepend.seq);
  useLayoutEffect(() => {
    if (state.prepend.seq === lastPrepend.current) return;
    lastPrepend.current = state.prepend.seq;
    const element = scroller.current;
    if (element) element.scrollTop += state.prepend.count * ROW_HEIGHT;
    setActive((index) => index + state.prepend.count);
  }, [state.prepend]);

  // Near an end of what is loaded: the next page that way. Measured on the list itself, not on the
  // rows drawn: a render just before the list was placed would otherwise ask for a page no one needs.
  const nearEdge = EDGE_ROWS * ROW_HEIGHT;
  useEffect(() => {
    const element = scroller.current;
    if (!placed.current || !element) return;
    if (element.scrollTop < nearEdge) loadOlder();
    if (element.scrollTop + element.clientHeight > element.scrollHeight - nearEdge) loadNewer();
  }, [first, last, rows.length]); // eslint-disable-line react-hooks/exhaustive-deps -- a page per move, not per render

  const choose = (index: number) => {
    const row = rows[index];
    if (!row) return;
    setActive(index);
    setSelected(row.messageId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    let next: number | undefined;
    if (event.key in moves) next = Math.min(rows.length - 1, Math.max(0, active + moves[event.key]!));
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = rows.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      choose(active);
      return;
    }
    if (next === undefined) return;
    event.preventDefault();
    setActive(next);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };

  const chat = open.target.kind === 'chat';
  const lang = langOf(i18n);
  return (
    <section className="conversation" aria-labelledby="conversation-title" data-testid="conversation">
      <header className="conversation-head panel">
        <h2 id="conversation-title" className="conversation-title">
          <span>{chat ? t('conversation.chat') : t('conversation.thread')}</span>{' '}
          {chat ? <ChatName chatId={open.target.id} profileId={open.profileId} /> : <span className="mono">{open.target.id}</span>}
        </h2>
        <div className="conversation-controls">
          {chat && (
            <RangeForm
              range={open.range}
              onApply={(range) => onOpen({ target: open.target, profileId: open.profileId, ...(range ? { range } : {}) })}
            />
          )}
          {chat && (
            <label className="checkbox">
              <input type="checkbox" checked={rootsOnly} onChange={(e) => setRootsOnly(e.target.checked)} />
              {t('conversation.rootsOnly')}
            </label>
          )}
          <label className="checkbox">
            <input type="checkbox" checked={showReactions} onChange={(e) => setShowReactions(e.target.checked)} />
            {t('conversation.reactions')}
          </label>
        </div>
        <ChatExport open={open} />
        <p className="muted small" role="status" aria-live="polite" data-testid="conversation-status">
          {state.opening ? t('conversation.opening') : t('conversation.loaded', { count: rows.length })}
          {!state.opening && anchorId && state.found === false && ` · ${t('conversation.notFound', { id: anchorId })}`}
        </p>
      </header>

      {state.openProblem ? (
        <Problem problem={state.openProblem} profile={profile} />
      ) : (
        <div className="panel conversation-list-panel">
          <EndLine
            atEnd={state.window.older.done}
            loading={state.loading.older || state.opening}
            problem={state.problem.older}
            endText={t('conversation.oldestReached')}
            onRetry={loadOlder}
            loadText={t('conversation.loadOlder')}
          />
          <div
            ref={scroller}
            className="conversation-scroller"
            role="listbox"
            tabIndex={0}
            aria-label={t('conversation.listLabel')}
            aria-activedescendant={rows[active] ? rowDomId(rows[active].messageId) : undefined}
            onKeyDown={onKeyDown}
            data-testid="conversation-list"
          >
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => {
                const row = rows[item.index]!;
                return (
                  <Row
                    key={item.key}
                    row={row}
                    top={item.start}
                    lang={lang}
                    anchor={row.messageId === anchorId}
                    selected={row.messageId === selected}
                    active={item.index === active}
                    profileId={open.profileId}
                    showReactions={showReactions}
                    onChoose={() => choose(item.index)}
                    onOpenThread={
                      chat && row.threadId && !row.isReply
                        ? () => onOpen({ target: { kind: 'thread', id: row.threadId! }, profileId: open.profileId })
                        : undefined
                    }
                  />
                );
              })}
            </div>
          </div>
          <EndLine
            atEnd={state.window.newer.done}
            loading={state.loading.newer}
            problem={state.problem.newer}
            endText={t('conversation.newestReached')}
            onRetry={loadNewer}
            loadText={t('conversation.loadNewer')}
            onCheckNewer={state.opening ? undefined : checkNewer}
          />
        </div>
      )}

      {selected && (
        <div className="conversation-viewer">
          <p className="muted small">
            {t('conversation.selected', { id: selected })}{' '}
            <button type="button" className="link-button" onClick={() => onOpenMessage(selected)}>
              {t('conversation.openInViewer')}
            </button>
          </p>
          <LookupResultView
            key={selected}
            request={{ messageId: selected, profileId: open.profileId, userIdType }}
            attempt={0}
            profile={profile}
            onOpenMessage={onOpenMessage}
          />
        </div>
      )}
    </section>
  );
}

const rowDomId = (messageId: string) => `conversation-row-${messageId}`;

interface RowProps {
  row: ConversationRow;
  top: number;
  lang: string;
  anchor: boolean;
  selected: boolean;
  active: boolean;
  profileId: string;
  showReactions: boolean;
  onChoose: () => void;
  onOpenThread?: () => void;
}

function Row({ row, top, lang, anchor, selected, active, profileId, showReactions, onChoose, onOpenThread }: RowProps) {
  const { t } = useTranslation();
  const classes = [
    'conversation-row',
    anchor && 'anchor',
    selected && 'selected',
    active && 'active',
    row.isReply && 'reply',
    row.deleted && 'deleted',
  ];
  return (
    <div
      id={rowDomId(row.messageId)}
      role="option"
      aria-selected={selected}
      className={classes.filter(Boolean).join(' ')}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={onChoose}
      data-testid="conversation-row"
      data-message-id={row.messageId}
    >
      <div className="conversation-row-line">
        <span className="muted small conversation-time">{row.createTime > 0 ? formatDateTime(row.createTime, lang, 'short') : '—'}</span>
        <span className="conversation-sender" title={row.senderId}>
          {row.senderName ?? <span className="mono muted">{row.senderId ?? t('fields.none')}</span>}
        </span>
        {row.msgType !== 'text' && <span className="badge">{row.msgType}</span>}
        {row.isReply && <span className="badge badge-warn">{t('conversation.reply')}</span>}
        {row.deleted && <span className="badge badge-warn">{t('conversation.recalled')}</span>}
        {row.updated && <span className="badge badge-warn">{t('conversation.edited')}</span>}
        {anchor && <span className="badge badge-warn">{t('conversation.thisMessage')}</span>}
        {onOpenThread && (
          <button
            type="button"
            className="link-button small"
            onClick={(event) => {
              event.stopPropagation();
              onOpenThread();
            }}
          >
            {t('conversation.openThread')}
          </button>
        )}
        {showReactions && !row.deleted && <Reactions messageId={row.messageId} profileId={profileId} />}
      </div>
      <div className="conversation-preview">{row.preview}</div>
    </div>
  );
}

/** Emoji for the reaction types people use most; any other shows as its name. */
const EMOJI: Record<string, string> = {
  THUMBSUP: '👍',
  OK: '👌',
  SMILE: '😊',
  LAUGH: '😆',
  HEART: '❤️',
  CLAP: '👏',
  FIRE: '🔥',
  JIAYI: '+1',
  DONE: '✅',
  PARTY: '🎉',
  THANKS: '🙏',
  FACEPALM: '🤦',
};

function Reactions({ messageId, profileId }: { messageId: string; profileId: string }) {
  const { t, i18n } = useTranslation();
  const query = useQuery({
    queryKey: ['reactions', profileId, messageId, identityFor(profileId)],
    queryFn: () => api.getReactions({ profileId, messageId, ...identityFor(profileId) }),
    staleTime: 60 * 1000,
    retry: false,
  });
  if (query.isPending) return <span className="muted small">…</span>;
  if (query.isError) return <span className="muted small">{t('conversation.reactionsFailed')}</span>;
  const answer = query.data;
  if (!answer.ok) {
    return (
      <span className="muted small" title={answer.failure.msg}>
        {t('conversation.reactionsFailed')} ({answer.failure.code ?? answer.failure.kind})
      </span>
    );
  }
  if (answer.reactions.length === 0) return null;
  return (
    <span className="conversation-reactions" data-testid="reactions">
      {answer.reactions.map((reaction) => (
        <span key={reaction.emojiType} className="reaction" title={reaction.emojiType}>
          {EMOJI[reaction.emojiType] ?? reaction.emojiType} {formatNumber(reaction.count, i18n.language)}
        </span>
      ))}
      {answer.truncated && '…'}
    </span>
  );
}

interface EndLineProps {
  atEnd: boolean;
  loading: boolean;
  problem?: EndProblem;
  endText: string;
  loadText: string;
  onRetry: () => void;
  onCheckNewer?: () => void;
}

/** The line above (or below) the rows: loading, the end reached, or why the next page failed and a retry. */
function EndLine({ atEnd, loading, problem, endText, loadText, onRetry, onCheckNewer }: EndLineProps) {
  const { t, i18n } = useTranslation();
  if (loading) return <p className="conversation-end muted small">{t('conversation.loading')}</p>;
  if (problem) {
    const text =
      'text' in problem
        ? problem.text
        : `${problem.failure.code ?? problem.failure.kind} · ${explainFailure(problem.failure, langOf(i18n)).title}`;
    return (
      <p className="conversation-end small" role="alert">
        {t('conversation.pageFailed', { reason: text })}{' '}
        <button type="button" className="button button-small" onClick={onRetry}>
          {t('conversation.retry')}
        </button>
      </p>
    );
  }
  if (atEnd) {
    return (
      <p className="conversation-end muted small">
        {endText}
        {onCheckNewer && (
          <>
            {' '}
            <button type="button" className="link-button small" onClick={onCheckNewer}>
              {t('conversation.checkNewer')}
            </button>
          </>
        )}
      </p>
    );
  }
  return (
    <p className="conversation-end small">
      <button type="button" className="link-button small" onClick={onRetry}>
        {loadText}
      </button>
    </p>
  );
}

function Problem({ problem, profile }: { problem: EndProblem; profile: ProfileSummary | undefined }) {
  const { t } = useTranslation();
  if ('failure' in problem)
    return (
      <ErrorPanel failure={problem.failure} profile={profile} actions={<IdentityActions failure={problem.failure} profile={profile} />} />
    );
  return (
    <section className="panel error-panel" role="alert">
      <h2>{t('error.bridge')}</h2>
      <p className="mono">{problem.text}</p>
    </section>
  );
}
