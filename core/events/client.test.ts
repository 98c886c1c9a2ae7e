import { describe, expect, it } from 'vitest';
import { explainFailure } from '../errors';
import { FakeClock } from '../testing/fake-clock';
import { LongConnection, type LongConnectionLimits } from './client';
import { decodeFrame, encodeFrame, FRAME_METHOD, header, type Frame } from './frame';
import { SocketOpenError, type EventSocket, type SocketClose, type SocketOpener } from './socket';
import type { ConnectionLogEntry, ConnectionState, ReceivedEvent } from './state';

// ---- An in-memory socket pair, and a fake platform on its server end ------------------------------

/** One end of an in-memory WebSocket: what one end sends, the other receives on a later turn, as over a network. */
class MemorySocket implements EventSocket {
  peer!: MemorySocket;
  ended: SocketClose | undefined;
  private readonly messageListeners: ((data: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((close: SocketClose) => void)[] = [];

  send(data: Uint8Array): void {
    if (this.ended) return;
    const copy = data.slice();
    queueMicrotask(() => {
      if (!this.peer.ended) for (const listener of this.peer.messageListeners) listener(copy);
    });
  }

  close(code = 1000, reason = ''): void {
    this.end({ code, reason });
  }

  /** The network goes: both ends learn it, without a close frame. */
  drop(): void {
    this.end({ code: 1006, reason: '' });
  }

  private end(close: SocketClose): void {
    if (this.ended) return;
    this.finish(close);
    queueMicrotask(() => this.peer.finish(close));
  }

  private finish(close: SocketClose): void {
    if (this.ended) return;
    this.ended = close;
    for (const listener of this.closeListeners) listener(close);
  }

  onMessage(listener: (data: Uint8Array) => void): void {
    this.messageListeners.push(listener);
  }

  onClose(listener: (close: SocketClose) => void): void {
    if (this.ended) listener(this.ended);
    else this.closeListeners.push(listener);
  }
}

const utf8 = new TextEncoder();
const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array(0));

/** The server's end of one connection: the frames it received, and ways to push some. */
class ServerConnection {
  readonly received: Frame[] = [];

  constructor(
    readonly socket: MemorySocket,
    private readonly platform: FakePlatform,
  ) {
    socket.onMessage((data) => {
      const frame = decodeFrame(data);
      this.received.push(frame);
      const pong = platform.pong;
      if (frame.method === FRAME_METHOD.control && header(frame, 'type') === 'ping' && pong) {
        this.push({ ...frame, headers: [{ key: 'type', value: 'pong' }], payload: utf8.encode(JSON.stringify(pong)) });
      }
    });
  }

  push(frame: Frame): void {
    this.socket.send(encodeFrame(frame));
  }

  /** An event's JSON in `sum` fragments (sent in `order`, which may repeat or skip some). */
  pushEvent(json: string, options: { messageId: string; sum?: number; order?: number[]; traceId?: string }): void {
    const sum = options.sum ?? 1;
    const bytes = utf8.encode(json);
    const size = Math.ceil(bytes.length / sum);
    for (const seq of options.order ?? [...Array(sum).keys()]) {
      this.push({
        seqId: String(this.platform.nextSeq++),
        logId: '7340011234567890123',
        service: 7,
        method: FRAME_METHOD.data,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: options.messageId },
          { key: 'sum', value: String(sum) },
          { key: 'seq', value: String(seq) },
          { key: 'trace_id', value: options.traceId ?? `trace-${options.messageId}` },
        ],
        payload: bytes.slice(seq * size, (seq + 1) * size),
      });
    }
  }

  pings(): Frame[] {
    return this.received.filter((f) => f.method === FRAME_METHOD.control && header(f, 'type') === 'ping');
  }

  acks(): Frame[] {
    return this.received.filter((f) => f.method === FRAME_METHOD.data);
  }
}

type EndpointAnswer = { status?: number; body: unknown; headers?: Record<string, string> } | 'network' | 'hang';

const URL_OF_SOCKET =
  'wss://msg-frontier.example.com/ws/v2?fpid=493&aid=552564&device_id=dev-1&access_key=ak-secret&service_id=7&ticket=tk-1';
