/**
 * Browser mode: serves the built renderer and the HTTP bridge on 127.0.0.1 only. Every API
 * request and every download must carry the random session token (it is in the URL printed at
 * start) and name this host (no DNS rebinding) and origin: both pass the bridge's one gate.
 */

import { createServer, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { InspectorService } from '../core/app/service';
import { EXPORT_FORMATS, fileExtension, isExportFormat, mimeType } from '../core/export';
import {
  API_PREFIX,
  createHttpBridge,
  createRequestGate,
  decodePath,
  DOWNLOAD_PATH,
  ROUTES,
  textResponse,
  type RequestGate,
} from '../core/api/http-bridge';
import { PRODUCTION_CSP_HEADER } from '../core/base/csp';
import { sendResponse, toRequest } from '../node/node-http';

/**
 * The origin requests are parsed against. Not the Host header: that is the client's word, and
 * the gate checks it.
 */
const REQUEST_ORIGIN = 'http://127.0.0.1';

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
  // The gate and the bridge need the port (for the Host check), known only once the server listens.
  const state: { bridge?: (request: Request) => Promise<Response>; gate?: RequestGate } = {};

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', REQUEST_ORIGIN);
        const pathname = decodePath(url.pathname);
        if (pathname === undefined) {
          await sendResponse(res, textResponse(400, 'bad request: the path is not valid percent-encoding'));
          return;
        }
        if (url.pathname === DOWNLOAD_PATH) {
          const admitted = await state.gate!(toRequest(req, REQUEST_ORIGIN), ROUTES.download);
          if (!admitted.ok) await sendResponse(res, admitted.response);
          else await serveDownload(res, url, options.api);
          return;
        }
        if (url.pathname.startsWith(API_PREFIX)) {
          await sendResponse(res, await state.bridge!(toRequest(req, REQUEST_ORIGIN)));
          return;
        }
        await serveStatic(res, options.rendererDir, pathname, req.method ?? 'GET');
      } catch (error) {
        // The details go to the terminal, not to whoever sent the request.
        process.stderr.write(`inspector web: ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        await sendResponse(res, textResponse(500, 'internal error: see the terminal that runs `inspector web`'));
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const gateOptions = { token, allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`] };
  state.gate = createRequestGate(gateOptions);
  state.bridge = createHttpBridge({ api: options.api, ...gateOptions });
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Browser mode's export: a batch streamed as a file download (the request has passed the gate).
 * Error texts do not repeat the query: it is whatever the link said.
 */
async function serveDownload(res: ServerResponse, url: URL, service: InspectorService): Promise<void> {
  const chatExport = url.searchParams.get('chatExport');
  if (chatExport !== null) return serveChatExport(res, chatExport, service);
  const live = url.searchParams.get('live');
  if (live !== null)
    return serveChunks(res, service.liveExportChunks(live), 'application/x-ndjson; charset=utf-8', `events-${live}.ndjson`);
  const batchId = url.searchParams.get('batch') ?? '';
  const format = url.searchParams.get('format') ?? '';
  if (!isExportFormat(format)) {
    await sendResponse(res, textResponse(400, `unknown format: use one of ${EXPORT_FORMATS.join(', ')}`));
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
  } catch {
    await sendResponse(res, textResponse(404, 'cannot export this batch: it may have ended with the app'));
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

/** Browser mode's export of the live events caught: NDJSON streamed as it is made. */
async function serveChunks(res: ServerResponse, chunks: AsyncGenerator<string>, contentType: string, name: string): Promise<void> {
  res.writeHead(200, {
    'content-type': contentType,
    'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  for await (const chunk of chunks) {
    if (res.destroyed) break;
    if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
  }
  res.end();
}

/** A finished whole-chat export, from browser mode's export folder (core/conversations/exports.ts). */
async function serveChatExport(res: ServerResponse, exportId: string, service: InspectorService): Promise<void> {
  const file = service.chatExportFile(exportId);
  const size = file
    ? await stat(file.path)
        .then((info) => info.size)
        .catch(() => undefined)
    : undefined;
  if (!file || size === undefined) {
    await sendResponse(res, textResponse(404, 'no finished chat export by that ID: it may still be running, or have ended with the app'));
    return;
  }
  res.writeHead(200, {
    'content-type': mimeType(file.format),
    'content-length': String(size),
    'content-disposition': `attachment; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  await pipeline(createReadStream(file.path), res).catch(() => res.destroy());
}

/** `pathname` is decoded already. */
async function serveStatic(res: ServerResponse, root: string, pathname: string, method: string): Promise<void> {
  if (method !== 'GET' && method !== 'HEAD') {
    res.writeHead(405).end();
    return;
  }
  const relative = path.normalize(pathname).replace(/^([/\\])+/, '');
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
