/**
 * Browser mode: serves the built renderer and the HTTP bridge on 127.0.0.1 only. Every API
 * request must carry the random session token (it is in the URL printed at start) and name this
 * host (no DNS rebinding) and origin.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { InspectorService } from '../core/app/service';
import { fileExtension, isExportFormat, mimeType } from '../core/export';
import { API_PREFIX, constantTimeEqual, createHttpBridge } from '../core/api/http-bridge';
import { PRODUCTION_CSP_HEADER } from '../core/base/csp';
import { sendResponse, toRequest } from './node-http';

/** Browser mode's export downloads (GET, token in the query). */
export const DOWNLOAD_PATH = '/download';

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
  api: InspectorService;
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
  let port = 0;

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        if (url.pathname === DOWNLOAD_PATH) {
          await serveDownload(req, res, url, options.api, token, port);
          return;
        }
        if (url.pathname.startsWith(API_PREFIX)) {
          await sendResponse(res, await state.bridge!(toRequest(req, `http://${req.headers.host ?? '127.0.0.1'}`)));
          return;
        }
        await serveStatic(res, options.rendererDir, url.pathname, req.method ?? 'GET');
      } catch (error) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`internal error: ${error instanceof Error ? error.message : String(error)}`);
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  ({ port } = server.address() as AddressInfo);
  state.bridge = createHttpBridge({ api: options.api, token, allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`] });
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Browser mode's export: a batch streamed as a file download. A link cannot carry headers, so
 * this one route takes the session token as a query parameter (same origin only).
 */
async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  service: InspectorService,
  token: string,
  port: number,
): Promise<void> {
  const hostOk = [`127.0.0.1:${port}`, `localhost:${port}`].includes(req.headers.host ?? '');
  if (!hostOk || !constantTimeEqual(url.searchParams.get('token') ?? '', token)) {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden: open the URL that `inspector web` printed');
    return;
  }
  const batchId = url.searchParams.get('batch') ?? '';
  const format = url.searchParams.get('format') ?? '';
  if (!isExportFormat(format)) {
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end(`unknown format ${format}`);
    return;
  }
  let chunks: AsyncGenerator<string>;
  try {
    chunks = service.batchExportChunks(batchId, format, url.searchParams.get('lang') === 'zh-CN' ? 'zh-CN' : 'en');
    const first = await chunks.next();
    res.writeHead(200, {
      'content-type': mimeType(format),
      'content-disposition': `attachment; filename="messages-${batchId.replace(/[^\w.-]/g, '_')}.${fileExtension(format)}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    if (!first.done) res.write(first.value);
  } catch (error) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(error instanceof Error ? error.message : String(error));
    return;
  }
  try {
    for await (const chunk of chunks) {
      if (res.destroyed) break;
      // A cancelled download closes the socket: stop waiting for a drain that never comes.
      if (!res.write(chunk)) {
        await new Promise<void>((resolve) => {
          res.once('drain', resolve);
          res.once('close', resolve);
        });
      }
    }
    res.end();
  } catch {
    // Headers are out: the only honest signal left is a cut connection (no half file looks whole).
    res.destroy();
  } finally {
    await chunks.return(undefined);
  }
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
