/**
 * The event long connection, as a bot has it: ask for an endpoint, open the WebSocket there, ping
 * at the configured interval, join fragments, acknowledge every data frame at once (before
 * anything else is done with it: the platform sends an event again when no acknowledgement comes
 * within 3 s), mark events delivered twice, and reconnect after a drop as the platform's
 * ClientConfig says. It runs over ports (fetch, clock, a socket opener), so the same code talks
 * to the platform, to `inspector sandbox` and to the in-process sandbox, under a fake clock in
 * tests.
 *
 * One instance is one run: start() once, stop() (or a failure) ends it for good.
 */

import type { Clock, FetchLike } from '../base/ports';
import type { FeishuFailure } from '../feishu/types';
import { DEFAULT_CLIENT_CONFIG, readClientConfig, sameClientConfig, type ClientConfig } from './config';
import { describeError, ENDPOINT_CODES, handshakeFailure, requestEndpoint, socketAddress, type Endpoint } from './endpoint';
import { untilAborted } from '../base/abort';
import { FragmentJoiner } from './fragments';
import { decodeFrame, encodeFrame, FRAME_METHOD, header, type Frame } from './frame';
import { SeenEvents } from './seen';
import type { EventSocket, SocketOpener } from './socket';
import type {
  ConnectionLogEntry,
  ConnectionState,
  ConnectionStats,
  EventFrame,
  FrameProblem,
  ReceivedEvent,
  ReconnectCause,
  StopReason,
} from './state';

export interface LongConnectionLimits {
  /** The endpoint request is abandoned (and retried) after this long. */
  endpointTimeoutMs: number;
  /** The WebSocket handshake likewise. */
  handshakeTimeoutMs: number;
  /** A message whose fragments have not all come after this long is given up (and logged). */
  fragmentTtlMs: number;
  /** How many event_ids are remembered to mark duplicates. */
  seenEventIds: number;
  /** How many entries the connection log keeps (listeners see every one). */
  logEntries: number;
}

export const DEFAULT_LIMITS: LongConnectionLimits = {
  endpointTimeoutMs: 15_000,
  handshakeTimeoutMs: 15_000,
  fragmentTtlMs: 10_000,
  seenEventIds: 50_000,
  logEntries: 2_000,
};

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  /** `https://open.feishu.cn`, `https://open.larksuite.com`, or a sandbox's base URL. */
  baseUrl: string;
  fetch: FetchLike;
  clock: Clock;
  openSocket: SocketOpener;
  /** For the reconnect nonce; injectable so tests are deterministic. */
  random?: () => number;
  limits?: Partial<LongConnectionLimits>;
}

const ACK_PAYLOAD = new TextEncoder().encode(JSON.stringify({ code: 200 }));
const UTF8 = new TextDecoder();
const EVENT_FRAME_TYPES: ReadonlySet<string> = new Set(['event', 'card']);

/** The socket of one live connection, and what goes with it. */
interface Live {
  connection: number;
  socket: EventSocket;
  serviceId: number;
  since: number;
  lastPingAt?: number;
  /** Set by a ping, cleared by anything that comes back: still set at the next ping, the socket is presumed dead. */
  awaitingSince?: number;
  cancelPing: () => void;
  /** Ends this connection's part (timers, listeners); `cause` when it dropped rather than being stopped. */
  end: (cause?: ReconnectCause) => void;
}

type Opened = { ok: true; socket: EventSocket; endpoint: Endpoint; startedAt: number } | { ok: false; failure: FeishuFailure };

export class LongConnection {
  private readonly opts: LongConnectionOptions;
  private readonly limits: LongConnectionLimits;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly run = new AbortController();
  private current: ConnectionState = { status: 'idle' };
  private clientConfig: ClientConfig = DEFAULT_CLIENT_CONFIG;
  private live: Live | undefined;
  private readonly fragments: FragmentJoiner;
  private readonly seen: SeenEvents;
  private readonly log: ConnectionLogEntry[] = [];
  private readonly counts: ConnectionStats = {
    events: 0,
    duplicates: 0,
    connects: 0,
    drops: 0,
    reconnects: 0,
    incomplete: 0,
    badFrames: 0,
  };
  private eventSeq = 0;
  private connectionSeq = 0;
  private readonly eventListeners = new Set<(event: ReceivedEvent) => void>();
  private readonly stateListeners = new Set<(state: ConnectionState) => void>();
  private readonly logListeners = new Set<(entry: ConnectionLogEntry) => void>();

