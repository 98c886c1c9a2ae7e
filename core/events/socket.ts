/**
 * A WebSocket as the long connection needs it: binary frames in and out, and its end. The hosts
 * give one over `ws` (node/), the built-in sandbox one in memory (core/sandbox), so the client in
 * core/events runs the same against the platform, `inspector sandbox` and the in-process sandbox.
 */

export interface SocketClose {
  /** The WebSocket close code (1000 normal, 1006 dropped without a close frame, …). */
  code: number;
  reason: string;
  /** What went wrong, when the socket ended with an error rather than a close. */
  error?: string;
}

export interface EventSocket {
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  /** Every binary message, in order. */
  onMessage(listener: (data: Uint8Array) => void): void;
  /** Once, when the socket has ended for whatever reason. */
  onClose(listener: (close: SocketClose) => void): void;
}

/** Opens a socket; resolves once it is open, rejects with SocketOpenError when the handshake fails. */
export type SocketOpener = (url: string, options?: { signal?: AbortSignal }) => Promise<EventSocket>;

export class SocketOpenError extends Error {
  constructor(
    message: string,
    /** The HTTP status of a refused upgrade, when there was an answer at all. */
    readonly status?: number,
    /**
     * The refusal's headers, names in lower case: the platform says why in `handshake-status`,
     * `handshake-msg` and `handshake-autherrcode`.
     */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
    this.name = 'SocketOpenError';
  }
}
