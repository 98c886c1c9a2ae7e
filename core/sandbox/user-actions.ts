/**
 * Making things happen in the sandbox, as its users would: a text sent into a chat, a recall, a
 * reaction, and bursts of messages for load. Each is stored (GET message and the list call find
 * what was sent, the reactions call lists what was added) and pushed over the long connection as
 * the event the platform sends a bot: `im.message.receive_v1`, `im.message.recalled_v1`,
 * `im.message.reaction.created_v1`.
 *
 *   POST /sandbox/v1/send    {"chat_id"?, "text"}                         → {"message_id", "event_id"}
 *   POST /sandbox/v1/recall  {"message_id"}                               → {"message_id", "event_id"}
 *   POST /sandbox/v1/react   {"message_id", "emoji_type"?}                → {"reaction_id", "event_id"}
 *   POST /sandbox/v1/burst   {"rate", "seconds", "chat_id"?, "text"?}     → {"events", "ends_at"}
 *   GET  /sandbox/v1/live                                                 → {"connections", "stats", "settings"}
 */

import type { Clock } from '../base/ports';
import type { ApiFieldViolation, ApiMessage } from '../feishu/types';
import { SANDBOX_BOT_APP_ID } from './apps';
import { SMALL_CHAT_ID, type SandboxChat, type SandboxReaction } from './fixtures/chats';
import { TENANT, TOM, userSender, type SandboxUser } from './fixtures/people';
import type { PushedEvent } from './live';

export const USER_ACTIONS_PREFIX = '/sandbox/v1/';
/** GET: the long connection's open connections, counts and settings, for tests and load runs over HTTP. */
export const LIVE_STATE_PATH = '/sandbox/v1/live';

/** The verification token the sandbox's events carry in `header.token`. */
export const SANDBOX_VERIFICATION_TOKEN = 'sandbox_verification_token';
/** Who sends, recalls and reacts through these routes. */
export const SANDBOX_ACTOR: SandboxUser = TOM;
/** The platform refuses a text message body above 150 KB; a character count is near enough here. */
export const MAX_TEXT_LENGTH = 150_000;
export const MAX_BURST_RATE = 1000;
export const MAX_BURST_SECONDS = 3600;
export const MAX_BURST_EVENTS = 100_000;

/** A failure in the platform's envelope: its code, and the field that was wrong when there is one. */
export interface ActionFailure {
  ok: false;
  code: number;
  msg?: string;
  violation?: ApiFieldViolation;
}
export type ActionResult = { ok: true; body: Record<string, unknown> } | ActionFailure;

export interface UserActionsOptions {
  clock: Clock;
  /** The chats a message can be sent into. */
  chats: ReadonlyMap<string, SandboxChat>;
  /** A message's GET answer, whoever made it. */
  itemsOf: (messageId: string) => readonly ApiMessage[] | undefined;
  push: (event: PushedEvent) => void;
}

export interface UserActions {
  /** Runs the route named by `path` (after the prefix) with its JSON body. */
  run(path: string, body: unknown): ActionResult;
  /** Messages sent into this chat, oldest first. */
  sentIn(chatId: string): readonly ApiMessage[];
  /** A message sent through the routes, as GET answers it. */
  sentMessage(messageId: string): readonly ApiMessage[] | undefined;
  /** Reactions added through the routes, oldest first. */
  addedReactions(messageId: string): readonly SandboxReaction[];
  /** Stops every burst still running. */
  stopBursts(): void;
  /** Counts every message sent or recalled: what is listed changes with it. */
  readonly changes: number;
}

const invalid = (field: string, value: unknown, description: string): ActionFailure => ({
  ok: false,
  code: 99992402,
  violation: { field, value: typeof value === 'string' ? value : JSON.stringify(value ?? null), description },
});

/** The body's fields, or the first one that is not allowed. */
function fieldsOf(body: unknown, allowed: readonly string[]): Record<string, unknown> | ActionFailure {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return invalid('body', body, `the body must be a JSON object with ${allowed.join(', ')}`);
  }
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) return invalid(unknown, unknown, `unknown field; this route takes ${allowed.join(', ')}`);
  return body as Record<string, unknown>;
}

const isFailure = (value: unknown): value is ActionFailure =>
  typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;

function positiveInteger(fields: Record<string, unknown>, field: string, max: number): number | ActionFailure {
  const value = fields[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    return invalid(field, value, `${field} is required: a whole number from 1 to ${max}`);
  }
  return value;
}

