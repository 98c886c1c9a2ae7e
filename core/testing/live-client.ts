/**
 * A bare client of the sandbox's long connection, frame by frame, for tests and benchmarks: it
 * asks the endpoint, opens the in-memory socket, keeps every frame and joins events, and
 * acknowledges only when told to (so a test can leave an event unacknowledged).
 */

import { decodeFrame, encodeFrame, FRAME_METHOD, header, type Frame } from '../events/frame';
import type { EventSocket, SocketClose } from '../events/socket';
import { SANDBOX_APP_SECRET, SANDBOX_BOT_APP_ID, SANDBOX_BASE_URL, type Sandbox } from '../sandbox/emulator';

export interface JoinedEvent {
  /** The frame header `message_id` all its fragments carry. */
  messageId: string;
  traceId: string;
  /** The fragments in the order they came. */
  frames: Frame[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary event JSON
  body: any;
}

export interface LiveTestClient {
  socket: EventSocket;
  url: string;
  frames: Frame[];
  /** Events whose fragments have all come, in the order they were completed. */
  events: JoinedEvent[];
  closes: SocketClose[];
  ping(): void;
  /** Sends the acknowledgement the official SDK sends for the event's last fragment. */
  ack(event: JoinedEvent, code?: number): void;
}

export async function endpointAnswer(sandbox: Sandbox, body: unknown, base = SANDBOX_BASE_URL) {
  const response = await sandbox.handle(new Request(`${base}/callback/ws/endpoint`, { method: 'POST', body: JSON.stringify(body) }));
  return {
    status: response.status,
    body: (await response.json()) as {
      code: number;
      msg: string;
      data?: {
        URL: string;
        ClientConfig: { PingInterval: number; ReconnectCount: number; ReconnectInterval: number; ReconnectNonce: number };
      };
    },
  };
}

export async function connectLive(
  sandbox: Sandbox,
  options: { appId?: string; base?: string; autoAck?: boolean } = {},
): Promise<LiveTestClient> {
  const { body } = await endpointAnswer(
    sandbox,
    { AppID: options.appId ?? SANDBOX_BOT_APP_ID, AppSecret: SANDBOX_APP_SECRET },
    options.base,
  );
  if (!body.data) throw new Error(`the endpoint answered ${body.code} ${body.msg}`);
  const url = body.data.URL;
  const socket = await sandbox.openSocket(url);
  const parts = new Map<string, Frame[]>();
  const client: LiveTestClient = {
    socket,
    url,
    frames: [],
    events: [],
    closes: [],
    ping: () =>
      socket.send(
        encodeFrame({
          seqId: '0',
          logId: '0',
          service: Number(new URL(url).searchParams.get('service_id')),
          method: FRAME_METHOD.control,
          headers: [{ key: 'type', value: 'ping' }],
        }),
      ),
    ack: (event, code = 200) => {
      const last = event.frames.at(-1)!;
      socket.send(
        encodeFrame({
          ...last,
          headers: [...last.headers, { key: 'biz_rt', value: '1' }],
          payload: new TextEncoder().encode(JSON.stringify({ code })),
        }),
      );
    },
  };
  socket.onMessage((data) => {
    const frame = decodeFrame(data);
    client.frames.push(frame);
    if (frame.method !== FRAME_METHOD.data || header(frame, 'type') !== 'event') return;
    const messageId = header(frame, 'message_id')!;
    const got = [...(parts.get(messageId) ?? []), frame];
    const sum = Number(header(frame, 'sum'));
    if (got.length < sum) {
      parts.set(messageId, got);
      return;
    }
    parts.delete(messageId);
    const ordered = [...got].sort((a, b) => Number(header(a, 'seq')) - Number(header(b, 'seq')));
    const bytes = new Uint8Array(ordered.reduce((n, f) => n + (f.payload?.length ?? 0), 0));
    let offset = 0;
    for (const f of ordered) {
      bytes.set(f.payload ?? new Uint8Array(), offset);
      offset += f.payload?.length ?? 0;
    }
    const event: JoinedEvent = {
      messageId,
      traceId: header(frame, 'trace_id')!,
      frames: got,
      body: JSON.parse(new TextDecoder().decode(bytes)),
    };
    client.events.push(event);
    if (options.autoAck) client.ack(event);
  });
  socket.onClose((close) => client.closes.push(close));
  return client;
}

/** Lets the in-memory sockets deliver what is on the way (they deliver a turn later, as a network would). */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