  constructor(options: LongConnectionOptions) {
    this.opts = options;
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.seen = new SeenEvents(this.limits.seenEventIds);
    this.fragments = new FragmentJoiner(this.clock, this.limits.fragmentTtlMs, (message) => {
      this.counts.incomplete += 1;
      const { messageId, traceId, got, sum, why } = message;
      this.addLog({ kind: 'incomplete', messageId, got, sum, why, ...(traceId !== undefined ? { traceId } : {}) });
    });
  }

  get state(): ConnectionState {
    return this.current;
  }

  /** The ClientConfig in force: the defaults, then the endpoint's, then each pong's. */
  get config(): ClientConfig {
    return this.clientConfig;
  }

  get stats(): ConnectionStats {
    return { ...this.counts };
  }

  /** The latest entries of the connection log, oldest first. */
  connectionLog(): readonly ConnectionLogEntry[] {
    return [...this.log];
  }

  /** Each event, after its acknowledgement was sent. Returns the unsubscribe. */
  onEvent(listener: (event: ReceivedEvent) => void): () => void {
    return subscribe(this.eventListeners, listener);
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    return subscribe(this.stateListeners, listener);
  }

  onLog(listener: (entry: ConnectionLogEntry) => void): () => void {
    return subscribe(this.logListeners, listener);
  }

  start(): void {
    if (this.current.status !== 'idle') throw new Error('a LongConnection starts once: make a new one');
    this.loop().catch((error: unknown) => {
      if (!this.run.signal.aborted) this.finish({ why: 'error', message: describeError(error) });
    });
  }

  /** Ends everything at once: the socket, every timer, any attempt under way. */
  stop(): void {
    this.finish({ why: 'asked' });
  }

  private async loop(): Promise<void> {
    const { signal } = this.run;
    let attempt = 0;
    for (;;) {
      this.setState({ status: 'connecting', since: this.clock.now(), attempt });
      const opened = await this.open(signal);
      let cause: ReconnectCause;
      let lastFailure: FeishuFailure | undefined;
      if (opened.ok) {
        if (attempt > 0) this.counts.reconnects += 1;
        this.counts.connects += 1;
        const dropped = await this.hold(opened, attempt, signal);
        if (!dropped) return;
        cause = dropped;
        attempt = 0;
      } else {
        const fatal = stopReasonFor(opened.failure);
        const giveUp = !fatal && this.exhausted(attempt + 1);
        this.addLog({ kind: 'failed', attempt, failure: opened.failure, then: fatal || giveUp ? 'stop' : 'retry' });
        if (fatal) return this.finish(fatal);
        cause = { kind: 'failed', failure: opened.failure };
        lastFailure = opened.failure;
      }
      const next = attempt + 1;
      if (this.exhausted(next)) return this.finish({ why: 'gave_up', attempts: attempt, ...(lastFailure ? { failure: lastFailure } : {}) });
      // The nonce spreads the first attempt of clients dropped together; the interval paces the rest.
      const delayMs = next === 1 ? Math.floor(this.random() * this.clientConfig.reconnectNonceMs) : this.clientConfig.reconnectIntervalMs;
      const of = this.clientConfig.reconnectCount < 0 ? null : this.clientConfig.reconnectCount;
      this.setState({ status: 'reconnecting', attempt: next, of, at: this.clock.now() + delayMs, delayMs, cause });
      this.addLog({ kind: 'reconnect', attempt: next, of, delayMs });
      if (!(await this.wait(delayMs, signal))) return;
      attempt = next;
    }
  }

  /** Attempt `attempt` would pass ReconnectCount. */
  private exhausted(attempt: number): boolean {
    const count = this.clientConfig.reconnectCount;
    return count >= 0 && attempt > count;
  }

