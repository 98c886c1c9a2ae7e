/**
 * Browser mode: serves the built renderer and the HTTP bridge on 127.0.0.1 only. Every API
 * request must carry the random session token (it is in the URL printed at start) and name this
 * host (no DNS rebinding) and origin.
 */

import { createServer, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { InspectorApi } from '../core/contract';
import { API_PREFIX, createHttpBridge } from '../core/http-bridge';
import { PRODUCTION_CSP_HEADER } from '../core/csp';
import { sendResponse, toRequest } from './node-http';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface WebServer {
  url: string;
  port: number;
  token: string;
  server: Server;
  close(): Promise<void>;
}

export async function startWebServer(options: {
  api: InspectorApi;
  rendererDir: string;
  port?: number;
  token?: string;
}): Promise<WebServer> {
  const index = path.join(options.rendererDir, 'index.html');
  if (!existsSync(index)) {
    throw new Error(`the renderer is not built (${index} is missing): run \`npm run build\` first, or use \`npm run web\``);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  // The bridge needs the port (for its Host check), known only once the server listens.
  const state: { bridge?: (request: Request) => Promise<Response> } = {};

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname.startsWith(API_PREFIX)) {
          await sendResponse(res, await state.bridge!(toRequest(req, `http://${req.headers.host ?? '127.0.0.1'}`)));
          return;
        }
        await serveStatic(res, options.rendererDir, url.pathname, req.method ?? 'GET');
      } catch (error) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.bridge = createHttpBridge({ api: options.api, token, allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`] });
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serveStatic(res: ServerResponse, root: string, pathname: string, method: string): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const relative = path.normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  let file = path.join(root, relative);
  if (!file.startsWith(root) || relative === '' || !existsSync(file) || !statSync(file).isFile()) file = path.join(root, 'index.html');
  const body = await readFile(file);
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    ...(file.endsWith('.html') ? { 'content-security-policy': PRODUCTION_CSP_HEADER, 'x-frame-options': 'DENY' } : {}),
  });
  res.end(method === 'HEAD' ? undefined : body);
}
