/**
 * The two steps before a long connection carries anything: `POST {base}/callback/ws/endpoint`
 * with the app's credentials, which hands out a WebSocket URL and the ClientConfig, and the
 * WebSocket handshake at that URL. Each failure becomes a `FeishuFailure` (stage `event_endpoint`
 * or `event_socket`), which the error catalogue explains as it explains a lookup's.
 */

import type { Clock, FetchLike } from '../base/ports';
import { cutBody, redactText } from '../feishu/exchange';
import type { FeishuFailure } from '../feishu/types';
import { readClientConfig, type ClientConfig } from './config';
import { SocketOpenError } from './socket';
import { untilAborted } from '../base/abort';

export const ENDPOINT_PATH = '/callback/ws/endpoint';

/** The endpoint's codes (FEISHU.md). */
export const ENDPOINT_CODES = {
  ok: 0,
  busy: 1,
  forbidden: 403,
  authFailed: 514,
  internal: 1000040343,
  tooManyConnections: 1000040350,
} as const;

export interface Endpoint {
  /** The WebSocket URL; its query carries credentials of the connection (keep it out of logs: see `socketAddress`). */
  url: string;
  serviceId: number;
  deviceId?: string;
  config: ClientConfig;
}

export type EndpointOutcome = { ok: true; endpoint: Endpoint } | { ok: false; failure: FeishuFailure };

export interface EndpointRequest {
  baseUrl: string;
  appId: string;
  appSecret: string;
  fetch: FetchLike;
  clock: Clock;
  /** The ClientConfig the answer's fields are read over. */
  config: ClientConfig;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Asks for an endpoint. Never throws, except the caller's abort. */
export async function requestEndpoint(request: EndpointRequest): Promise<EndpointOutcome> {
  const { clock, signal } = request;
  const stage = 'event_endpoint';
  const secrets = [request.appSecret];
  if (signal.aborted) throw signal.reason;
  const controller = new AbortController();
  let timedOut = false;
  const cancelTimer = clock.after(request.timeoutMs, () => {
    timedOut = true;
    controller.abort(new Error('timeout'));
  });
  const forwardAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forwardAbort, { once: true });
  let response: Response;
  let text: string;
  try {
    const http = new Request(`${request.baseUrl.replace(/\/+$/, '')}${ENDPOINT_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ AppID: request.appId, AppSecret: request.appSecret }),
    });
    // The race, not only the abort, ends the request: a fetch double may ignore its signal.
    const answer = untilAborted(
      (async () => {
        const res = await request.fetch(http, { signal: controller.signal });
        return { res, body: await res.text() };
      })(),
      controller.signal,
    );
    ({ res: response, body: text } = await answer);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (timedOut) return { ok: false, failure: { kind: 'timeout', stage, msg: `no answer within ${request.timeoutMs} ms` } };
    return { ok: false, failure: { kind: 'network', stage, msg: redactText(describeError(error), secrets) } };
  } finally {
    cancelTimer();
    signal.removeEventListener('abort', forwardAbort);
  }

  const logId = response.headers.get('x-tt-logid') ?? undefined;
  const body = cutBody(redactText(text, secrets));
  const answered = { stage, httpStatus: response.status, body, ...(logId ? { logId } : {}) } as const;
  let json: { code?: unknown; msg?: unknown; data?: { URL?: unknown; ClientConfig?: unknown } };
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    const trimmed = text.trimStart();
    const kind = trimmed.startsWith('{') || trimmed.startsWith('[') ? 'truncated_json' : response.ok ? 'not_json' : 'http';
    return { ok: false, failure: { ...answered, kind, msg: `${response.status} ${response.statusText || 'response'} is not JSON` } };
  }
  const code = typeof json?.code === 'number' ? json.code : undefined;
  if (code === undefined) {
    return {
      ok: false,
      failure: { ...answered, kind: response.ok ? 'not_json' : 'http', msg: `HTTP ${response.status} without a platform code` },
    };
  }
  if (code !== ENDPOINT_CODES.ok) {
    const msg = typeof json.msg === 'string' ? redactText(json.msg, secrets) : '';
    return { ok: false, failure: { ...answered, kind: 'api', code, msg } };
  }
  const url = typeof json.data?.URL === 'string' ? json.data.URL : '';
  const query = queryOf(url);
  const serviceId = Number(query?.get('service_id') ?? Number.NaN);
  if (!query || !Number.isInteger(serviceId)) {
    // The body holds the connection's URL, credentials in its query: it is not kept.
    return {
      ok: false,
      failure: { stage, httpStatus: response.status, kind: 'not_json', msg: 'the endpoint answered without a URL carrying a service_id' },
    };
  }
  const deviceId = query.get('device_id') ?? undefined;
  return {
    ok: true,
    endpoint: {
      url,
      serviceId,
      config: readClientConfig(json.data?.ClientConfig, request.config),
      ...(deviceId !== undefined ? { deviceId } : {}),
    },
  };
}

/**
 * A failed handshake as a failure. The platform says why in the refusal's headers:
 * `handshake-status` (403 forbidden, 514 auth failed, …) and, for 514, `handshake-autherrcode`
 * (1000040350: too many connections), which is the code that matters then.
 */
export function handshakeFailure(error: unknown, timedOut: boolean, timeoutMs: number): FeishuFailure {
  const stage = 'event_socket';
  if (timedOut) return { kind: 'timeout', stage, msg: `the WebSocket handshake took longer than ${timeoutMs} ms` };
  if (!(error instanceof SocketOpenError)) return { kind: 'network', stage, msg: describeError(error) };
  const headers = error.headers ?? {};
  const status = positiveInteger(headers['handshake-status']);
  const authCode = positiveInteger(headers['handshake-autherrcode']);
  const code = status === ENDPOINT_CODES.authFailed && authCode !== undefined ? authCode : status;
  const msg = headers['handshake-msg'] || error.message;
  return {
    kind: error.status === undefined ? 'network' : 'http',
    stage,
    msg,
    ...(error.status !== undefined ? { httpStatus: error.status } : {}),
    ...(code !== undefined ? { code } : {}),
  };
}

/** `wss://host/path` of a connection URL, without its query (which carries the connection's credentials). */
export function socketAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

function queryOf(url: string): URLSearchParams | undefined {
  try {
    return new URL(url).searchParams;
  } catch {
    return undefined;
  }
}

function positiveInteger(value: string | undefined): number | undefined {
  const number = Number(value);
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : undefined;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
  }
  return String(error);
}