  /** The endpoint, then the handshake. Throws only when stopped. */
  private async open(signal: AbortSignal): Promise<Opened> {
    const startedAt = this.clock.now();
    const outcome = await requestEndpoint({
      baseUrl: this.opts.baseUrl,
      appId: this.opts.appId,
      appSecret: this.opts.appSecret,
      fetch: this.opts.fetch,
      clock: this.clock,
      config: this.clientConfig,
      timeoutMs: this.limits.endpointTimeoutMs,
      signal,
    });
    if (!outcome.ok) return outcome;
    const { endpoint } = outcome;
    this.clientConfig = endpoint.config;
    this.addLog({ kind: 'endpoint', serviceId: endpoint.serviceId, config: endpoint.config, durationMs: this.clock.now() - startedAt });

    const controller = new AbortController();
    let timedOut = false;
    const cancelTimer = this.clock.after(this.limits.handshakeTimeoutMs, () => {
      timedOut = true;
      controller.abort(new Error('handshake timeout'));
    });
    const forwardAbort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', forwardAbort, { once: true });
    const opening = this.opts.openSocket(endpoint.url, { signal: controller.signal });
    try {
      const socket = await untilAborted(opening, controller.signal);
      return { ok: true, socket, endpoint, startedAt };
    } catch (error) {
      // An opener that ignores the signal may still deliver a socket nobody wants.
      opening.then(
        (late) => late.close(1000, 'abandoned'),
        () => undefined,
      );
      if (signal.aborted) throw signal.reason;
      return { ok: false, failure: handshakeFailure(error, timedOut, this.limits.handshakeTimeoutMs) };
    } finally {
      cancelTimer();
      signal.removeEventListener('abort', forwardAbort);
    }
  }

  /** Runs a live connection until it drops (the cause) or the client stops (undefined). */
  private hold(opened: Extract<Opened, { ok: true }>, attempt: number, signal: AbortSignal): Promise<ReconnectCause | undefined> {
    const { socket, endpoint } = opened;
    if (signal.aborted) {
      socket.close(1000, 'stopped');
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => {
      let ended = false;
      const live: Live = {
        connection: ++this.connectionSeq,
        socket,
        serviceId: endpoint.serviceId,
        since: this.clock.now(),
        cancelPing: () => undefined,
        end: (cause) => {
          if (ended) return;
          ended = true;
          live.cancelPing();
          signal.removeEventListener('abort', onAbort);
          if (this.live === live) this.live = undefined;
          if (cause) {
            this.counts.drops += 1;
            this.addLog({ kind: 'dropped', connection: live.connection, cause, liveMs: this.clock.now() - live.since });
          }
          resolve(cause);
        },
      };
      const onAbort = () => live.end();
      signal.addEventListener('abort', onAbort, { once: true });
      this.live = live;
      socket.onMessage((data) => {
        if (!ended) this.receive(live, data);
      });
      const address = socketAddress(endpoint.url);
      this.setState({ status: 'live', since: live.since, connection: live.connection, address, serviceId: endpoint.serviceId });
      this.addLog({
        kind: 'connected',
        connection: live.connection,
        attempt,
        address,
        serviceId: endpoint.serviceId,
        durationMs: live.since - opened.startedAt,
      });
      socket.onClose((close) =>
        live.end({ kind: 'dropped', code: close.code, reason: close.reason, ...(close.error !== undefined ? { error: close.error } : {}) }),
      );
      if (!ended) this.ping(live);
    });
  }

  private ping(live: Live): void {
    const now = this.clock.now();
    if (live.awaitingSince !== undefined) {
      // A whole ping interval without a pong, an event or anything: a zombie socket, which the platform no longer writes to.
      live.end({ kind: 'no_pong', silentMs: now - live.awaitingSince });
      live.socket.close(4000, 'no pong');
      return;
    }
    this.send(live, {
      seqId: '0',
      logId: '0',
      service: live.serviceId,
      method: FRAME_METHOD.control,
      headers: [{ key: 'type', value: 'ping' }],
    });
    live.lastPingAt = now;
    live.awaitingSince = now;
    this.addLog({ kind: 'ping', connection: live.connection });
    this.schedulePing(live, this.clientConfig.pingIntervalMs);
  }

  private schedulePing(live: Live, delayMs: number): void {
    live.cancelPing();
    live.cancelPing = this.clock.after(Math.max(0, delayMs), () => this.ping(live));
  }