const CONFIG = { PingInterval: 120, ReconnectCount: 3, ReconnectInterval: 60, ReconnectNonce: 30 };

class FakePlatform {
  /** Answers to the endpoint, one per request; the last one repeats. */
  endpointAnswers: EndpointAnswer[] = [{ body: { code: 0, msg: 'ok', data: { URL: URL_OF_SOCKET, ClientConfig: CONFIG } } }];
  /** Refusals of the handshake, one per attempt while there are some. */
  handshakeRefusals: (SocketOpenError | 'hang')[] = [];
  /** What each pong carries; undefined: pings go unanswered. */
  pong: Record<string, number> | undefined = CONFIG;
  readonly endpointRequests: { url: string; body: unknown }[] = [];
  readonly openedUrls: string[] = [];
  readonly connections: ServerConnection[] = [];
  readonly aborted: string[] = [];
  nextSeq = 1;

  readonly fetch = async (request: Request, init?: { signal?: AbortSignal }): Promise<Response> => {
    this.endpointRequests.push({ url: `${request.method} ${request.url}`, body: await request.json() });
    const answer = this.endpointAnswers.length > 1 ? this.endpointAnswers.shift()! : this.endpointAnswers[0]!;
    if (answer === 'network') throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    if (answer === 'hang') {
      return new Promise((_resolve, reject) =>
        init?.signal?.addEventListener('abort', () => {
          this.aborted.push('endpoint');
          reject(init.signal!.reason as Error);
        }),
      );
    }
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: answer.headers });
  };

  readonly openSocket: SocketOpener = (url, options) => {
    this.openedUrls.push(url);
    const refusal = this.handshakeRefusals.shift();
    if (refusal === 'hang') {
      return new Promise((_resolve, reject) =>
        options?.signal?.addEventListener('abort', () => {
          this.aborted.push('handshake');
          reject(options.signal!.reason as Error);
        }),
      );
    }
    if (refusal) return Promise.reject(refusal);
    const client = new MemorySocket();
    const server = new MemorySocket();
    client.peer = server;
    server.peer = client;
    this.connections.push(new ServerConnection(server, this));
    return Promise.resolve(client);
  };

  get last(): ServerConnection {
    return this.connections.at(-1)!;
  }
}

/** Lets every pending promise and in-memory delivery run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setTimeout(resolve, 0));
}

function setup(options: { random?: number; limits?: Partial<LongConnectionLimits> } = {}) {
  const clock = new FakeClock();
  const platform = new FakePlatform();
  const client = new LongConnection({
    appId: 'cli_9f427eec54ae901b',
    appSecret: 'sandbox_secret',
    baseUrl: 'https://open.example.com/',
    fetch: platform.fetch,
    clock,
    openSocket: platform.openSocket,
    random: () => options.random ?? 0.5,
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const events: ReceivedEvent[] = [];
  const states: ConnectionState[] = [];
  const log: ConnectionLogEntry[] = [];
  client.onEvent((event) => events.push(event));
  client.onStateChange((state) => states.push(state));
  client.onLog((entry) => log.push(entry));
  /** Moves the clock, then lets what that set off run. */
  const advance = async (ms: number) => {
    clock.advance(ms);
    await settle();
  };
  return { clock, platform, client, events, states, log, advance };
}

function receiveEvent(eventId: string, text = 'hello', eventType = 'im.message.receive_v1'): string {
  return JSON.stringify({
    schema: '2.0',
    header: { event_id: eventId, event_type: eventType, create_time: '1764057600000', token: '', app_id: 'cli_9f427eec54ae901b' },
    event: { message: { message_id: 'om_1', chat_id: 'oc_1', message_type: 'text', content: JSON.stringify({ text }) } },
  });
}

const kinds = (log: ConnectionLogEntry[]) => log.map((entry) => entry.kind);

// ---- The tests --------------------------------------------------------------------------------------