export function createUserActions(options: UserActionsOptions): UserActions {
  const { clock, chats } = options;
  const sentByChat = new Map<string, ApiMessage[]>();
  const sentById = new Map<string, ApiMessage[]>();
  const reactions = new Map<string, SandboxReaction[]>();
  const bursts = new Set<() => void>();
  let serial = 0;
  let changes = 0;

  const actorIds = { open_id: SANDBOX_ACTOR.open_id, union_id: SANDBOX_ACTOR.union_id, user_id: SANDBOX_ACTOR.user_id };

  function eventOf(eventType: string, event: Record<string, unknown>): PushedEvent {
    return {
      schema: '2.0',
      header: {
        event_id: crypto.randomUUID().replace(/-/g, ''),
        event_type: eventType,
        create_time: String(clock.now()),
        token: SANDBOX_VERIFICATION_TOKEN,
        app_id: SANDBOX_BOT_APP_ID,
        tenant_key: TENANT,
      },
      event,
    };
  }

  function push(event: PushedEvent): string {
    options.push(event);
    return event.header.event_id;
  }

  /** A chat a user can write in and the bot hears: known, with the bot in it. */
  function chatFor(value: unknown): SandboxChat | ActionFailure {
    if (value === undefined) return chats.get(SMALL_CHAT_ID)!;
    if (typeof value !== 'string' || value === '')
      return invalid('chat_id', value, 'chat_id is optional: a chat ID such as oc_sandbox_small_group');
    const chat = chats.get(value);
    if (!chat) return { ok: false, code: 232006, msg: `Your request specifies a chat_id which is invalid: ${value}` };
    if (!chat.botIsMember) return { ok: false, code: 230002, msg: 'The bot can not be outside the group: it would receive no event.' };
    return chat;
  }

  function textFrom(value: unknown, required: boolean): string | undefined | ActionFailure {
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value.length === 0) return invalid('text', value, 'text is required: the message, a non-empty string');
    if (value.length > MAX_TEXT_LENGTH)
      return invalid('text', `${value.length} characters`, `text is at most ${MAX_TEXT_LENGTH} characters`);
    return value;
  }

  /** Stores a text message from the actor and pushes its receive event. */
  function sendText(chat: SandboxChat, text: string): { messageId: string; eventId: string } {
    serial += 1;
    const now = String(clock.now());
    const message: ApiMessage = {
      message_id: `om_x100b5e4d${serial.toString(16).padStart(23, '0')}`,
      msg_type: 'text',
      create_time: now,
      update_time: now,
      deleted: false,
      updated: false,
      chat_id: chat.chatId,
      sender: userSender(SANDBOX_ACTOR),
      body: { content: JSON.stringify({ text }) },
    };
    const messageId = message.message_id!;
    changes += 1;
    const list = sentByChat.get(chat.chatId) ?? [];
    list.push(message);
    sentByChat.set(chat.chatId, list);
    sentById.set(messageId, [message]);
    const eventId = push(
      eventOf('im.message.receive_v1', {
        sender: { sender_id: actorIds, sender_type: 'user', tenant_key: TENANT },
        message: {
          message_id: messageId,
          create_time: now,
          update_time: now,
          chat_id: chat.chatId,
          chat_type: 'group',
          message_type: 'text',
          content: message.body!.content,
        },
      }),
    );
    return { messageId, eventId };
  }

  function send(body: unknown): ActionResult {
    const fields = fieldsOf(body, ['chat_id', 'text']);
    if (isFailure(fields)) return fields;
    const chat = chatFor(fields.chat_id);
    if (isFailure(chat)) return chat;
    const text = textFrom(fields.text, true);
    if (isFailure(text)) return text;
    const { messageId, eventId } = sendText(chat, text!);
    return { ok: true, body: { message_id: messageId, event_id: eventId } };
  }

  function messageIdFrom(fields: Record<string, unknown>): string | ActionFailure {
    const value = fields.message_id;
    if (typeof value !== 'string' || value === '') return invalid('message_id', value, 'message_id is required');
    return value;
  }

  function recall(body: unknown): ActionResult {
    const fields = fieldsOf(body, ['message_id']);
    if (isFailure(fields)) return fields;
    const messageId = messageIdFrom(fields);
    if (isFailure(messageId)) return messageId;
    const entry = sentById.get(messageId);
    if (!entry) {
      return options.itemsOf(messageId)
        ? invalid('message_id', messageId, 'only messages sent through /sandbox/v1/send can be recalled (the fixtures stay as they are)')
        : { ok: false, code: 230001, msg: `Your request contains an invalid request parameter, ext=invalid message_id: ${messageId}` };
    }
    const message = entry[0]!;
    if (message.deleted) return { ok: false, code: 230110 };
    const now = String(clock.now());
    // As the platform shows a recalled message: the flag, and the bare text in place of the content.
    const recalled: ApiMessage = { ...message, deleted: true, update_time: now, body: { content: 'This message was recalled' } };
    entry[0] = recalled;
    changes += 1;
    const list = sentByChat.get(message.chat_id!)!;
    list[list.indexOf(message)] = recalled;
    const eventId = push(
      eventOf('im.message.recalled_v1', {
        message_id: messageId,
        chat_id: message.chat_id,
        recall_time: now,
        recall_type: 'message_owner',
      }),
    );
    return { ok: true, body: { message_id: messageId, event_id: eventId } };
  }

  function react(body: unknown): ActionResult {
    const fields = fieldsOf(body, ['message_id', 'emoji_type']);
    if (isFailure(fields)) return fields;
    const messageId = messageIdFrom(fields);
    if (isFailure(messageId)) return messageId;
    const emoji = fields.emoji_type ?? 'THUMBSUP';
    if (typeof emoji !== 'string' || !/^[A-Za-z0-9_]{1,64}$/.test(emoji)) {
      return invalid('emoji_type', emoji, 'emoji_type is optional: an emoji type such as THUMBSUP, SMILE or DONE');
    }
    const item = options.itemsOf(messageId)?.[0];
    if (!item)
      return { ok: false, code: 230001, msg: `Your request contains an invalid request parameter, ext=invalid message_id: ${messageId}` };
    const chat = item.chat_id === undefined ? undefined : chats.get(item.chat_id);
    if (!chat?.botIsMember) return { ok: false, code: 230002, msg: 'The bot can not be outside the group: it would receive no event.' };
    if (item.deleted) return { ok: false, code: 230110 };
    const list = reactions.get(messageId) ?? [];
    const now = String(clock.now());
    const reaction: SandboxReaction = {
      reaction_id: `ZCaCIjUBVVWSrm5L-5e4d${(list.length + 1).toString(36).padStart(4, '0')}`,
      operator: { operator_id: SANDBOX_ACTOR.open_id, operator_type: 'user' },
      action_time: now,
      reaction_type: { emoji_type: emoji },
    };
    list.push(reaction);
    reactions.set(messageId, list);
    const eventId = push(
      eventOf('im.message.reaction.created_v1', {
        message_id: messageId,
        reaction_type: { emoji_type: emoji },
        operator_type: 'user',
        user_id: actorIds,
        action_time: now,
      }),
    );
    return { ok: true, body: { reaction_id: reaction.reaction_id, event_id: eventId } };
  }

  function burst(body: unknown): ActionResult {
    const fields = fieldsOf(body, ['rate', 'seconds', 'chat_id', 'text']);
    if (isFailure(fields)) return fields;
    const rate = positiveInteger(fields, 'rate', MAX_BURST_RATE);
    if (isFailure(rate)) return rate;
    const seconds = positiveInteger(fields, 'seconds', MAX_BURST_SECONDS);
    if (isFailure(seconds)) return seconds;
    const total = rate * seconds;
    if (total > MAX_BURST_EVENTS) return invalid('seconds', seconds, `a burst is at most ${MAX_BURST_EVENTS} events (rate × seconds)`);
    const chat = chatFor(fields.chat_id);
    if (isFailure(chat)) return chat;
    const text = textFrom(fields.text, false);
    if (isFailure(text)) return text;
    const start = clock.now();
    let sent = 0;
    let cancel: () => void = () => undefined;
    const stop = () => cancel();
    // Each message at its own time from the start, so a late timer does not push the rest later.
    const tick = () => {
      const due = Math.min(total, Math.floor(((clock.now() - start) * rate) / 1000) + 1);
      while (sent < due) {
        sent += 1;
        sendText(chat, `${text ?? 'Burst message'} ${sent}/${total}`);
      }
      if (sent >= total) {
        bursts.delete(stop);
        return;
      }
      cancel = clock.after(Math.max(0, start + (sent * 1000) / rate - clock.now()), tick);
    };
    bursts.add(stop);
    tick();
    return { ok: true, body: { events: total, ends_at: String(start + ((total - 1) * 1000) / rate) } };
  }

  return {
    run(path, body) {
      switch (path) {
        case 'send':
          return send(body);
        case 'recall':
          return recall(body);
        case 'react':
          return react(body);
        case 'burst':
          return burst(body);
        default:
          return { ok: false, code: 404, msg: `the sandbox has no route ${USER_ACTIONS_PREFIX}${path}: send, recall, react, burst` };
      }
    },
    sentIn: (chatId) => sentByChat.get(chatId) ?? [],
    sentMessage: (messageId) => sentById.get(messageId),
    addedReactions: (messageId) => reactions.get(messageId) ?? [],
    stopBursts() {
      for (const stop of [...bursts]) stop();
      bursts.clear();
    },
    get changes() {
      return changes;
    },
  };
}
