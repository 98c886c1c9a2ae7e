/**
 * A `ws` WebSocket as the EventSocket the long connection speaks over (core/events/socket.ts).
 * Either end: the sandbox server wraps each socket it accepts, and a client can wrap the socket it
 * opened. Close code 1006 stands for a cut connection: the socket is terminated, no close frame.
 */

import type { WebSocket } from 'ws';
import type { EventSocket, SocketClose } from '../core/events/socket';

export function eventSocketOf(ws: WebSocket): EventSocket {
  let lastError: string | undefined;
  // Without a listener an 'error' would throw out of the event loop; it is told with the close.
  ws.on('error', (error) => {
    lastError = error.message;
  });
  return {
    send: (data) => {
      if (ws.readyState === ws.OPEN) ws.send(data);
    },
    close: (code = 1000, reason = '') => {
      if (code === 1006) ws.terminate();
      else ws.close(code, reason);
    },
    onMessage: (listener) => {
      ws.on('message', (data) => {
        const bytes = Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? new Uint8Array(data) : data;
        listener(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      });
    },
    onClose: (listener) => {
      ws.once('close', (code, reason) => {
        const close: SocketClose = { code, reason: reason.toString() };
        listener(lastError === undefined ? close : { ...close, error: lastError });
      });
    },
  };
}
