import { request, type IncomingHttpHeaders } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, type WebServer } from './web';
import { TOKEN_HEADER } from '../core/api/http-bridge';
import { InspectorService } from '../core/app/service';
import { memoryStores } from '../core/testing/memory-stores';
import { FakeClock } from '../core/testing/fake-clock';

let web: WebServer;
let host: string;

beforeAll(async () => {
  const rendererDir = mkdtempSync(path.join(tmpdir(), 'inspector-web-test-'));
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>inspector</title>');
  web = await startWebServer({
    api: new InspectorService({
      stores: memoryStores(new FakeClock()),
      fetch: () => Promise.reject(new Error('offline')),
      clock: new FakeClock(),
      host: 'browser',
      version: 'test',
    }),
    rendererDir,
  });
  host = `127.0.0.1:${web.port}`;
});
afterAll(() => web.close());

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A raw request (node:http, not fetch: the tests set Host and Origin and stream bodies themselves). */
function send(method: string, target: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, method, path: target, headers: { host, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const apiHeaders = () => ({ 'content-type': 'application/json', [TOKEN_HEADER]: web.token });

describe('inspector web', () => {
  it('stops reading a chunked API body at the cap and answers 413, without buffering the rest', async () => {
    const total = 5 * 1024 * 1024;
    let serverBytesRead = 0;
    const serverSocketClosed = new Promise<void>((resolve) => {
      web.server.once('connection', (socket) => socket.once('close', () => ((serverBytesRead = socket.bytesRead), resolve())));
    });
    const req = request({
      host: '127.0.0.1',
      port: web.port,
      method: 'POST',
      path: '/api/listProfiles',
      headers: { host, ...apiHeaders(), 'transfer-encoding': 'chunked' },
    });
    let status = 0;
    const answered = new Promise<void>((resolve) =>
      req.once('response', (res) => {
        status = res.statusCode ?? 0;
        res.resume();
        resolve();
      }),
    );
    let closed = false;
    req.on('error', () => (closed = true));
    req.on('close', () => (closed = true));
    const chunk = Buffer.alloc(64 * 1024, ' ');
    let written = 0;
    while (written < total && !closed) {
      // Each write waits for the kernel to take it: a server that stops reading stalls the loop until it closes the socket.
      await new Promise<void>((resolve) => {
        req.write(chunk, () => resolve());
        req.once('close', resolve);
      });
      written += chunk.length;
    }
    if (!closed) req.end();
    await answered;
    req.destroy();
    await serverSocketClosed;
    expect(status).toBe(413);
    expect(serverBytesRead).toBeLessThan(2 * 1024 * 1024);
  });

  it('reads a chunked API body under the cap whole', async () => {
    const body = `[${' '.repeat(900 * 1024)}]`;
    const answer = await send('POST', '/api/listProfiles', { ...apiHeaders(), 'transfer-encoding': 'chunked' }, body);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true });
  });

  it('answers 400 to a path that is not valid percent-encoding, without the exception text', async () => {
    for (const [method, target] of [
      ['GET', '/%E0%A4%A'],
      ['POST', '/api/%E0%A4%A'],
    ] as const) {
      const answer = await send(method, target, apiHeaders(), method === 'POST' ? '[]' : undefined);
      expect(answer.status, target).toBe(400);
      expect(answer.body, target).not.toMatch(/URI|malformed|internal/i);
      expect(answer.headers['x-content-type-options'], target).toBe('nosniff');
    }
  });

  it('refuses a download from a foreign Origin, even with the right token', async () => {
    const target = `/download?token=${web.token}&batch=b1&format=json`;
    expect((await send('GET', target, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await send('GET', target, { origin: 'null' })).status).toBe(403);
    expect((await send('GET', target, { host: `evil.example:${web.port}` })).status).toBe(403);
    expect((await send('GET', `/download?token=wrong&batch=b1&format=json`)).status).toBe(401);
    expect((await send('POST', target, {}, 'x')).status).toBe(405);
    // Our own origin gets as far as the batch (there is none).
    expect((await send('GET', target, { origin: `http://${host}` })).status).toBe(404);
  });

  it("answers a download's errors in plain text with nosniff, without echoing the query", async () => {
    const script = '<script>alert(1)</script>';
    for (const query of [`batch=b1&format=${encodeURIComponent(script)}`, `batch=${encodeURIComponent(script)}&format=html`]) {
      const answer = await send('GET', `/download?token=${web.token}&${query}`);
      expect(answer.status, query).toBeGreaterThanOrEqual(400);
      expect(answer.headers['x-content-type-options'], query).toBe('nosniff');
      expect(answer.headers['content-type'], query).toMatch(/^text\/plain/);
      expect(answer.body, query).not.toContain('<script');
    }
  });
});
