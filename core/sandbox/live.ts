/**
 * The sandbox's long connection (shared/FEISHU.md, "Events over the long connection"): the
 * endpoint that hands out a socket URL, and the server end of each socket. It answers pings with
 * the client configuration, pushes each event to ONE of the app's connections as data frames
 * (in fragments above a size), sends it again when no acknowledgement comes within 3 s, and drops
 * a connection now and then when faults are on. Everything runs on the sandbox's clock.
 *
 * It speaks over any EventSocket: `ws` sockets from `inspector sandbox`, or the in-memory pair the
 * in-process sandbox hands out.
 */

import type { Clock } from '../base/ports';
import { decodeFrame, encodeFrame, FRAME_METHOD, header, type Frame } from '../events/frame';
import { ENDPOINT_CODES } from '../events/endpoint';
import type { EventSocket } from '../events/socket';
import { isSandboxAppId, SANDBOX_APP_SECRET } from './apps';

export const WS_ENDPOINT_PATH = '/callback/ws/endpoint';
/** Where the socket URLs point, on the host the endpoint was asked on. */
export const WS_CONNECT_PATH = '/ws/v2';

/** What the endpoint and every pong carry, in seconds; ReconnectCount -1 is "forever". */
export interface ClientConfig {
  PingInterval: number;
  ReconnectCount: number;
  ReconnectInterval: number;
  ReconnectNonce: number;
}

/** The platform's own figures (and the official SDK's defaults). */
export const PLATFORM_CLIENT_CONFIG: ClientConfig = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 120, ReconnectNonce: 30 };

const ENDPOINT_MESSAGES: Record<number, string> = {
  [ENDPOINT_CODES.busy]: 'system busy',
  [ENDPOINT_CODES.forbidden]: 'forbidden: the app may not use the long connection',
  [ENDPOINT_CODES.authFailed]: 'auth failed: app_id or app_secret wrong',
  [ENDPOINT_CODES.internal]: 'internal error, try again',
  [ENDPOINT_CODES.tooManyConnections]: 'exceed connection limit: the app has 50 connections open',
};

/** The platform sends an event again when its acknowledgement has not come back in this long. */
export const ACK_TIMEOUT_MS = 3000;
/** Sends of one event, the first and its resends, before the sandbox gives up on it. */
export const MAX_DELIVERIES = 6;
/** How long an event waits for a connection when the app has none open. */
export const EVENT_HOLD_MS = 5 * 60_000;
/** An app's connections at most (FEISHU.md). */
export const MAX_CONNECTIONS = 50;
/** How long a socket URL from the endpoint can be used. */
export const TICKET_LIFETIME_MS = 60 * 60_000;
/** A payload longer than this goes out in fragments. */
export const FRAGMENT_BYTES = 32 * 1024;

export interface LiveSettings {
  /** What the endpoint and the pongs tell clients. */
  clientConfig: ClientConfig;
  /** Payloads longer than this many bytes are split into fragments. */
  fragmentBytes: number;
  /** Test hook: every event in this many fragments (at most one a byte), whatever its size. */
  forceFragments?: number;
  /** Test hook: an event's fragments go out last first. */
  fragmentsReversed: boolean;
  /**
   * Every connection is dropped this long after it opens. Without it connections are dropped
   * only while faults are on, each after a random 10 to 60 s.
   */
  dropEveryMs?: number;
}

export const DEFAULT_LIVE_SETTINGS: LiveSettings = {
  clientConfig: PLATFORM_CLIENT_CONFIG,
  fragmentBytes: FRAGMENT_BYTES,
  fragmentsReversed: false,
};

/** A schema-2.0 event as the platform pushes it; `header.app_id` is filled in for the connection it goes to. */
export interface PushedEvent {
  schema: '2.0';
  header: { event_id: string; event_type: string; create_time: string; token: string; app_id: string; tenant_key: string };
  event: Record<string, unknown>;
}

/** Whether a WebSocket upgrade to this URL may go ahead; a refusal carries the platform's handshake headers. */
export type SocketAdmission =
  | { ok: true; attach(socket: EventSocket): void }
  | {
      ok: false;
      /** The HTTP status of the refused upgrade. */
      status: number;
      /** `Handshake-Status`, `Handshake-Msg` and, when there is one, `Handshake-Autherrcode`. */
      headers: Record<string, string>;
      message: string;
    };

