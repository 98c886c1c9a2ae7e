/**
 * `inspector sandbox`'s server: the emulator's HTTP endpoints, and its long connection as
 * WebSockets upgraded on the same port (each `ws` wrapped as the EventSocket the emulator's
 * handler speaks over). An upgrade the emulator refuses gets the platform's handshake headers.
 */

import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import type { Sandbox } from '../core/sandbox/emulator';
import { eventSocketOf } from '../node/ws-event-socket';
import { serveOnLoopback, type LoopbackServer } from '../node/node-http';

export async function serveSandbox(emulator: Sandbox, port = 0): Promise<LoopbackServer> {
  const sockets = new WebSocketServer({ noServer: true });
  const server = await serveOnLoopback(
    (request, init) => emulator.handle(request, init),
    port,
    (req, socket, head) => {
      // A client that goes away mid-handshake must not take the server with it.
      socket.on('error', () => socket.destroy());
      const admission = emulator.admitSocket(`ws://${req.headers.host ?? '127.0.0.1'}${req.url ?? '/'}`);
      if (!admission.ok) {
        const headers = Object.entries(admission.headers).map(([name, value]) => `${name}: ${value.replace(/[\r\n]/g, ' ')}\r\n`);
        socket.end(
          `HTTP/1.1 ${admission.status} ${STATUS_CODES[admission.status] ?? ''}\r\n${headers.join('')}Connection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      sockets.handleUpgrade(req, socket, head, (ws) => admission.attach(eventSocketOf(ws)));
    },
  );
  return {
    url: server.url,
    close: async () => {
      emulator.stopBursts();
      for (const ws of sockets.clients) ws.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      await server.close();
    },
  };
}
