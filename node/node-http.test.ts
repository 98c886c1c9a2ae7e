import { afterEach, describe, expect, it } from 'vitest';
import { serveOnLoopback, type LoopbackHandler, type LoopbackServer } from './node-http';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(handle: LoopbackHandler): Promise<string> {
  server = await serveOnLoopback(handle);
  return server.url;
}

describe('serveOnLoopback', () => {
  it('passes status, headers and body through', async () => {
    const url = await serve(async (request) =>
      Response.json({ path: new URL(request.url).pathname }, { status: 418, headers: { 'x-tt-logid': 'log-1' } }),
    );
    const response = await fetch(`${url}/open-apis/x`);
    expect(response.status).toBe(418);
    expect(response.headers.get('x-tt-logid')).toBe('log-1');
    expect(await response.json()).toEqual({ path: '/open-apis/x' });
  });

  it('drops the connection when the handler throws (a network fault), and goes on serving', async () => {
    let calls = 0;
    const url = await serve(async () => {
      calls += 1;
      if (calls === 1) throw new TypeError('fetch failed', { cause: new Error('connect ECONNRESET (sandbox fault)') });
      return new Response('fine');
    });
    await expect(fetch(`${url}/first`)).rejects.toThrow('fetch failed');
    expect(await (await fetch(`${url}/second`)).text()).toBe('fine');
  });

  it("aborts the handler's signal when the client gives up before the answer", async () => {
    let handlerAborted: (reason: unknown) => void = () => undefined;
    const aborted = new Promise((resolve) => (handlerAborted = resolve));
    let handlerCalled: () => void = () => undefined;
    const called = new Promise<void>((resolve) => (handlerCalled = resolve));
    const url = await serve(
      (_request, { signal }) =>
        new Promise((_, reject) => {
          handlerCalled();
          signal.addEventListener('abort', () => {
            handlerAborted(signal.reason);
            reject(signal.reason);
          });
        }),
    );
    const client = new AbortController();
    const pending = fetch(`${url}/never`, { signal: client.signal });
    await called;
    client.abort();
    await expect(pending).rejects.toThrow();
    expect(String(await aborted)).toContain('the client closed the connection');
  });

  it('streams a body as it is made, and cancels the rest when the client goes away', async () => {
    let release: () => void = () => undefined;
    const second = new Promise<void>((resolve) => (release = resolve));
    let cancelled: (reason: unknown) => void = () => undefined;
    const wasCancelled = new Promise((resolve) => (cancelled = resolve));
    const url = await serve(
      async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              controller.enqueue(new TextEncoder().encode('piece\n'));
              // The next piece only once the first has been read: a body gathered first never gets there.
              await second;
              await new Promise((resolve) => setTimeout(resolve, 5));
            },
            cancel: (reason) => cancelled(reason),
          }),
        ),
    );
    const client = new AbortController();
    const response = await fetch(`${url}/slow`, { signal: client.signal });
    const reader = response.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('piece\n');
    release();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('piece\n');
    client.abort();
    await wasCancelled;
  });
});