  private receive(live: Live, data: Uint8Array): void {
    const receivedAt = this.clock.now();
    let frame: Frame;
    try {
      frame = decodeFrame(data);
    } catch (error) {
      this.badFrame(live, { code: 'unreadable', detail: describeError(error) });
      return;
    }
    live.awaitingSince = undefined;
    if (frame.method === FRAME_METHOD.data) {
      // Before anything else is done with it, however it turns out.
      const acknowledgedAt = this.acknowledge(live, frame, receivedAt);
      this.takeData(live, frame, receivedAt, acknowledgedAt);
    } else if (frame.method === FRAME_METHOD.control && header(frame, 'type') === 'pong') {
      this.takePong(live, frame, receivedAt);
    }
  }

  /** Sends the frame back with `biz_rt` and `{"code":200}`; returns when. */
  private acknowledge(live: Live, frame: Frame, receivedAt: number): number {
    const businessMs = this.clock.now() - receivedAt;
    this.send(live, { ...frame, headers: [...frame.headers, { key: 'biz_rt', value: String(businessMs) }], payload: ACK_PAYLOAD });
    return this.clock.now();
  }

  private takeData(live: Live, frame: Frame, receivedAt: number, acknowledgedAt: number): void {
    const type = header(frame, 'type') ?? '';
    const messageId = header(frame, 'message_id') ?? '';
    if (!EVENT_FRAME_TYPES.has(type)) {
      this.badFrame(live, { code: 'unknown_type', type }, messageId);
      return;
    }
    const traceId = header(frame, 'trace_id');
    const sum = Number(header(frame, 'sum') ?? '1');
    const joined = this.fragments.add({
      messageId,
      sum,
      seq: Number(header(frame, 'seq') ?? '0'),
      payload: frame.payload ?? new Uint8Array(0),
      ...(traceId !== undefined ? { traceId } : {}),
    });
    if (joined.status === 'invalid') this.badFrame(live, joined.problem, messageId);
    if (joined.status !== 'complete') return;
    const eventFrame: EventFrame = {
      type,
      messageId,
      sum,
      seqId: frame.seqId,
      logId: frame.logId,
      ...(traceId !== undefined ? { traceId } : {}),
    };
    this.deliver(live, eventFrame, joined.payload, receivedAt, acknowledgedAt);
  }

  private deliver(live: Live, frame: EventFrame, payload: Uint8Array, receivedAt: number, acknowledgedAt: number): void {
    const seq = ++this.eventSeq;
    const raw = UTF8.decode(payload);
    const event: ReceivedEvent = { seq, connection: live.connection, receivedAt, acknowledgedAt, frame, raw, duplicate: false };
    try {
      event.body = JSON.parse(raw) as unknown;
      Object.assign(event, eventHeader(event.body));
    } catch (error) {
      event.parseError = describeError(error);
    }
    this.counts.events += 1;
    if (event.eventId !== undefined) {
      const firstSeq = this.seen.check(event.eventId, seq);
      if (firstSeq !== undefined) {
        event.duplicate = true;
        event.duplicateOf = firstSeq;
        this.counts.duplicates += 1;
        this.addLog({ kind: 'duplicate', seq, eventId: event.eventId, firstSeq });
      }
    }
    this.emit(this.eventListeners, event);
  }

  private takePong(live: Live, frame: Frame, receivedAt: number): void {
    const roundTrip = live.lastPingAt !== undefined ? { roundTripMs: receivedAt - live.lastPingAt } : {};
    let fields: unknown;
    try {
      fields = JSON.parse(UTF8.decode(frame.payload ?? new Uint8Array(0)));
    } catch (error) {
      this.addLog({ kind: 'pong', connection: live.connection, ...roundTrip });
      this.badFrame(live, { code: 'pong_not_json', detail: describeError(error) });
      return;
    }
    const config = readClientConfig(fields, this.clientConfig);
    if (sameClientConfig(config, this.clientConfig)) {
      this.addLog({ kind: 'pong', connection: live.connection, ...roundTrip });
      return;
    }
    const intervalChanged = config.pingIntervalMs !== this.clientConfig.pingIntervalMs;
    this.clientConfig = config;
    // The next ping keeps to the new interval, counted from the last one.
    if (intervalChanged && live.lastPingAt !== undefined) {
      this.schedulePing(live, live.lastPingAt + config.pingIntervalMs - this.clock.now());
    }
    this.addLog({ kind: 'pong', connection: live.connection, ...roundTrip, config });
  }