describe('LongConnection: connecting and pings', () => {
  it('asks for the endpoint with the credentials, connects, and pings with the service_id from the URL', async () => {
    const { platform, client, states, advance } = setup();
    client.start();
    await settle();
    expect(platform.endpointRequests).toEqual([
      { url: 'POST https://open.example.com/callback/ws/endpoint', body: { AppID: 'cli_9f427eec54ae901b', AppSecret: 'sandbox_secret' } },
    ]);
    expect(platform.openedUrls).toEqual([URL_OF_SOCKET]);
    expect(states.map((s) => s.status)).toEqual(['connecting', 'live']);
    // The address shown and logged leaves out the query, which holds the connection's credentials.
    expect(client.state).toMatchObject({ status: 'live', connection: 1, serviceId: 7, address: 'wss://msg-frontier.example.com/ws/v2' });
    expect(JSON.stringify(client.connectionLog())).not.toContain('ak-secret');

    // A ping at once, then one every PingInterval (120 s), service = service_id (not the first parameter of the query).
    const pings = () => platform.last.pings();
    expect(pings()).toHaveLength(1);
    expect(pings()[0]).toMatchObject({ service: 7, method: FRAME_METHOD.control, headers: [{ key: 'type', value: 'ping' }] });
    await advance(119_999);
    expect(pings()).toHaveLength(1);
    await advance(1);
    expect(pings()).toHaveLength(2);
    await advance(120_000);
    expect(pings()).toHaveLength(3);
    client.stop();
  });

  it('takes the ClientConfig of a pong: the next ping keeps to the new interval, and the log has the round trip', async () => {
    const { platform, client, log, advance, clock } = setup();
    platform.pong = undefined;
    client.start();
    await settle();
    expect(client.config).toEqual({ pingIntervalMs: 120_000, reconnectCount: 3, reconnectIntervalMs: 60_000, reconnectNonceMs: 30_000 });
    const pingAt = clock.now();
    await advance(250);
    platform.last.push({
      seqId: '0',
      logId: '0',
      service: 7,
      method: FRAME_METHOD.control,
      headers: [{ key: 'type', value: 'pong' }],
      payload: utf8.encode(JSON.stringify({ PingInterval: 30, ReconnectCount: 5, ReconnectInterval: 10, ReconnectNonce: 2 })),
    });
    await settle();
    expect(client.config).toEqual({ pingIntervalMs: 30_000, reconnectCount: 5, reconnectIntervalMs: 10_000, reconnectNonceMs: 2_000 });
    expect(log.find((e) => e.kind === 'pong')).toMatchObject({ roundTripMs: 250, config: { pingIntervalMs: 30_000 } });
    // 30 s after the last ping, not 120 s.
    await advance(pingAt + 30_000 - clock.now() - 1);
    expect(platform.last.pings()).toHaveLength(1);
    await advance(1);
    expect(platform.last.pings()).toHaveLength(2);
    client.stop();
  });

  it('presumes a socket dead when a whole ping interval passes without anything coming back, and reconnects', async () => {
    const { platform, client, advance } = setup();
    platform.pong = undefined;
    client.start();
    await settle();
    await advance(120_000);
    expect(platform.connections[0]!.socket.ended).toEqual({ code: 4000, reason: 'no pong' });
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 1, cause: { kind: 'no_pong', silentMs: 120_000 } });
    expect(client.stats).toMatchObject({ drops: 1 });
    client.stop();
  });
});

