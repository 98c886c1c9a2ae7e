/**
 * The loopback HTTP binding of InspectorApi (browser mode), as a fetch-standard handler. Every
 * method of the contract is reachable at `POST /api/<method>` with a JSON array of arguments,
 * by construction: the route is looked up in the contract, not written per method.
 *
 * Browser mode is reachable by any page the user's browser opens, so each request must carry
 * the session token, name our own host (DNS rebinding), and, when a browser sends an Origin,
 * come from our own origin (cross-site requests).
 */

import { dispatch, type InspectorApi, type Reply } from './contract';

export const API_PREFIX = '/api/';
export const TOKEN_HEADER = 'x-inspector-token';
/** Large enough for any argument the contract takes; anything bigger is refused unread. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpBridgeOptions {
  api: InspectorApi;
  token: string;
  /** Host header values that name this server, e.g. `127.0.0.1:5173` and `localhost:5173`. */
  allowedHosts: readonly string[];
}

export function createHttpBridge(options: HttpBridgeOptions): (request: Request) => Promise<Response> {
  const allowedOrigins = new Set(options.allowedHosts.map((host) => `http://${host}`));
  const allowedHosts = new Set(options.allowedHosts);
  const reply = (status: number, body: Reply) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  const refuse = (status: number, message: string) => reply(status, { ok: false, error: { code: 'forbidden', message } });

  return async (request) => {
    const host = request.headers.get('host') ?? new URL(request.url).host;
    if (!allowedHosts.has(host)) return refuse(403, `host ${host} is not this server`);
    const origin = request.headers.get('origin');
    if (origin !== null && !allowedOrigins.has(origin)) return refuse(403, `origin ${origin} may not call this server`);
    if (!constantTimeEqual(request.headers.get(TOKEN_HEADER) ?? '', options.token)) {
      return refuse(401, 'missing or wrong session token: open the URL that `inspector web` printed');
    }
    if (request.method !== 'POST') return refuse(405, 'use POST');
    const contentType = request.headers.get('content-type') ?? '';
    if (!contentType.startsWith('application/json')) return refuse(415, 'send application/json');
    const length = Number(request.headers.get('content-length') ?? '0');
    if (length > MAX_BODY_BYTES) return refuse(413, 'request too large');

    const method = decodeURIComponent(new URL(request.url).pathname.slice(API_PREFIX.length));
    let args: unknown;
    try {
      const text = await request.text();
      if (text.length > MAX_BODY_BYTES) return refuse(413, 'request too large');
      args = text ? JSON.parse(text) : [];
    } catch {
      return reply(400, { ok: false, error: { code: 'bad_arguments', message: 'the body is not JSON' } });
    }
    const result = await dispatch(options.api, method, args);
    const status = result.ok ? 200 : result.error.code === 'unknown_method' ? 404 : result.error.code === 'bad_arguments' ? 400 : 500;
    return reply(status, result);
  };
}

export function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length || b.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