  private badFrame(live: Live, problem: FrameProblem, messageId?: string): void {
    this.counts.badFrames += 1;
    this.addLog({ kind: 'bad_frame', connection: live.connection, problem, ...(messageId ? { messageId } : {}) });
  }

  private send(live: Live, frame: Frame): void {
    try {
      live.socket.send(encodeFrame(frame));
    } catch (error) {
      // A socket that cannot send is ending: its close says so, and the reconnect follows.
      this.addLog({ kind: 'bad_frame', connection: live.connection, problem: { code: 'send_failed', detail: describeError(error) } });
    }
  }

  private finish(reason: StopReason): void {
    if (this.current.status === 'stopped') return;
    const live = this.live;
    // The abort ends the live connection's part too (before its socket's close could be taken for a drop).
    this.run.abort(new Error('stopped'));
    live?.socket.close(1000, reason.why === 'asked' ? 'stopped' : reason.why);
    this.fragments.clear();
    this.addLog({ kind: 'stopped', reason });
    this.setState({ status: 'stopped', at: this.clock.now(), reason });
  }

  /** Waits `ms`; false when the client stopped meanwhile. */
  private wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (ms <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onAbort = () => {
        cancel();
        resolve(false);
      };
      const cancel = this.clock.after(ms, () => {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private setState(state: ConnectionState): void {
    this.current = state;
    this.emit(this.stateListeners, state);
  }

  private addLog(entry: DistributiveOmit<ConnectionLogEntry, 'at'>): void {
    const full = { at: this.clock.now(), ...entry } as ConnectionLogEntry;
    this.log.push(full);
    if (this.log.length > this.limits.logEntries) this.log.shift();
    // A failing log listener is not told of its own failure.
    this.emit(this.logListeners, full, false);
  }

  /** A listener that throws is logged, and the others still hear. */
  private emit<T>(listeners: ReadonlySet<(value: T) => void>, value: T, logFailures = true): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        if (logFailures) this.addLog({ kind: 'listener_failed', error: describeError(error) });
      }
    }
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** What a failed attempt means: a reason to stop, or undefined when it is worth retrying. */
export function stopReasonFor(failure: FeishuFailure): StopReason | undefined {
  if (failure.stage === 'event_socket') {
    const refused = failure.code === ENDPOINT_CODES.forbidden || failure.code === ENDPOINT_CODES.tooManyConnections;
    return refused ? { why: 'refused', failure } : undefined;
  }
  if (failure.kind === 'api') {
    if (failure.code === ENDPOINT_CODES.busy || failure.code === ENDPOINT_CODES.internal) return undefined;
    return failure.code === ENDPOINT_CODES.authFailed ? { why: 'auth_failed', failure } : { why: 'refused', failure };
  }
  const status = failure.httpStatus;
  const transient = failure.kind === 'timeout' || failure.kind === 'network' || status === 429 || (status !== undefined && status >= 500);
  return transient ? undefined : { why: 'refused', failure };
}

/** The ids an event carries in its header (schema 2.0) or at its top (1.0). */
function eventHeader(body: unknown): Pick<ReceivedEvent, 'eventId' | 'eventType' | 'createdAt'> {
  if (typeof body !== 'object' || body === null) return {};
  const { header: head, uuid, event } = body as { header?: unknown; uuid?: unknown; event?: unknown };
  const fields = typeof head === 'object' && head !== null ? (head as Record<string, unknown>) : {};
  const eventId = typeof fields.event_id === 'string' ? fields.event_id : typeof uuid === 'string' ? uuid : undefined;
  const legacyType = typeof event === 'object' && event !== null ? (event as { type?: unknown }).type : undefined;
  const eventType = typeof fields.event_type === 'string' ? fields.event_type : typeof legacyType === 'string' ? legacyType : undefined;
  const createdAt = Number(fields.create_time);
  return {
    ...(eventId !== undefined ? { eventId } : {}),
    ...(eventType !== undefined ? { eventType } : {}),
    ...(fields.create_time !== undefined && Number.isFinite(createdAt) ? { createdAt } : {}),
  };
}

function subscribe<T>(listeners: Set<T>, listener: T): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