describe('LongConnection: events', () => {
  it('acknowledges a data frame before the listener hears of it, with biz_rt and {"code":200}', async () => {
    const clock = new FakeClock();
    // Every reading of the clock moves it on 1 ms, so that the order of the timestamps shows.
    const now = clock.now.bind(clock);
    let drift = 0;
    clock.now = () => now() + drift++;
    const platform = new FakePlatform();
    const client = new LongConnection({
      appId: 'cli_a',
      appSecret: 's3cret',
      baseUrl: 'https://x',
      fetch: platform.fetch,
      clock,
      openSocket: platform.openSocket,
    });
    const order: string[] = [];
    let listenerAt = 0;
    let received: ReceivedEvent | undefined;
    client.onEvent((event) => {
      order.push('listener');
      listenerAt = clock.now();
      received = event;
    });
    client.start();
    await settle();
    // What the client puts on the wire, as it does so (delivery to the server comes a turn later).
    const clientEnd = platform.last.socket.peer;
    const send = clientEnd.send.bind(clientEnd);
    clientEnd.send = (data) => {
      if (decodeFrame(data).method === FRAME_METHOD.data) order.push('ack');
      send(data);
    };
    platform.last.pushEvent(receiveEvent('ev_1'), { messageId: 'msg_1', traceId: 'trace-9' });
    await settle();
    expect(order).toEqual(['ack', 'listener']);
    expect(received!.acknowledgedAt).toBeGreaterThan(received!.receivedAt);
    expect(listenerAt).toBeGreaterThan(received!.acknowledgedAt);
    const [ack] = platform.last.acks();
    expect(header(ack!, 'message_id')).toBe('msg_1');
    expect(header(ack!, 'trace_id')).toBe('trace-9');
    expect(Number(header(ack!, 'biz_rt'))).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(text(ack!.payload))).toEqual({ code: 200 });
    client.stop();
  });

  it('records each event: times, frame headers, raw JSON, ids', async () => {
    const { platform, client, events, advance } = setup();
    client.start();
    await settle();
    await advance(1_500);
    const json = receiveEvent('ev_1', '你好 👋');
    platform.last.pushEvent(json, { messageId: 'msg_1', traceId: 'trace-1' });
    await settle();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      seq: 1,
      connection: 1,
      frame: { type: 'event', messageId: 'msg_1', traceId: 'trace-1', sum: 1, logId: '7340011234567890123' },
      raw: json,
      eventId: 'ev_1',
      eventType: 'im.message.receive_v1',
      createdAt: 1764057600000,
      duplicate: false,
    });
    expect(events[0]!.acknowledgedAt - events[0]!.receivedAt).toBe(0);
    expect(client.stats).toMatchObject({ events: 1, duplicates: 0 });
  });

  it('acknowledges, and still shows, a payload that is not JSON', async () => {
    const { platform, client, events } = setup();
    client.start();
    await settle();
    platform.last.pushEvent('{"schema":"2.0", cut', { messageId: 'msg_bad' });
    await settle();
    expect(platform.last.acks()).toHaveLength(1);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ raw: '{"schema":"2.0", cut', duplicate: false });
    expect(events[0]!.parseError).toBeTruthy();
    client.stop();
  });

  it('joins fragments that come out of order and twice, acknowledging every frame', async () => {
    const { platform, client, events, log } = setup();
    client.start();
    await settle();
    const json = receiveEvent('ev_big', 'x'.repeat(3000));
    platform.last.pushEvent(json, { messageId: 'msg_big', sum: 3, order: [2, 0, 0, 1] });
    await settle();
    expect(platform.last.acks().map((f) => header(f, 'seq'))).toEqual(['2', '0', '0', '1']);
    expect(events).toHaveLength(1);
    expect(events[0]!.raw).toBe(json);
    expect(events[0]!.frame).toMatchObject({ messageId: 'msg_big', sum: 3 });
    expect(kinds(log)).not.toContain('bad_frame');
    client.stop();
  });

  it('gives up a message whose fragments stop coming, and says so in the log', async () => {
    const { platform, client, events, log, advance } = setup({ limits: { fragmentTtlMs: 10_000 } });
    client.start();
    await settle();
    platform.last.pushEvent(receiveEvent('ev_lost'), { messageId: 'msg_lost', sum: 3, order: [0, 2] });
    await settle();
    await advance(9_999);
    expect(kinds(log)).not.toContain('incomplete');
    await advance(1);
    expect(events).toHaveLength(0);
    expect(log.find((e) => e.kind === 'incomplete')).toMatchObject({
      messageId: 'msg_lost',
      got: 2,
      sum: 3,
      why: 'ttl',
      traceId: 'trace-msg_lost',
    });
    expect(client.stats.incomplete).toBe(1);
    // A fragment that fits nowhere is logged too.
    platform.last.pushEvent(receiveEvent('ev_odd'), { messageId: 'msg_odd', sum: 2, order: [5] });
    await settle();
    expect(log.at(-1)).toMatchObject({ kind: 'bad_frame', messageId: 'msg_odd', problem: { code: 'misplaced_fragment', seq: 5, sum: 2 } });
    client.stop();
  });

  it('marks an event delivered again (same event_id) as a duplicate of the first, and keeps only so many ids', async () => {
    const { platform, client, events, log } = setup({ limits: { seenEventIds: 2 } });
    client.start();
    await settle();
    platform.last.pushEvent(receiveEvent('ev_1'), { messageId: 'msg_1' });
    platform.last.pushEvent(receiveEvent('ev_1'), { messageId: 'msg_1_again' });
    await settle();
    expect(events.map((e) => [e.seq, e.duplicate, e.duplicateOf])).toEqual([
      [1, false, undefined],
      [2, true, 1],
    ]);
    expect(log.filter((e) => e.kind === 'duplicate')).toEqual([expect.objectContaining({ seq: 2, eventId: 'ev_1', firstSeq: 1 })]);
    expect(client.stats).toMatchObject({ events: 2, duplicates: 1 });

    // Bounded memory: two newer ids push ev_1 out.
    platform.last.pushEvent(receiveEvent('ev_2'), { messageId: 'msg_2' });
    platform.last.pushEvent(receiveEvent('ev_3'), { messageId: 'msg_3' });
    platform.last.pushEvent(receiveEvent('ev_1'), { messageId: 'msg_1_late' });
    await settle();
    expect(events.at(-1)).toMatchObject({ eventId: 'ev_1', duplicate: false });
    client.stop();
  });

  it('keeps going when a listener throws, and logs it', async () => {
    const { platform, client, events, log } = setup();
    client.onEvent(() => {
      throw new Error('listener broke');
    });
    client.start();
    await settle();
    platform.last.pushEvent(receiveEvent('ev_1'), { messageId: 'msg_1' });
    platform.last.pushEvent(receiveEvent('ev_2'), { messageId: 'msg_2' });
    await settle();
    expect(events).toHaveLength(2);
    expect(log.filter((e) => e.kind === 'listener_failed')).toHaveLength(2);
    client.stop();
  });
});

