/**
 * Faults the sandbox can inject, so retries and error screens can be seen and tested without a
 * flaky platform: per message ID (`om_fault_<kind>` always fails, `om_flaky_<kind>` fails every
 * other time) and as a rate over every message call.
 */

export const FAULT_KINDS = ['429', '500', '502', '503', 'timeout', 'network', 'dns', 'tls', 'html', 'truncated'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export function isFaultKind(value: string): value is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(value);
}

export interface FaultSettings {
  /** Share of message calls that fail, 0 to 1. */
  rate: number;
  /** Which faults the rate draws from. */
  kinds: FaultKind[];
}

export const NO_FAULTS: FaultSettings = { rate: 0, kinds: ['429', '500', '502', '503'] };

/** `--faults 429,502` → ['429', '502'], or a message naming what is wrong. */
export function parseFaultKinds(text: string): FaultKind[] | string {
  const kinds = text
    .split(/[\s,]+/)
    .map((k) => k.trim())
    .filter(Boolean);
  const bad = kinds.filter((k) => !isFaultKind(k));
  if (bad.length) return `unknown fault kind(s) ${bad.join(', ')}; known: ${FAULT_KINDS.join(', ')}`;
  if (kinds.length === 0) return `name at least one fault kind: ${FAULT_KINDS.join(', ')}`;
  return kinds as FaultKind[];
}

/**
 * What the emulator answers for a fault. `timeout` never answers (until the caller aborts);
 * `network`, `dns` and `tls` throw as fetch does when the platform cannot be reached.
 */
export async function faultResponse(kind: FaultKind, logId: string, request: Request, signal = request.signal): Promise<Response> {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': logId, ...headers },
    });
  switch (kind) {
    case '429':
      return json(
        429,
        { code: 99991400, msg: 'request trigger frequency limit' },
        { 'x-ogw-ratelimit-limit': '50', 'x-ogw-ratelimit-reset': '1' },
      );
    case '500':
      return json(500, { code: 2200, msg: 'Internal Error', error: { log_id: logId } });
    case '502':
      return new Response(
        '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>',
        {
          status: 502,
          headers: { 'content-type': 'text/html', 'x-tt-logid': logId },
        },
      );
    case '503':
      return new Response('upstream connect error or disconnect/reset before headers', {
        status: 503,
        headers: { 'content-type': 'text/plain' },
      });
    case 'html':
      return new Response('<!DOCTYPE html><html><body>Please sign in to the corporate proxy</body></html>', {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    case 'truncated':
      return new Response('{"code":0,"msg":"success","data":{"items":[{"message_id":"om_', {
        status: 200,
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-tt-logid': logId },
      });
    case 'network':
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNRESET (sandbox fault)') });
    case 'dns':
      throw new TypeError('fetch failed', { cause: new Error(`getaddrinfo ENOTFOUND ${new URL(request.url).hostname} (sandbox fault)`) });
    case 'tls':
      throw new TypeError('fetch failed', { cause: new Error('unable to verify the first certificate (sandbox fault)') });
    case 'timeout':
      return new Promise((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
  }
}
