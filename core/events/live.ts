/**
 * Live events per profile: one long connection (core/events/client.ts) each, its events kept for
 * the page as small rows (the full event kept for opening it), its state and connection log, and
 * the page reading them by cursor with a long poll (an answer as soon as something new is there),
 * so a row is on screen within milliseconds of its acknowledgement over either bridge.
 *
 * Memory is bounded: the newest MAX_KEPT_EVENTS are kept whole; older ones go to the host's spill
 * (a file), which the export reads before the kept ones, or are let go where the host has none
 * (their count is said). Sender names come from the platform (GET message with with_sender_name),
 * asked once per sender and kept, and reach the page beside the rows rather than holding a row back.
 */

import type { Clock } from '../base/ports';
import type { Lang } from '../base/lang';
import type { LongConnection } from './client';
import type { ConnectionLogEntry, ConnectionState, ConnectionStats, ReceivedEvent } from './state';
import type { ApiMessage } from '../feishu/types';
import { decodeMessage, messagePreview, senderName } from '../messages';
import { liveEventLine } from './record';
import type { EventSpill, EventSpillOpener } from './spill';

/** `im.message.reaction.created_v1` and `deleted_v1`: their actor is who reacted, not the message's sender. */
const REACTION_EVENT_PREFIX = 'im.message.reaction.';

/** Events kept whole per profile; older ones are spilled or let go. */
export const MAX_KEPT_EVENTS = 5_000;
/** The longest a page's read waits for something new. */
export const MAX_WAIT_MS = 25_000;

/** One event as the Live view lists it. */
export interface LiveRow {
  seq: number;
  receivedAt: number;
  /** Push (the frame that completed it) to acknowledgement, in ms. */
  ackMs: number;
  eventType?: string;
  eventId?: string;
  duplicate: boolean;
  duplicateOf?: number;
  chatId?: string;
  messageId?: string;
  /**
   * Who did it: the message's sender, or for a reaction added or removed the one who reacted (the
   * event's `user_id.open_id`, or its `app_id` when an app reacted). Names arrive in LiveUpdates.names.
   */
  senderId?: string;
  preview: string;
  /** Frame headers. */
  frameMessageId: string;
  traceId?: string;
  fragments: number;
  connection: number;
}

export interface LiveUpdates {
  profileId: string;
  running: boolean;
  state: ConnectionState;
  rows: LiveRow[];
  /** Pass back to read on from here. */
  cursor: number;
  log: ConnectionLogEntry[];
  logCursor: number;
  stats: ConnectionStats;
  /** Sender names learned (open_id → name, in the language the session was started in). */
  names: Record<string, string>;
  /** Events let go from memory because more than MAX_KEPT_EVENTS came (an export still holds them where the host spills them). */
  letGo: number;
  /** Pass back too: a name learned after this read answers the next one at once. */
  namesCursor: number;
}

/** How many connection log lines before an event, and after, its ticket shows. */
export const LOG_AROUND = 10;

export interface LiveEventContext {
  profileId: string;
  event: ReceivedEvent;
  row: LiveRow;
  state: ConnectionState;
  stats: ConnectionStats;
  /** The log lines around the event's arrival, oldest first. */
  log: ConnectionLogEntry[];
}

/** What the manager needs of the service for a profile: a connection, and a way to read a message with its sender's name. */
export interface LiveContext {
  connection: LongConnection;
  readMessage(messageId: string): Promise<ApiMessage | undefined>;
}

interface Session {
  profileId: string;
  lang: Lang;
  context: LiveContext;
  events: ReceivedEvent[];
  rows: LiveRow[];
  /** Index in the session's whole life of rows[0]. */
  first: number;
  log: ConnectionLogEntry[];
  logFirst: number;
  names: Map<string, string>;
  /** Bumps with every name learned. */
  namesVersion: number;
  asked: Set<string>;
  waiters: Set<() => void>;
  unsubscribe: (() => void)[];
  /** Opened when the first event is let go. */
  spill?: EventSpill;
}

