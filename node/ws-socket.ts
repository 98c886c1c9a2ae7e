/**
 * The long connection's socket over the `ws` package, for both Node hosts: the platform's
 * endpoints and `inspector sandbox`'s. Binary frames both ways; a refused upgrade becomes a
 * SocketOpenError with the HTTP status and the headers the platform explains it in.
 */

import WebSocket, { type RawData } from 'ws';
import { SocketOpenError, type EventSocket, type SocketClose, type SocketOpener } from '../core/events/socket';

/** After a close frame, how long the peer has to answer before the socket is cut: stop() ends things promptly. */
const CLOSE_GRACE_MS = 1_000;

export const openWsSocket: SocketOpener = (url, options = {}) =>
  new Promise<EventSocket>((resolve, reject) => {
    const { signal } = options;
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, { perMessageDeflate: false });
    } catch (error) {
      reject(new SocketOpenError(error instanceof Error ? error.message : String(error)));
      return;
    }
    let opened = false;
    const onAbort = () => {
      ws.terminate();
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const socket = new WsEventSocket(ws);
    ws.once('unexpected-response', (_request, response) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const status = response.statusCode ?? 0;
      reject(
        new SocketOpenError(`the server refused the WebSocket upgrade: ${status} ${response.statusMessage ?? ''}`.trim(), status, headers),
      );
      response.resume();
      // With a listener here, ws leaves ending the request to us; its 'error' then goes to the socket's own listener.
      ws.terminate();
    });
    ws.once('open', () => {
      opened = true;
      signal?.removeEventListener('abort', onAbort);
      resolve(socket);
    });
    ws.once('close', () => {
      signal?.removeEventListener('abort', onAbort);
      if (!opened) reject(new SocketOpenError(socket.lastError ?? 'the WebSocket closed before it opened'));
    });
  });

class WsEventSocket implements EventSocket {
  lastError: string | undefined;
  private ended: SocketClose | undefined;
  private readonly messageListeners: ((data: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((close: SocketClose) => void)[] = [];
  /** Messages that came before anyone listened (the same turn as the open). */
  private early: Uint8Array[] | undefined = [];

  constructor(private readonly ws: WebSocket) {
    // Always listened to: an 'error' without a listener would throw out of the event loop and end the process.
    ws.on('error', (error) => {
      this.lastError = error.message;
    });
    ws.on('message', (data) => {
      const bytes = toBytes(data);
      if (this.early) this.early.push(bytes);
      else for (const listener of this.messageListeners) listener(bytes);
    });
    ws.once('close', (code, reason) => {
      this.ended = { code, reason: reason.toString('utf8'), ...(this.lastError !== undefined ? { error: this.lastError } : {}) };
      for (const listener of this.closeListeners) listener(this.ended);
    });
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(data, { binary: true });
  }

  close(code = 1000, reason = ''): void {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close(code, reason);
    setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS).unref();
  }

  onMessage(listener: (data: Uint8Array) => void): void {
    this.messageListeners.push(listener);
    const early = this.early;
    this.early = undefined;
    for (const bytes of early ?? []) listener(bytes);
  }

  onClose(listener: (close: SocketClose) => void): void {
    if (this.ended) listener(this.ended);
    else this.closeListeners.push(listener);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