export interface LiveStats {
  endpointRequests: number;
  connectionsOpened: number;
  connectionsDropped: number;
  pings: number;
  eventsPushed: number;
  /** Sends of an event, first or again (a fragmented event counts once). */
  deliveries: number;
  resends: number;
  acknowledged: number;
  /** Acknowledgements whose payload was not `{"code":200}`: the event is sent again. */
  failedAcks: number;
  /** Events given up: too many sends without an acknowledgement, or no connection for too long. */
  expired: number;
  /** Frames that did not decode. */
  badFrames: number;
}

export interface LiveHubOptions {
  clock: Clock;
  random: () => number;
  /** Whether faults are on at the moment. */
  faultsOn: () => boolean;
  settings?: Partial<LiveSettings>;
}

interface Ticket {
  appId: string;
  deviceId: string;
  serviceId: string;
  expiresAt: number;
}

interface Connection {
  connectionId: number;
  appId: string;
  serviceId: number;
  socket: EventSocket;
  nextSeq: number;
  open: boolean;
  cancelDrop?: () => void;
}

interface Pending {
  frameMessageId: string;
  traceId: string;
  event: PushedEvent;
  deliveries: number;
  cancelTimer?: () => void;
}

const hex = (random: () => number, digits: number): string => {
  let out = '';
  while (out.length < digits)
    out += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, digits);
};

export interface LiveHub {
  /** POST /callback/ws/endpoint: `{code, msg, data: {URL, ClientConfig}}`, the socket URL on `requestUrl`'s host. */
  endpoint(request: Request): Promise<Response>;
  /** A WebSocket upgrade to `url`: refused, or how to attach the server end of the socket. */
  admitSocket(url: string): SocketAdmission;
  /** Pushes an event to one of the sandbox app's connections (or holds it until one opens). */
  push(event: PushedEvent): void;
  readonly stats: LiveStats;
  /** How many connections are open. */
  readonly connections: number;
  readonly settings: LiveSettings;
  setSettings(settings: Partial<LiveSettings>): void;
  /** Faults turned on or off: the drop timers are set again. */
  faultsChanged(): void;
  /** Cuts every open connection now (1006), as the platform's side going away would; answers how many. */
  dropAll(): number;
}