export class LiveManager {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly clock: Clock,
    private readonly openSpill?: EventSpillOpener,
    private readonly maxKept = MAX_KEPT_EVENTS,
  ) {}

  /** Starts the profile's connection, or keeps the one running. */
  start(profileId: string, lang: Lang, context: () => Promise<LiveContext>): Promise<LiveUpdates> {
    const running = this.sessions.get(profileId);
    if (running && running.context.connection.state.status !== 'stopped')
      return Promise.resolve(this.read(running, running.first + running.rows.length));
    return this.open(profileId, lang, context);
  }

  private async open(profileId: string, lang: Lang, context: () => Promise<LiveContext>): Promise<LiveUpdates> {
    void this.close(profileId);
    const made = await context();
    const session: Session = {
      profileId,
      lang,
      context: made,
      events: [],
      rows: [],
      first: 0,
      log: [],
      logFirst: 0,
      names: new Map(),
      namesVersion: 0,
      asked: new Set(),
      waiters: new Set(),
      unsubscribe: [],
    };
    const { connection } = made;
    session.unsubscribe.push(
      connection.onEvent((event) => {
        session.events.push(event);
        session.rows.push(rowOf(event, lang));
        if (session.events.length > this.maxKept) {
          const gone = session.events.shift()!;
          session.rows.shift();
          session.first += 1;
          if (this.openSpill) (session.spill ??= this.openSpill(profileId)).append(liveEventLine(gone));
        }
        this.learnName(session);
        wake(session);
      }),
      connection.onLog((entry) => {
        session.log.push(entry);
        if (session.log.length > 2_000) {
          session.log.shift();
          session.logFirst += 1;
        }
        wake(session);
      }),
      connection.onStateChange(() => wake(session)),
    );
    this.sessions.set(profileId, session);
    connection.start();
    return this.read(session, 0);
  }

  stop(profileId: string): void {
    const session = this.sessions.get(profileId);
    if (!session) return;
    session.context.connection.stop();
    wake(session);
  }

  /** Stops and forgets the profile's session (its settings changed, or the app is closing); resolves once its spill is removed. */
  close(profileId: string): Promise<void> {
    const session = this.sessions.get(profileId);
    if (!session) return Promise.resolve();
    session.context.connection.stop();
    for (const off of session.unsubscribe) off();
    const discarded = session.spill?.discard();
    wake(session);
    this.sessions.delete(profileId);
    return discarded ?? Promise.resolve();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((profileId) => this.close(profileId)));
  }

  /**
   * What came since the cursors; waits up to `waitMs` for something new when nothing is (a long
   * poll), and answers at once when something is.
   */
  async updates(profileId: string, cursor: number, logCursor: number, waitMs: number, namesCursor = 0): Promise<LiveUpdates | undefined> {
    const session = this.sessions.get(profileId);
    if (!session) return undefined;
    const fresh = () =>
      session.first + session.rows.length > cursor ||
      session.logFirst + session.log.length > logCursor ||
      session.namesVersion > namesCursor;
    if (!fresh() && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          session.waiters.delete(done);
          cancel();
          resolve();
        };
        const cancel = this.clock.after(Math.min(waitMs, MAX_WAIT_MS), done);
        session.waiters.add(done);
      });
    }
    return this.read(session, cursor, logCursor);
  }

  /** The whole event, for the viewer; undefined once it has been let go. */
  event(profileId: string, seq: number): ReceivedEvent | undefined {
    return this.sessions.get(profileId)?.events.find((event) => event.seq === seq);
  }

  /**
   * An event with its circumstances, for a ticket: its row, the connection's state and counts now,
   * and the log lines around its arrival (LOG_AROUND before and after); undefined once let go.
   */
  eventContext(profileId: string, seq: number): LiveEventContext | undefined {
    const session = this.sessions.get(profileId);
    const index = session?.events.findIndex((event) => event.seq === seq) ?? -1;
    if (!session || index < 0) return undefined;
    const event = session.events[index]!;
    const { connection } = session.context;
    const after = session.log.findIndex((entry) => entry.at > event.receivedAt);
    const cut = after < 0 ? session.log.length : after;
    return {
      profileId,
      event,
      row: session.rows[index]!,
      state: connection.state,
      stats: { ...connection.stats },
      log: session.log.slice(Math.max(0, cut - LOG_AROUND), cut + LOG_AROUND),
    };
  }

  /** Every event caught, oldest first, as export lines: those spilled from memory, then those kept. */
  async *exportLines(profileId: string): AsyncGenerator<string> {
    const session = this.sessions.get(profileId);
    if (!session) return;
    // Taken in the same turn: an event let go later is in the copy of the kept ones, not in both.
    const kept = [...session.events];
    const spilled = session.spill?.snapshot();
    if (spilled) yield* spilled();
    for (const event of kept) yield liveEventLine(event);
  }

  private read(session: Session, cursor: number, logCursor = 0): LiveUpdates {
    const { connection } = session.context;
    const from = Math.max(0, cursor - session.first);
    const logFrom = Math.max(0, logCursor - session.logFirst);
    return {
      profileId: session.profileId,
      running: connection.state.status !== 'stopped' && connection.state.status !== 'idle',
      state: connection.state,
      rows: session.rows.slice(from),
      cursor: session.first + session.rows.length,
      log: session.log.slice(logFrom),
      logCursor: session.logFirst + session.log.length,
      stats: { ...connection.stats },
      names: Object.fromEntries(session.names),
      letGo: session.first,
      namesCursor: session.namesVersion,
    };
  }

  /**
   * Names from the platform: a GET of the event's message (with_sender_name) names that message's
   * sender. For a message event that is who the row shows, asked once per sender; for a reaction it
   * is the message's author, who is the one who reacted only on their own message, so a reaction's
   * row is named by whatever names its reactor (their own message, now or later), and its GET, once
   * per message, only names the author.
   */
  private learnName(session: Session) {
    const row = session.rows.at(-1);
    if (!row?.senderId || !row.messageId || session.names.has(row.senderId)) return;
    const asked = row.eventType?.startsWith(REACTION_EVENT_PREFIX) ? `message:${row.messageId}` : row.senderId;
    if (session.asked.has(asked)) return;
    session.asked.add(asked);
    void session.context
      .readMessage(row.messageId)
      .then((item) => {
        const authorId = item?.sender?.id;
        const name = item ? senderName(item, session.lang) : undefined;
        if (authorId && name && !session.names.has(authorId)) {
          session.names.set(authorId, name);
          session.namesVersion += 1;
          // A page waiting for something new gets the name now.
          wake(session);
        }
      })
      .catch(() => undefined);
  }
}

