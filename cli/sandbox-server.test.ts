import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame, FRAME_METHOD, header } from '../core/events/frame';
import { createSandbox, SANDBOX_APP_SECRET, SANDBOX_BOT_APP_ID, type Sandbox } from '../core/sandbox/emulator';
import { eventSocketOf } from '../node/ws-event-socket';
import type { LoopbackServer } from '../node/node-http';
import { serveSandbox } from './sandbox-server';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function socketUrl(sandbox: Sandbox): Promise<string> {
  server = await serveSandbox(sandbox);
  const response = await fetch(`${server.url}/callback/ws/endpoint`, {
    method: 'POST',
    body: JSON.stringify({ AppID: SANDBOX_BOT_APP_ID, AppSecret: SANDBOX_APP_SECRET }),
  });
  return ((await response.json()) as { data: { URL: string } }).data.URL;
}

const opened = (url: string) =>
  new Promise<WebSocket>((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });

describe('inspector sandbox over WebSockets', () => {
  it('upgrades a URL from its endpoint on the same port, and speaks frames over it', async () => {
    const sandbox = createSandbox();
    const url = await socketUrl(sandbox);
    expect(url.startsWith(server!.url.replace(/^http/, 'ws'))).toBe(true);
    const socket = eventSocketOf(await opened(url));
    const pong = new Promise<Uint8Array>((resolve) => socket.onMessage(resolve));
    socket.send(
      encodeFrame({ seqId: '0', logId: '0', service: 1, method: FRAME_METHOD.control, headers: [{ key: 'type', value: 'ping' }] }),
    );
    const frame = decodeFrame(await pong);
    expect(header(frame, 'type')).toBe('pong');
    expect(JSON.parse(new TextDecoder().decode(frame.payload))).toMatchObject({ PingInterval: 120 });
    expect(sandbox.live.connections).toBe(1);
  });

  it('refuses an upgrade it did not hand out, with the handshake headers the platform sends', async () => {
    const sandbox = createSandbox();
    const url = (await socketUrl(sandbox)).replace(/ticket=[^&]+/, 'ticket=forged');
    const refusal = await new Promise<{ status?: number; headers: Record<string, unknown> }>((resolve) => {
      const ws = new WebSocket(url);
      ws.once('unexpected-response', (_request, response) => {
        resolve({ status: response.statusCode, headers: response.headers });
        ws.terminate();
      });
      ws.once('error', () => undefined);
    });
    expect(refusal.status).toBe(403);
    expect(refusal.headers).toMatchObject({ 'handshake-status': '514', 'handshake-msg': expect.stringMatching(/ticket/) });
  });

  it('cuts a connection it drops, as a client sees a dropped connection (1006)', async () => {
    const sandbox = createSandbox({ live: { dropEveryMs: 30 } });
    const socket = eventSocketOf(await opened(await socketUrl(sandbox)));
    const close = await new Promise((resolve) => socket.onClose(resolve));
    expect(close).toMatchObject({ code: 1006 });
    expect(sandbox.live.stats.connectionsDropped).toBe(1);
  });
});
