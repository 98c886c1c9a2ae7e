import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { systemClock } from '../core/base/ports';
import { LongConnection } from '../core/events/client';
import { decodeFrame, encodeFrame, FRAME_METHOD, header, type Frame } from '../core/events/frame';
import { SocketOpenError, type SocketClose } from '../core/events/socket';
import type { ReceivedEvent } from '../core/events/state';
import { openWsSocket } from './ws-socket';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A WebSocket server on 127.0.0.1 that echoes binary messages back reversed, and tells of each connection. */
async function echoServer(): Promise<{ url: string; connections: WebSocket[] }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const connections: WebSocket[] = [];
  server.on('connection', (socket) => {
    connections.push(socket);
    socket.on('message', (data, isBinary) => socket.send(Buffer.from(data as Buffer).reverse(), { binary: isBinary }));
  });
  closers.push(
    () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  );
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws/v2?device_id=d&service_id=7`, connections };
}

/** An HTTP server that answers every upgrade with `status` and the given headers. */
async function refusingServer(status: number, headers: Record<string, string>): Promise<string> {
  const server: Server = createServer();
  server.on('upgrade', (_request, socket) => {
    const lines = [`HTTP/1.1 ${status} Refused`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Content-Length: 0', '', ''];
    socket.end(lines.join('\r\n'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ws`;
}

describe('openWsSocket', () => {
  it('sends and receives binary frames byte for byte', async () => {
    const { url } = await echoServer();
    const socket = await openWsSocket(url);
    const received = new Promise<Uint8Array>((resolve) => socket.onMessage(resolve));
    const bytes = Uint8Array.from([0, 1, 2, 250, 255, 0x0a, 0x80]);
    socket.send(bytes);
    const back = await received;
    expect(back).toBeInstanceOf(Uint8Array);
    expect([...back]).toEqual([...bytes].reverse());
    const closed = new Promise<SocketClose>((resolve) => socket.onClose(resolve));
    socket.close(1000, 'done');
    expect(await closed).toMatchObject({ code: 1000, reason: 'done' });
  });

  it('tells of a drop by the server, with its close code', async () => {
    const { url, connections } = await echoServer();
    const socket = await openWsSocket(url);
    const closed = new Promise<SocketClose>((resolve) => socket.onClose(resolve));
    connections[0]!.close(4001, 'going away');
    expect(await closed).toMatchObject({ code: 4001, reason: 'going away' });
    // A listener that comes after the end still hears of it.
    const late = await new Promise<SocketClose>((resolve) => socket.onClose(resolve));
    expect(late.code).toBe(4001);
  });

  it("gives a refused upgrade's HTTP status and the platform's handshake headers", async () => {
    const url = await refusingServer(401, {
      'Handshake-Status': '514',
      'Handshake-Msg': 'auth failed',
      'Handshake-Autherrcode': '1000040350',
    });
    const error = await openWsSocket(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketOpenError);
    expect((error as SocketOpenError).status).toBe(401);
    expect((error as SocketOpenError).headers).toMatchObject({
      'handshake-status': '514',
      'handshake-msg': 'auth failed',
      'handshake-autherrcode': '1000040350',
    });
  });

  it('fails without a status when nothing listens, and stops when aborted', async () => {
    const url = await refusingServer(403, {});
    const port = new URL(url).port;
    await Promise.all(closers.splice(0).map((close) => close()));
    const error = await openWsSocket(`ws://127.0.0.1:${port}/ws`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SocketOpenError);
    expect((error as SocketOpenError).status).toBeUndefined();
    expect((error as SocketOpenError).message).toMatch(/ECONNREFUSED/);
  });

  it('gives up a handshake that hangs as soon as it is aborted, and lets go of the connection', async () => {
    const silent = createNetServer();
    const ended = new Promise<void>((resolve) => silent.on('connection', (socket) => socket.resume().on('close', () => resolve())));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => silent.close(() => resolve())));
    const controller = new AbortController();
    const opening = openWsSocket(`ws://127.0.0.1:${(silent.address() as AddressInfo).port}/ws`, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped')), 20);
    await expect(opening).rejects.toThrow('stopped');
    await ended;
  });
});

describe('LongConnection over ws', () => {
  it('receives an event from a real WebSocket server and acknowledges it there', async () => {
    const { url, connections } = await echoServer();
    const endpoint = `${url.replace('/ws/v2?', '/ws/v2?fpid=1&')}`;
    const client = new LongConnection({
      appId: 'cli_a',
      appSecret: 's',
      baseUrl: 'http://127.0.0.1:1',
      clock: systemClock,
      openSocket: openWsSocket,
      fetch: async () => Response.json({ code: 0, data: { URL: endpoint, ClientConfig: { PingInterval: 120 } } }),
    });
    const event = new Promise<ReceivedEvent>((resolve) => client.onEvent(resolve));
    client.start();
    await expect.poll(() => connections.length).toBe(1);
    const server = connections[0]!;
    server.removeAllListeners('message');
    const acks: Frame[] = [];
    server.on('message', (data) => {
      const frame = decodeFrame(new Uint8Array(data as Buffer));
      if (frame.method === FRAME_METHOD.data) acks.push(frame);
    });
    const json = JSON.stringify({ schema: '2.0', header: { event_id: 'ev_1', event_type: 'im.message.receive_v1' }, event: {} });
    server.send(
      encodeFrame({
        seqId: '1',
        logId: '2',
        service: 7,
        method: FRAME_METHOD.data,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: 'msg_1' },
          { key: 'sum', value: '1' },
          { key: 'seq', value: '0' },
        ],
        payload: new TextEncoder().encode(json),
      }),
    );
    expect(await event).toMatchObject({ raw: json, eventId: 'ev_1', frame: { messageId: 'msg_1' } });
    await expect.poll(() => acks.length).toBe(1);
    expect(header(acks[0]!, 'message_id')).toBe('msg_1');
    const closed = new Promise<number>((resolve) => server.once('close', resolve));
    client.stop();
    expect(await closed).toBe(1000);
  });
});
