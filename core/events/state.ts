/**
 * What a long connection tells whoever shows it (the Live view, `inspector tail`): its state, the
 * events it received, and its log. Plain values, so that they cross the bridge to the page as
 * they are.
 */

import type { FeishuFailure } from '../feishu/types';
import type { ClientConfig } from './config';

/** Why a connection that was live is being replaced. */
export type ReconnectCause =
  /** The socket ended (the server closed it, the network dropped it). */
  | { kind: 'dropped'; code: number; reason: string; error?: string }
  /** Nothing came back for a whole ping interval after a ping: the socket was presumed dead and closed. */
  | { kind: 'no_pong'; silentMs: number }
  /** The last attempt failed (the endpoint or the handshake), in a way worth retrying. */
  | { kind: 'failed'; failure: FeishuFailure };

export type StopReason =
  /** stop() was called. */
  | { why: 'asked' }
  /** The platform refused in a way retrying cannot change: an endpoint code (403, 1000040350, …) or HTTP answer, a handshake refusal. */
  | { why: 'refused'; failure: FeishuFailure }
  /** The endpoint did not accept the App ID and App Secret (514). */
  | { why: 'auth_failed'; failure: FeishuFailure }
  /** ReconnectCount attempts failed in a row; `failure` is the last one's. */
  | { why: 'gave_up'; attempts: number; failure?: FeishuFailure }
  /** A fault of the client itself. */
  | { why: 'error'; message: string };

export type ConnectionState =
  | { status: 'idle' }
  /** Asking for the endpoint, then opening the socket. `attempt` 0 is the first connection; k ≥ 1 the k-th reconnect attempt. */
  | { status: 'connecting'; since: number; attempt: number }
  | { status: 'live'; since: number; connection: number; address: string; serviceId: number }
  /** Waiting until `at` (`delayMs` from when it was decided) before attempt `attempt` of `of` (null: no limit). */
  | { status: 'reconnecting'; attempt: number; of: number | null; at: number; delayMs: number; cause: ReconnectCause }
  | { status: 'stopped'; at: number; reason: StopReason };

export type ConnectionStatus = ConnectionState['status'];

/** The data frame an event came in (the one that completed it, when it came in fragments). */
export interface EventFrame {
  /** The frame's `type` header: `event`, or `card` for card callbacks. */
  type: string;
  messageId: string;
  traceId?: string;
  /** How many fragments the event came in. */
  sum: number;
  seqId: string;
  logId: string;
}

export interface ReceivedEvent {
  /** 1, 2, … in order of arrival over the client's life, duplicates included. */
  seq: number;
  /** Which live connection carried it (1 for the first, counting reconnections). */
  connection: number;
  /** When the frame that completed it arrived (epoch ms). */
  receivedAt: number;
  /** When that frame's acknowledgement was sent: `acknowledgedAt - receivedAt` is push to acknowledgement. */
  acknowledgedAt: number;
  frame: EventFrame;
  /** The payload as it came: the event's JSON text. */
  raw: string;
  /** `raw` parsed, when it is JSON. */
  body?: unknown;
  /** Why `raw` is not an event, when it is not JSON. */
  parseError?: string;
  /** `header.event_id` (schema 2.0), or `uuid` (1.0). */
  eventId?: string;
  /** `header.event_type` (2.0), or `event.type` (1.0). */
  eventType?: string;
  /** `header.create_time`: when the platform made the event (epoch ms). */
  createdAt?: number;
  /** Its event_id came before: the platform delivered it again. */
  duplicate: boolean;
  /** The `seq` of the first event with this event_id, when `duplicate`. */
  duplicateOf?: number;
}

/**
 * What was wrong with a frame, as a code and its values (the log says it in the reader's
 * language); `detail` is the text of the error that was thrown, as it came.
 */
export type FrameProblem =
  /** Not a frame at all: protobuf could not decode it, or a required field was missing. */
  | { code: 'unreadable'; detail: string }
  /** A data frame whose `type` header is neither `event` nor `card`. */
  | { code: 'unknown_type'; type: string }
  /** A fragment numbered outside its message (`seq` not within 0…sum-1, or `sum` below 1). */
  | { code: 'misplaced_fragment'; seq: number; sum: number }
  /** A fragment whose `sum` differs from the first fragment's of the same message. */
  | { code: 'fragment_count'; seq: number; sum: number; firstSum: number }
  | { code: 'pong_not_json'; detail: string }
  /** The socket refused a frame we sent (a ping, an acknowledgement): it is ending. */
  | { code: 'send_failed'; detail: string };

/** One line of the connection log. */
export type ConnectionLogEntry = { at: number } & (
  | { kind: 'endpoint'; serviceId: number; config: ClientConfig; durationMs: number }
  | { kind: 'connected'; connection: number; attempt: number; address: string; serviceId: number; durationMs: number }
  /** An attempt (endpoint or handshake) failed; `then` says what comes of it. */
  | { kind: 'failed'; attempt: number; failure: FeishuFailure; then: 'retry' | 'stop' }
  | { kind: 'ping'; connection: number }
  /** `roundTripMs` from the last ping; `config` when the pong changed it. */
  | { kind: 'pong'; connection: number; roundTripMs?: number; config?: ClientConfig }
  | { kind: 'dropped'; connection: number; cause: ReconnectCause; liveMs: number }
  | { kind: 'reconnect'; attempt: number; of: number | null; delayMs: number }
  | { kind: 'duplicate'; seq: number; eventId: string; firstSeq: number }
  /** A message given up with fragments missing: its event is lost to this client. */
  | { kind: 'incomplete'; messageId: string; traceId?: string; got: number; sum: number; why: 'ttl' | 'evicted' }
  /** A frame that could not be read or placed (not a frame, a fragment that fits nowhere, a pong that is not JSON), or not sent. */
  | { kind: 'bad_frame'; connection: number; problem: FrameProblem; messageId?: string }
  | { kind: 'listener_failed'; error: string }
  | { kind: 'stopped'; reason: StopReason }
);

export type ConnectionLogKind = ConnectionLogEntry['kind'];

/** Counts over the client's life: what `inspector tail` sums up on Ctrl+C. */
export interface ConnectionStats {
  /** Events received, duplicates included. */
  events: number;
  duplicates: number;
  /** Connections that went live (the first included). */
  connects: number;
  /** Live connections lost (drops, and sockets presumed dead). */
  drops: number;
  /** Connections that went live again after a drop or a failure. */
  reconnects: number;
  /** Messages given up with fragments missing. */
  incomplete: number;
  badFrames: number;
}