export function createLiveHub(options: LiveHubOptions): LiveHub {
  const { clock, random } = options;
  let settings: LiveSettings = { ...DEFAULT_LIVE_SETTINGS, ...options.settings };
  const tickets = new Map<string, Ticket>();
  const connections: Connection[] = [];
  const pending = new Map<string, Pending>();
  /** Events with nowhere to go, oldest first, each with the timer that gives up on it. */
  const waiting = new Map<Pending, () => void>();
  const flakyCounts = new Map<string, number>();
  let connectionSequence = 0;
  let logSequence = 0;
  const stats: LiveStats = {
    endpointRequests: 0,
    connectionsOpened: 0,
    connectionsDropped: 0,
    pings: 0,
    eventsPushed: 0,
    deliveries: 0,
    resends: 0,
    acknowledged: 0,
    failedAcks: 0,
    expired: 0,
    badFrames: 0,
  };

  const answer = (code: number, data?: unknown) =>
    new Response(JSON.stringify({ code, msg: code === 0 ? 'ok' : ENDPOINT_MESSAGES[code], ...(data ? { data } : {}) }), {
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });

  /** The code the endpoint answers for these credentials: `cli_error_<code>` always fails, `cli_flaky_<code>` every other time. */
  function endpointCodeFor(appId: unknown, appSecret: unknown): number {
    const special = typeof appId === 'string' ? /^cli_(error|flaky)_(\d+)$/.exec(appId) : null;
    const code = special ? Number(special[2]) : undefined;
    if (special && code !== undefined && code in ENDPOINT_MESSAGES) {
      if (special[1] === 'error') return code;
      const count = (flakyCounts.get(appId as string) ?? 0) + 1;
      flakyCounts.set(appId as string, count);
      if (count % 2 === 1) return code;
    } else if (!isSandboxAppId(appId)) {
      return ENDPOINT_CODES.authFailed;
    }
    if (appSecret !== SANDBOX_APP_SECRET) return ENDPOINT_CODES.authFailed;
    if (connections.length >= MAX_CONNECTIONS) return ENDPOINT_CODES.tooManyConnections;
    return ENDPOINT_CODES.ok;
  }

  async function endpoint(request: Request): Promise<Response> {
    stats.endpointRequests += 1;
    let body: { AppID?: unknown; AppSecret?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return new Response(JSON.stringify({ code: 9499, msg: 'Bad Request: the body is not JSON' }), {
        status: 400,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    }
    const code = endpointCodeFor(body?.AppID, body?.AppSecret);
    if (code !== ENDPOINT_CODES.ok) return answer(code);
    const now = clock.now();
    for (const [held, ticket] of tickets) if (ticket.expiresAt <= now) tickets.delete(held);
    const ticket: Ticket = {
      appId: body.AppID as string,
      deviceId: String(7_000_000_000_000_000_000n + BigInt(Math.floor(random() * 1e15))),
      serviceId: String(33_554_000 + Math.floor(random() * 1000)),
      expiresAt: now + TICKET_LIFETIME_MS,
    };
    const key = hex(random, 32);
    tickets.set(key, ticket);
    const origin = new URL(request.url);
    const scheme = origin.protocol === 'https:' ? 'wss:' : 'ws:';
    // device_id is not the first parameter: the official SDK reads the query with qs over the whole URL.
    const query = new URLSearchParams({
      fpid: '493',
      aid: '552564',
      device_id: ticket.deviceId,
      access_key: hex(random, 32),
      service_id: ticket.serviceId,
      ticket: key,
    });
    return answer(ENDPOINT_CODES.ok, { URL: `${scheme}//${origin.host}${WS_CONNECT_PATH}?${query}`, ClientConfig: settings.clientConfig });
  }

  const refuse = (status: number, handshakeStatus: number, message: string, authErrCode?: number): SocketAdmission => ({
    ok: false,
    status,
    headers: {
      'Handshake-Status': String(handshakeStatus),
      'Handshake-Msg': message,
      ...(authErrCode !== undefined ? { 'Handshake-Autherrcode': String(authErrCode) } : {}),
    },
    message,
  });

  function admitSocket(url: string): SocketAdmission {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return refuse(400, 400, 'not a URL');
    }
    if (parsed.pathname !== WS_CONNECT_PATH) return refuse(404, 404, `the sandbox has no socket at ${parsed.pathname}`);
    const ticket = tickets.get(parsed.searchParams.get('ticket') ?? '');
    const params = parsed.searchParams;
    if (
      !ticket ||
      ticket.expiresAt <= clock.now() ||
      params.get('device_id') !== ticket.deviceId ||
      params.get('service_id') !== ticket.serviceId
    ) {
      return refuse(403, ENDPOINT_CODES.authFailed, 'ticket invalid or expired: ask the endpoint for a new URL');
    }
    if (connections.length >= MAX_CONNECTIONS) {
      return refuse(
        403,
        ENDPOINT_CODES.authFailed,
        ENDPOINT_MESSAGES[ENDPOINT_CODES.tooManyConnections]!,
        ENDPOINT_CODES.tooManyConnections,
      );
    }
    return { ok: true, attach: (socket) => attach(socket, ticket) };
  }

  function attach(socket: EventSocket, ticket: Ticket): void {
    connectionSequence += 1;
    const connection: Connection = {
      connectionId: connectionSequence,
      appId: ticket.appId,
      serviceId: Number(ticket.serviceId),
      socket,
      nextSeq: 1,
      open: true,
    };
    connections.push(connection);
    stats.connectionsOpened += 1;
    socket.onMessage((data) => receive(connection, data));
    socket.onClose(() => forget(connection));
    scheduleDrop(connection);
    for (const [event, giveUp] of [...waiting]) {
      giveUp();
      waiting.delete(event);
      dispatch(event);
    }
  }

  function forget(connection: Connection): void {
    if (!connection.open) return;
    connection.open = false;
    connection.cancelDrop?.();
    connections.splice(connections.indexOf(connection), 1);
    // Events in flight on it are sent again when their 3 s are up, as the platform does.
  }

  function scheduleDrop(connection: Connection): void {
    connection.cancelDrop?.();
    connection.cancelDrop = undefined;
    const after = settings.dropEveryMs ?? (options.faultsOn() ? 10_000 + Math.floor(random() * 50_000) : undefined);
    if (after === undefined) return;
    connection.cancelDrop = clock.after(after, () => drop(connection));
  }

  function drop(connection: Connection): void {
    if (!connection.open) return;
    stats.connectionsDropped += 1;
    forget(connection);
    // 1006: cut, no close frame, as a client sees a dropped connection.
    connection.socket.close(1006, 'dropped by the sandbox');
  }

  function receive(connection: Connection, data: Uint8Array): void {
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch {
      stats.badFrames += 1;
      return;
    }
    if (frame.method === FRAME_METHOD.control && header(frame, 'type') === 'ping') {
      stats.pings += 1;
      send(connection, {
        seqId: frame.seqId,
        logId: frame.logId,
        service: frame.service,
        method: FRAME_METHOD.control,
        headers: [{ key: 'type', value: 'pong' }],
        payload: new TextEncoder().encode(JSON.stringify(settings.clientConfig)),
      });
      return;
    }
    if (frame.method === FRAME_METHOD.data && header(frame, 'biz_rt') !== undefined) acknowledge(frame);
  }

  function acknowledge(frame: Frame): void {
    const event = pending.get(header(frame, 'message_id') ?? '');
    // Late (after a resend was acknowledged, or after the sandbox gave up): nothing to do.
    if (!event) return;
    let code: unknown;
    try {
      code = (JSON.parse(new TextDecoder().decode(frame.payload ?? new Uint8Array())) as { code?: unknown }).code;
    } catch {
      code = undefined;
    }
    if (code !== 200) {
      stats.failedAcks += 1;
      return;
    }
    event.cancelTimer?.();
    pending.delete(event.frameMessageId);
    stats.acknowledged += 1;
  }

  function send(connection: Connection, frame: Frame): void {
    if (connection.open) connection.socket.send(encodeFrame(frame));
  }

  function dispatch(event: Pending): void {
    if (connections.length === 0) {
      waiting.set(
        event,
        clock.after(EVENT_HOLD_MS, () => {
          if (!waiting.delete(event)) return;
          pending.delete(event.frameMessageId);
          stats.expired += 1;
        }),
      );
      return;
    }
    const connection = connections[Math.floor(random() * connections.length)] ?? connections[0]!;
    event.deliveries += 1;
    stats.deliveries += 1;
    if (event.deliveries > 1) stats.resends += 1;
    const payload = new TextEncoder().encode(
      JSON.stringify({ ...event.event, header: { ...event.event.header, app_id: connection.appId } }),
    );
    const parts = fragmentsOf(payload);
    const frames = parts.map((part, seq) => ({
      seqId: String(connection.nextSeq++),
      logId: String((logSequence += 1)),
      service: connection.serviceId,
      method: FRAME_METHOD.data,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: event.frameMessageId },
        { key: 'sum', value: String(parts.length) },
        { key: 'seq', value: String(seq) },
        { key: 'trace_id', value: event.traceId },
      ],
      payload: part,
    }));
    if (settings.fragmentsReversed) frames.reverse();
    for (const frame of frames) send(connection, frame);
    event.cancelTimer = clock.after(ACK_TIMEOUT_MS, () => {
      event.cancelTimer = undefined;
      if (!pending.has(event.frameMessageId)) return;
      if (event.deliveries >= MAX_DELIVERIES) {
        pending.delete(event.frameMessageId);
        stats.expired += 1;
        return;
      }
      dispatch(event);
    });
  }

  /** The payload in near-equal parts, none empty. */
  function fragmentsOf(payload: Uint8Array): Uint8Array[] {
    const wanted = settings.forceFragments ?? Math.ceil(payload.length / Math.max(1, settings.fragmentBytes));
    const count = Math.max(1, Math.min(payload.length, wanted));
    return Array.from({ length: count }, (_, i) =>
      payload.subarray(Math.floor((i * payload.length) / count), Math.floor(((i + 1) * payload.length) / count)),
    );
  }

  return {
    endpoint,
    admitSocket,
    push(event) {
      stats.eventsPushed += 1;
      const entry: Pending = { frameMessageId: crypto.randomUUID(), traceId: hex(random, 16), event, deliveries: 0 };
      pending.set(entry.frameMessageId, entry);
      dispatch(entry);
    },
    stats,
    get connections() {
      return connections.length;
    },
    get settings() {
      return settings;
    },
    setSettings(next) {
      settings = { ...settings, ...next };
      for (const connection of connections) scheduleDrop(connection);
    },
    faultsChanged() {
      for (const connection of connections) scheduleDrop(connection);
    },
    dropAll() {
      const open = [...connections];
      for (const connection of open) drop(connection);
      return open.length;
    },
  };
}