describe('LongConnection: reconnecting', () => {
  it('reconnects after the server drops the socket: a random part of ReconnectNonce first', async () => {
    const { platform, client, advance, clock, events, log } = setup({ random: 0.5 });
    client.start();
    await settle();
    const droppedAt = clock.now();
    platform.last.socket.drop();
    await settle();
    // Half of the 30 s nonce.
    expect(client.state).toEqual({
      status: 'reconnecting',
      attempt: 1,
      of: 3,
      at: droppedAt + 15_000,
      delayMs: 15_000,
      cause: { kind: 'dropped', code: 1006, reason: '' },
    });
    await advance(14_999);
    expect(platform.endpointRequests).toHaveLength(1);
    await advance(1);
    expect(platform.endpointRequests).toHaveLength(2);
    expect(client.state).toMatchObject({ status: 'live', connection: 2 });
    expect(client.stats).toMatchObject({ connects: 2, drops: 1, reconnects: 1 });
    expect(kinds(log).filter((k) => ['connected', 'dropped', 'reconnect'].includes(k))).toEqual([
      'connected',
      'dropped',
      'reconnect',
      'connected',
    ]);
    // The new connection carries events, numbered on.
    platform.last.pushEvent(receiveEvent('ev_after'), { messageId: 'msg_after' });
    await settle();
    expect(events.at(-1)).toMatchObject({ seq: 1, connection: 2 });
    client.stop();
  });

  it('waits ReconnectInterval between failed attempts and gives up after ReconnectCount', async () => {
    const { platform, client, advance, states } = setup({ random: 0 });
    client.start();
    await settle();
    platform.endpointAnswers = ['network'];
    platform.last.socket.drop();
    await settle();
    // random 0: the first attempt comes at once, and fails.
    expect(platform.endpointRequests).toHaveLength(2);
    expect(client.state).toMatchObject({ status: 'reconnecting', attempt: 2, of: 3, delayMs: 60_000, cause: { kind: 'failed' } });
    await advance(59_999);
    expect(platform.endpointRequests).toHaveLength(2);
    await advance(1);
    expect(platform.endpointRequests).toHaveLength(3);
    await advance(60_000);
    expect(platform.endpointRequests).toHaveLength(4);
    expect(client.state).toMatchObject({
      status: 'stopped',
      reason: { why: 'gave_up', attempts: 3, failure: { kind: 'network', stage: 'event_endpoint' } },
    });
    await advance(600_000);
    expect(platform.endpointRequests).toHaveLength(4);
    expect(states.filter((s) => s.status === 'reconnecting').map((s) => s.status === 'reconnecting' && s.attempt)).toEqual([1, 2, 3]);
  });

  it('retries a busy endpoint and a refused handshake, and connects when they pass', async () => {
    const { platform, client, advance, log } = setup({ random: 0 });
    platform.endpointAnswers = [{ body: { code: 1, msg: 'system busy' } }, ...platform.endpointAnswers];
    platform.handshakeRefusals = [new SocketOpenError('Unexpected server response: 502', 502)];
    client.start();
    await settle();
    // The first attempt met "busy", the second (at once: random 0) a 502 at the handshake; the third waits the interval.
    expect(
      log
        .filter((e) => e.kind === 'failed')
        .map((e) => e.kind === 'failed' && [e.failure.stage, e.failure.code ?? e.failure.httpStatus, e.then]),
    ).toEqual([
      ['event_endpoint', 1, 'retry'],
      ['event_socket', 502, 'retry'],
    ]);
    await advance(60_000);
    expect(client.state).toMatchObject({ status: 'live' });
    expect(client.stats).toMatchObject({ connects: 1, reconnects: 1 });
    client.stop();
  });

  it('gives up a handshake that never answers after its timeout, and tries again', async () => {
    const { platform, client, advance } = setup({ random: 0, limits: { handshakeTimeoutMs: 5_000 } });
    platform.handshakeRefusals = ['hang'];
    client.start();
    await settle();
    expect(client.state.status).toBe('connecting');
    await advance(5_000);
    expect(platform.aborted).toEqual(['handshake']);
    // random 0: the next attempt follows at once.
    expect(client.state).toMatchObject({ status: 'live' });
    client.stop();
  });
});

