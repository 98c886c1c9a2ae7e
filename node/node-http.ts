/** Bridges Node's http server to fetch-standard handlers (Request in, Response out). */

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

export function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // Node needs this to stream a request body.
    ...(hasBody ? { duplex: 'half' } : {}),
  } as RequestInit);
}

export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  // Streamed as it is made, not gathered first: a slow body (the sandbox's trickling file) arrives
  // piece by piece, and a client that goes away cancels the rest.
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** A fetch-standard handler; its signal aborts when the client goes away before the answer. */
export type LoopbackHandler = (request: Request, init: { signal: AbortSignal }) => Promise<Response>;

/** Takes a WebSocket upgrade request over (the sandbox's long connection). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Serves a fetch-standard handler (the sandbox emulator) on 127.0.0.1; port 0 picks a free one.
 * A handler that throws, as fetch does when a host cannot be reached (the sandbox's network,
 * DNS and TLS faults), drops the connection: the client sees a network error, the server lives on.
 */
export async function serveOnLoopback(handle: LoopbackHandler, port = 0, upgrade?: UpgradeHandler): Promise<LoopbackServer> {
  const server = createServer((req, res) => {
    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort(new Error('the client closed the connection'));
    });
    handle(toRequest(req, `http://${req.headers.host ?? '127.0.0.1'}`), { signal: clientGone.signal })
      .then((response) => sendResponse(res, response))
      .catch(() => res.destroy());
  });
  if (upgrade) server.on('upgrade', upgrade);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
