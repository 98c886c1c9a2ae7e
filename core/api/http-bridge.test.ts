import { describe, expect, it } from 'vitest';
import { createHttpBridge, TOKEN_HEADER } from './http-bridge';
import { InspectorService } from '../app/service';
import { memoryStores } from '../testing/memory-stores';
import { FakeClock } from '../testing/fake-clock';
import { SEED_MESSAGE_ID } from '../sandbox/fixtures/messages';

const HOST = '127.0.0.1:4321';
const TOKEN = 'session-token-0123456789';

const bridge = createHttpBridge({
  api: new InspectorService({
    stores: memoryStores(new FakeClock()),
    fetch: () => Promise.reject(new Error('offline')),
    clock: new FakeClock(),
    host: 'browser',
    version: 'test',
  }),
  token: TOKEN,
  allowedHosts: [HOST, 'localhost:4321'],
});

function call(method: string, args: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return bridge(
    new Request(`http://${HOST}/api/${method}`, {
      method: 'POST',
      headers: { host: HOST, 'content-type': 'application/json', [TOKEN_HEADER]: TOKEN, ...headers },
      body: JSON.stringify(args),
      ...init,
    }),
  );
}

describe('HTTP bridge', () => {
  it('serves every contract method by name', async () => {
    const response = await call('getMessage', [{ messageId: SEED_MESSAGE_ID }]);
    expect(response.status).toBe(200);
    const reply = await response.json();
    expect(reply).toMatchObject({ ok: true, value: { ok: true, messageId: SEED_MESSAGE_ID } });
  });

  it('requires the session token', async () => {
    expect((await call('listProfiles', [], { [TOKEN_HEADER]: '' })).status).toBe(401);
    expect((await call('listProfiles', [], { [TOKEN_HEADER]: 'session-token-0123456788' })).status).toBe(401);
  });

  it('rejects a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    expect((await call('listProfiles', [], { host: 'evil.example:4321' })).status).toBe(403);
    expect((await call('listProfiles', [], { origin: 'https://evil.example' })).status).toBe(403);
    expect((await call('listProfiles', [], { origin: `http://${HOST}` })).status).toBe(200);
  });

  it('refuses GET, non-JSON bodies, unknown methods and bad arguments', async () => {
    expect((await bridge(new Request(`http://${HOST}/api/listProfiles`, { headers: { host: HOST, [TOKEN_HEADER]: TOKEN } }))).status).toBe(
      405,
    );
    expect((await call('listProfiles', [], { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call('nope', [])).status).toBe(404);
    expect((await call('getMessage', [{ messageId: 7 }])).status).toBe(400);
  });

  it('stops pulling a body without a length once it passes the 1 MB cap', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(32);
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
        if (pulled >= 5 * 1024 * 1024) controller.close();
      },
    });
    const response = await call('listProfiles', undefined, {}, { body, duplex: 'half' } as RequestInit);
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(1.5 * 1024 * 1024);
  });

  it('answers 400 to a method name that is not valid percent-encoding', async () => {
    expect((await call('%E0%A4%A', [])).status).toBe(400);
  });
});