describe('LongConnection: failures explained', () => {
  const endpointCode = async (code: number, msg: string) => {
    const { platform, client, advance } = setup();
    platform.endpointAnswers = [{ body: { code, msg, data: {} }, headers: { 'X-Tt-Logid': 'log-123' } }];
    client.start();
    await settle();
    await advance(0);
    return { state: client.state, platform, log: client.connectionLog() };
  };

  it('stops on 514 as an authentication failure, explained in both languages', async () => {
    const { state, log } = await endpointCode(514, 'auth failed');
    expect(state).toMatchObject({
      status: 'stopped',
      reason: { why: 'auth_failed', failure: { kind: 'api', stage: 'event_endpoint', code: 514, msg: 'auth failed', logId: 'log-123' } },
    });
    const failure = state.status === 'stopped' && 'failure' in state.reason ? state.reason.failure : undefined;
    expect(explainFailure(failure!, 'en').title).toBe('Long-connection authentication failed');
    expect(explainFailure(failure!, 'zh-CN').title).toBe('长连接鉴权失败');
    expect(log.find((e) => e.kind === 'failed')).toMatchObject({ then: 'stop' });
  });

  it.each([
    [403, 'forbidden', 'events_403'],
    [1000040350, 'exceed conn limit', 'events_1000040350'],
  ])('stops on %i as a refusal retrying cannot change', async (code, msg, entry) => {
    const { state, platform } = await endpointCode(code, msg);
    expect(state).toMatchObject({ status: 'stopped', reason: { why: 'refused', failure: { code } } });
    const failure = state.status === 'stopped' && 'failure' in state.reason ? state.reason.failure : undefined;
    expect(explainFailure(failure!, 'en').entry.id).toBe(entry);
    expect(platform.endpointRequests).toHaveLength(1);
  });

  it('retries 1000040343 (internal error)', async () => {
    const { state } = await endpointCode(1000040343, 'internal error');
    expect(state).toMatchObject({
      status: 'reconnecting',
      attempt: 1,
      delayMs: 15_000,
      cause: { kind: 'failed', failure: { code: 1000040343 } },
    });
  });

  it('stops when the handshake says the app has too many connections (514 with 1000040350)', async () => {
    const { platform, client } = setup();
    platform.handshakeRefusals = [
      new SocketOpenError('Unexpected server response: 401', 401, {
        'handshake-status': '514',
        'handshake-msg': 'exceed conn limit',
        'handshake-autherrcode': '1000040350',
      }),
    ];
    client.start();
    await settle();
    expect(client.state).toMatchObject({
      status: 'stopped',
      reason: {
        why: 'refused',
        failure: { stage: 'event_socket', kind: 'http', httpStatus: 401, code: 1000040350, msg: 'exceed conn limit' },
      },
    });
    const state = client.state;
    const failure = state.status === 'stopped' && 'failure' in state.reason ? state.reason.failure : undefined;
    expect(explainFailure(failure!, 'en').title).toBe('Too many long connections');
  });

  it('never keeps the App Secret in a failure, even when the server echoes it', async () => {
    const { state } = await endpointCode(99999, 'bad request: AppSecret=sandbox_secret');
    expect(JSON.stringify(state)).not.toContain('sandbox_secret');
    expect(state).toMatchObject({ status: 'stopped', reason: { why: 'refused' } });
  });

  it('stops on an endpoint that answers 404 without a code (a wrong base URL), and retries a 503', async () => {
    const notFound = setup();
    notFound.platform.endpointAnswers = [{ status: 404, body: { message: 'not found' } }];
    notFound.client.start();
    await settle();
    expect(notFound.client.state).toMatchObject({
      status: 'stopped',
      reason: { why: 'refused', failure: { kind: 'http', httpStatus: 404 } },
    });

    const unavailable = setup();
    unavailable.platform.endpointAnswers = [{ status: 503, body: { message: 'unavailable' } }];
    unavailable.client.start();
    await settle();
    expect(unavailable.client.state).toMatchObject({ status: 'reconnecting', cause: { failure: { kind: 'http', httpStatus: 503 } } });
    unavailable.client.stop();
  });

  it('refuses an endpoint answer whose URL has no service_id', async () => {
    const { platform, client } = setup();
    platform.endpointAnswers = [{ body: { code: 0, data: { URL: 'wss://x.example.com/ws?device_id=1', ClientConfig: CONFIG } } }];
    client.start();
    await settle();
    expect(client.state).toMatchObject({
      status: 'stopped',
      reason: { why: 'refused', failure: { stage: 'event_endpoint', kind: 'not_json' } },
    });
    expect(platform.openedUrls).toEqual([]);
  });
});

