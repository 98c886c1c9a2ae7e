/**
 * The loopback HTTP binding of InspectorApi (browser mode), as a fetch-standard handler. Every
 * method of the contract is reachable at `POST /api/<method>` with a JSON array of arguments,
 * by construction: the route is looked up in the contract, not written per method.
 *
 * Browser mode is reachable by any page the user's browser opens, so each request must carry
 * the session token, name our own host (DNS rebinding), and, when a browser sends an Origin,
 * come from our own origin (cross-site requests). Every route that needs the token passes the
 * same gate (`createRequestGate`), with its rule from `ROUTES`: the checks cannot drift apart.
 */

import { dispatch, type InspectorApi, type Reply } from './contract';

export const API_PREFIX = '/api/';
/** Browser mode's export downloads (GET, token in the query: a link cannot carry headers). */
export const DOWNLOAD_PATH = '/download';
export const TOKEN_HEADER = 'x-inspector-token';
/** Large enough for any argument the contract takes; anything bigger is refused, and read no further. */
const MAX_BODY_BYTES = 1024 * 1024;

/** What a route asks of a request, on top of the Host and Origin checks every route makes. */
export interface RouteRule {
  method: 'GET' | 'POST';
  /** Where the session token rides: a header (fetch), or the query (a link cannot set headers). */
  token: 'header' | 'query';
  /** The body's media type, when the route takes one. */
  contentType?: string;
  /** 0: the route takes no body. */
  maxBodyBytes: number;
  /** How a refusal is written: a JSON reply for the renderer's fetch, text for a page the browser shows. */
  answer: 'json' | 'text';
}

export const ROUTES = {
  api: { method: 'POST', token: 'header', contentType: 'application/json', maxBodyBytes: MAX_BODY_BYTES, answer: 'json' },
  download: { method: 'GET', token: 'query', maxBodyBytes: 0, answer: 'text' },
} as const satisfies Record<string, RouteRule>;

export interface GateOptions {
  token: string;
  /** Host header values that name this server, e.g. `127.0.0.1:5173` and `localhost:5173`. */
  allowedHosts: readonly string[];
}

export type GateOutcome = { ok: true; body: string } | { ok: false; response: Response };

/** Checks a request against its route's rule and reads its body within the cap: the body, or the refusal to send. */
export type RequestGate = (request: Request, rule: RouteRule) => Promise<GateOutcome>;

const SAFE_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

function jsonReply(status: number, body: Reply, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...SAFE_HEADERS, ...headers },
  });
}

/** A text answer (errors of routes a browser shows as a page): never sniffed as HTML, never cached. */
export function textResponse(status: number, text: string, headers: Record<string, string> = {}): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...SAFE_HEADERS, ...headers } });
}

/**
 * A refusal in the route's form. It closes the connection: a refused request's body is not
 * worth reading (the host stops reading it), and a caller that was refused gets nothing more.
 */
function refusal(rule: RouteRule, status: number, message: string, headers: Record<string, string> = {}): Response {
  const all = { connection: 'close', ...headers };
  if (rule.answer === 'json') return jsonReply(status, { ok: false, error: { code: 'forbidden', message } }, all);
  return textResponse(status, message, all);
}

export function createRequestGate(options: GateOptions): RequestGate {
  const allowedOrigins = new Set(options.allowedHosts.map((host) => `http://${host}`));
  const allowedHosts = new Set(options.allowedHosts);
  return async (request, rule) => {
    const refuse = (status: number, message: string, headers?: Record<string, string>): GateOutcome => ({
      ok: false,
      response: refusal(rule, status, message, headers),
    });
    const host = request.headers.get('host') ?? new URL(request.url).host;
    // The offending values are not echoed: they come from whoever sent the request.
    if (!allowedHosts.has(host)) return refuse(403, 'forbidden: the Host header does not name this server');
    const origin = request.headers.get('origin');
    if (origin !== null && !allowedOrigins.has(origin)) return refuse(403, 'forbidden: pages of other origins may not call this server');
    const token = rule.token === 'header' ? request.headers.get(TOKEN_HEADER) : new URL(request.url).searchParams.get('token');
    if (!constantTimeEqual(token ?? '', options.token)) {
      return refuse(401, 'missing or wrong session token: open the URL that `inspector web` printed');
    }
    if (request.method !== rule.method) return refuse(405, `use ${rule.method}`, { allow: rule.method });
    if (rule.contentType !== undefined && !(request.headers.get('content-type') ?? '').startsWith(rule.contentType)) {
      return refuse(415, `send ${rule.contentType}`);
    }
    const length = Number(request.headers.get('content-length') ?? '0');
    const chunked = request.headers.has('transfer-encoding');
    if (!(length <= rule.maxBodyBytes) || (chunked && rule.maxBodyBytes === 0)) return refuse(413, 'request too large');
    let body: string | undefined;
    try {
      body = await readCappedText(request, rule.maxBodyBytes);
    } catch {
      return refuse(400, 'the request body was cut short');
    }
    return body === undefined ? refuse(413, 'request too large') : { ok: true, body };
  };
}

/**
 * The body as text, or undefined once it passes `maxBytes`: bytes are counted as they arrive
 * (a chunked body names no length), and the rest is left unread (the stream is cancelled).
 */
async function readCappedText(request: Request, maxBytes: number): Promise<string | undefined> {
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** A path decoded, or undefined when its percent-encoding is malformed (`/%E0%A4%A`): a bad request, not an error of ours. */
export function decodePath(pathname: string): string | undefined {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

export interface HttpBridgeOptions extends GateOptions {
  api: InspectorApi;
}

export function createHttpBridge(options: HttpBridgeOptions): (request: Request) => Promise<Response> {
  const gate = createRequestGate(options);
  return async (request) => {
    const admitted = await gate(request, ROUTES.api);
    if (!admitted.ok) return admitted.response;
    const method = decodePath(new URL(request.url).pathname.slice(API_PREFIX.length));
    if (method === undefined) {
      return jsonReply(400, { ok: false, error: { code: 'bad_arguments', message: 'the method name is not valid percent-encoding' } });
    }
    let args: unknown;
    try {
      args = admitted.body ? JSON.parse(admitted.body) : [];
    } catch {
      return jsonReply(400, { ok: false, error: { code: 'bad_arguments', message: 'the body is not JSON' } });
    }
    const result = await dispatch(options.api, method, args);
    const status = result.ok ? 200 : result.error.code === 'unknown_method' ? 404 : result.error.code === 'bad_arguments' ? 400 : 500;
    return jsonReply(status, result);
  };
}

export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length || b.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