function wake(session: Session) {
  for (const waiter of [...session.waiters]) waiter();
}

/** The row of an event: for message events, the message's chat, sender and a preview of its content. */
export function rowOf(event: ReceivedEvent, lang: Lang): LiveRow {
  const body = (typeof event.body === 'object' && event.body !== null ? event.body : {}) as {
    event?: {
      message?: { message_id?: unknown; chat_id?: unknown; message_type?: unknown; content?: unknown; create_time?: unknown };
      sender?: { sender_id?: { open_id?: unknown } };
      message_id?: unknown;
      chat_id?: unknown;
      /** Reactions: who reacted, as a user (`user_id`) or an app (`app_id`, with `operator_type: "app"`). */
      user_id?: { open_id?: unknown };
      app_id?: unknown;
      reaction_type?: { emoji_type?: unknown };
    };
  };
  const inner = body.event ?? {};
  const message = inner.message;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const messageId = text(message?.message_id) ?? text(inner.message_id);
  const chatId = text(message?.chat_id) ?? text(inner.chat_id);
  const senderId = text(inner.sender?.sender_id?.open_id) ?? text(inner.user_id?.open_id) ?? text(inner.app_id);
  let preview: string;
  if (message && typeof message.message_type === 'string') {
    try {
      preview = messagePreview(
        decodeMessage({ msg_type: message.message_type, body: { content: typeof message.content === 'string' ? message.content : '' } }),
        lang,
      );
    } catch {
      preview = `[${message.message_type}]`;
    }
  } else if (text(inner.reaction_type?.emoji_type)) {
    preview = `${String(inner.reaction_type!.emoji_type)} → ${messageId ?? '?'}`;
  } else if (event.parseError) {
    preview = event.parseError;
  } else {
    preview = messageId ?? event.eventType ?? '';
  }
  return {
    seq: event.seq,
    receivedAt: event.receivedAt,
    ackMs: event.acknowledgedAt - event.receivedAt,
    ...(event.eventType ? { eventType: event.eventType } : {}),
    ...(event.eventId ? { eventId: event.eventId } : {}),
    duplicate: event.duplicate,
    ...(event.duplicateOf !== undefined ? { duplicateOf: event.duplicateOf } : {}),
    ...(chatId ? { chatId } : {}),
    ...(messageId ? { messageId } : {}),
    ...(senderId ? { senderId } : {}),
    preview,
    frameMessageId: event.frame.messageId,
    ...(event.frame.traceId ? { traceId: event.frame.traceId } : {}),
    fragments: event.frame.sum,
    connection: event.connection,
  };
}