describe('LongConnection: stop()', () => {
  it('closes the socket and ends every timer at once', async () => {
    const { platform, client, advance, log } = setup();
    client.start();
    await settle();
    const server = platform.last;
    client.stop();
    expect(client.state).toMatchObject({ status: 'stopped', reason: { why: 'asked' } });
    await settle();
    expect(server.socket.ended).toEqual({ code: 1000, reason: 'stopped' });
    const pings = server.pings().length;
    await advance(3_600_000);
    expect(server.pings()).toHaveLength(pings);
    expect(platform.endpointRequests).toHaveLength(1);
    expect(log.at(-1)).toMatchObject({ kind: 'stopped', reason: { why: 'asked' } });
    // Nothing more is said after the stop, and stopping again changes nothing.
    const entries = log.length;
    client.stop();
    expect(log).toHaveLength(entries);
  });

  it('ends a reconnect wait, a hanging endpoint request and a hanging handshake', async () => {
    const waiting = setup();
    waiting.client.start();
    await settle();
    waiting.platform.last.socket.drop();
    await settle();
    expect(waiting.client.state.status).toBe('reconnecting');
    waiting.client.stop();
    await waiting.advance(3_600_000);
    expect(waiting.platform.endpointRequests).toHaveLength(1);

    const asking = setup();
    asking.platform.endpointAnswers = ['hang'];
    asking.client.start();
    await settle();
    asking.client.stop();
    await settle();
    expect(asking.platform.aborted).toEqual(['endpoint']);
    expect(asking.client.state).toMatchObject({ status: 'stopped', reason: { why: 'asked' } });

    const opening = setup();
    opening.platform.handshakeRefusals = ['hang'];
    opening.client.start();
    await settle();
    opening.client.stop();
    await settle();
    expect(opening.platform.aborted).toEqual(['handshake']);
    expect(opening.client.state).toMatchObject({ status: 'stopped', reason: { why: 'asked' } });
  });

  it('starts only once', async () => {
    const { client } = setup();
    client.start();
    expect(() => client.start()).toThrow(/starts once/);
    client.stop();
  });
});
