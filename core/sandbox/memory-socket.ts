/**
 * Two EventSockets joined in memory: what one end sends, the other receives, in order and a turn
 * later (as a network would deliver it, never inside the sender's call). The in-process sandbox
 * hands out the client end, so the long connection runs there with no server and no port.
 */

import type { EventSocket, SocketClose } from '../events/socket';

export interface SocketPair {
  client: EventSocket;
  server: EventSocket;
}

/** One direction of the pair: what is still to be delivered, and to whom. */
class Inbox {
  private readonly queued: Uint8Array[] = [];
  private readonly listeners: ((data: Uint8Array) => void)[] = [];
  private readonly closeListeners: ((close: SocketClose) => void)[] = [];
  private closed: SocketClose | undefined;
  private closeDelivered = false;
  private scheduled = false;

  onMessage(listener: (data: Uint8Array) => void): void {
    this.listeners.push(listener);
    this.schedule();
  }

  onClose(listener: (close: SocketClose) => void): void {
    this.closeListeners.push(listener);
    this.schedule();
  }

  deliver(data: Uint8Array): void {
    if (this.closed) return;
    // A copy: the sender may reuse its buffer, as it may with a real socket.
    this.queued.push(data.slice());
    this.schedule();
  }

  end(close: SocketClose): void {
    if (this.closed) return;
    this.closed = close;
    this.schedule();
  }

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /**
   * Messages wait for a listener (one set just after the socket opens still gets the first), and
   * the close comes after every message sent before it, as a close frame follows the data.
   */
  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => {
      this.scheduled = false;
      if (this.listeners.length > 0) {
        while (this.queued.length > 0) {
          const data = this.queued.shift()!;
          for (const listener of this.listeners) listener(data);
        }
      }
      const close = this.closed;
      if (close && !this.closeDelivered && this.queued.length === 0 && this.closeListeners.length > 0) {
        this.closeDelivered = true;
        for (const listener of this.closeListeners) listener(close);
      }
    });
  }
}

/**
 * A connected pair. Either end's `close(code, reason)` ends both: each sees that code and reason
 * once, after what was sent before it; a message sent after the close goes nowhere. Code 1006
 * (which a WebSocket never sends, it is what a client sees when the connection is cut) stands for
 * a dropped connection.
 */
export function memorySocketPair(): SocketPair {
  const toClient = new Inbox();
  const toServer = new Inbox();
  const end = (code = 1000, reason = '') => {
    const close = { code, reason };
    toClient.end(close);
    toServer.end(close);
  };
  const side = (inbox: Inbox, peer: Inbox): EventSocket => ({
    send: (data) => {
      if (!inbox.isClosed) peer.deliver(data);
    },
    close: end,
    onMessage: (listener) => inbox.onMessage(listener),
    onClose: (listener) => inbox.onClose(listener),
  });
  return { client: side(toClient, toServer), server: side(toServer, toClient) };
}
