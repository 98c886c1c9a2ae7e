import { describe, expect, it } from 'vitest';
import { header } from '../events/frame';
import { SocketOpenError } from '../events/socket';
import { FakeClock } from '../testing/fake-clock';
import { connectLive, endpointAnswer, settle } from '../testing/live-client';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL, SANDBOX_BOT_APP_ID, type Sandbox } from './emulator';
import { ACK_TIMEOUT_MS, MAX_CONNECTIONS, PLATFORM_CLIENT_CONFIG } from './live';

async function send(sandbox: Sandbox, body: unknown) {
  const response = await sandbox.handle(new Request(`${SANDBOX_BASE_URL}/sandbox/v1/send`, { method: 'POST', body: JSON.stringify(body) }));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary JSON
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const credentials = (appId: string, secret = SANDBOX_APP_SECRET) => ({ AppID: appId, AppSecret: secret });

describe('the long connection endpoint', () => {
  it('answers a socket URL on the host it was asked on, device_id and service_id in its query but not first, and the config', async () => {
    const sandbox = createSandbox();
    const { status, body } = await endpointAnswer(sandbox, credentials(SANDBOX_BOT_APP_ID), 'http://127.0.0.1:4321');
    expect(status).toBe(200);
    expect(body.code).toBe(0);
    expect(body.data!.ClientConfig).toEqual(PLATFORM_CLIENT_CONFIG);
    const url = new URL(body.data!.URL);
    expect(url.protocol).toBe('ws:');
    expect(url.host).toBe('127.0.0.1:4321');
    expect(url.searchParams.get('device_id')).toMatch(/^\d+$/);
    expect(url.searchParams.get('service_id')).toMatch(/^\d+$/);
    expect([...url.searchParams.keys()][0]).not.toMatch(/^(device_id|service_id)$/);
    // The in-process base is https: its sockets are wss.
    expect((await endpointAnswer(sandbox, credentials(SANDBOX_APP_ID))).body.data!.URL).toMatch(/^wss:\/\/sandbox\.inspector\.invalid\//);
  });

  it("answers the platform's codes: wrong credentials, and each code on request by app ID", async () => {
    const sandbox = createSandbox();
    const code = async (body: unknown) => (await endpointAnswer(sandbox, body)).body;
    expect(await code(credentials(SANDBOX_BOT_APP_ID, 'wrong'))).toMatchObject({ code: 514, msg: expect.stringMatching(/auth failed/) });
    expect((await code(credentials('cli_0123456789abcdef'))).code).toBe(514);
    for (const wanted of [1, 403, 514, 1000040343, 1000040350]) {
      const answer = await code(credentials(`cli_error_${wanted}`));
      expect(answer.code).toBe(wanted);
      expect(answer.msg).toBeTruthy();
      expect(answer).not.toHaveProperty('data');
    }
    // Flaky: fails, then gets through, then fails again.
    const flaky = [];
    for (let i = 0; i < 3; i += 1) flaky.push((await code(credentials('cli_flaky_1000040343'))).code);
    expect(flaky).toEqual([1000040343, 0, 1000040343]);
    const notJson = await sandbox.handle(new Request(`${SANDBOX_BASE_URL}/callback/ws/endpoint`, { method: 'POST', body: '{' }));
    expect(notJson.status).toBe(400);
  });

  it('refuses a socket URL it did not hand out, and a 51st connection, with the handshake headers', async () => {
    const sandbox = createSandbox();
    const { body } = await endpointAnswer(sandbox, credentials(SANDBOX_BOT_APP_ID));
    const forged = body.data!.URL.replace(/ticket=[^&]+/, 'ticket=forged');
    await expect(sandbox.openSocket(forged)).rejects.toBeInstanceOf(SocketOpenError);
    await expect(sandbox.openSocket(forged)).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(/Handshake-Status: 514/),
    });
    expect(sandbox.admitSocket(forged)).toMatchObject({ ok: false, headers: { 'Handshake-Status': '514' } });

    const spare = await endpointAnswer(sandbox, credentials(SANDBOX_BOT_APP_ID));
    for (let i = 0; i < MAX_CONNECTIONS; i += 1) await connectLive(sandbox);
    expect(sandbox.live.connections).toBe(MAX_CONNECTIONS);
    expect((await endpointAnswer(sandbox, credentials(SANDBOX_BOT_APP_ID))).body.code).toBe(1000040350);
    expect(sandbox.admitSocket(spare.body.data!.URL)).toMatchObject({
      ok: false,
      status: 403,
      headers: { 'Handshake-Status': '514', 'Handshake-Autherrcode': '1000040350' },
    });
  });
});

describe('a connection to the sandbox', () => {
  it('answers a ping with a pong carrying the four ClientConfig fields', async () => {
    const config = { PingInterval: 5, ReconnectCount: 3, ReconnectInterval: 2, ReconnectNonce: 1 };
    const sandbox = createSandbox({ live: { clientConfig: config } });
    const client = await connectLive(sandbox);
    client.ping();
    await settle();
    const pong = client.frames.find((frame) => header(frame, 'type') === 'pong')!;
    expect(pong).toMatchObject({ method: 0, service: Number(new URL(client.url).searchParams.get('service_id')) });
    expect(JSON.parse(new TextDecoder().decode(pong.payload))).toEqual(config);
    expect(sandbox.live.stats.pings).toBe(1);
  });

  it('pushes a sent message as one data frame with the headers the platform sets, its header naming the app connected', async () => {
    const sandbox = createSandbox();
    const client = await connectLive(sandbox, { appId: SANDBOX_APP_ID });
    const sent = await send(sandbox, { text: 'hello' });
    await settle();
    expect(client.events).toHaveLength(1);
    const [event] = client.events;
    const frame = event!.frames[0]!;
    expect(frame.method).toBe(1);
    expect(Object.fromEntries(frame.headers.map((h) => [h.key, h.value]))).toEqual({
      type: 'event',
      message_id: event!.messageId,
      sum: '1',
      seq: '0',
      trace_id: expect.any(String),
    });
    expect(event!.body).toMatchObject({
      schema: '2.0',
      header: { event_type: 'im.message.receive_v1', app_id: SANDBOX_APP_ID, event_id: sent.body.event_id },
      event: { message: { message_id: sent.body.message_id, content: '{"text":"hello"}' } },
    });
  });

  it('splits a large event into fragments with sum and seq, and a hook forces (and reverses) them', async () => {
    const sandbox = createSandbox();
    const client = await connectLive(sandbox, { autoAck: true });
    await send(sandbox, { text: '长'.repeat(40_000) });
    await settle();
    const big = client.events[0]!;
    expect(big.frames.length).toBeGreaterThan(1);
    expect(big.frames.map((f) => header(f, 'seq'))).toEqual(big.frames.map((_, i) => String(i)));
    expect(new Set(big.frames.map((f) => header(f, 'sum')))).toEqual(new Set([String(big.frames.length)]));
    expect(new Set(big.frames.map((f) => header(f, 'message_id'))).size).toBe(1);
    expect(JSON.parse(big.body.event.message.content).text).toHaveLength(40_000);

    sandbox.setLiveSettings({ forceFragments: 3, fragmentsReversed: true });
    await send(sandbox, { text: 'three parts' });
    await settle();
    const small = client.events[1]!;
    expect(small.frames.map((f) => [header(f, 'seq'), header(f, 'sum')])).toEqual([
      ['2', '3'],
      ['1', '3'],
      ['0', '3'],
    ]);
    expect(JSON.parse(small.body.event.message.content)).toEqual({ text: 'three parts' });
  });

  it('sends an event again when no acknowledgement comes within 3 s on its clock, and not after one', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const client = await connectLive(sandbox);
    await send(sandbox, { text: 'unanswered' });
    await settle();
    expect(client.events).toHaveLength(1);
    clock.advance(ACK_TIMEOUT_MS - 1);
    await settle();
    expect(client.events).toHaveLength(1);
    clock.advance(1);
    await settle();
    expect(client.events).toHaveLength(2);
    const [first, again] = client.events;
    expect(again!.body.header.event_id).toBe(first!.body.header.event_id);
    expect(again!.messageId).toBe(first!.messageId);

    client.ack(again!);
    await settle();
    clock.advance(10 * ACK_TIMEOUT_MS);
    await settle();
    expect(client.events).toHaveLength(2);
    expect(sandbox.live.stats).toMatchObject({ deliveries: 2, resends: 1, acknowledged: 1 });

    // An acknowledgement that says the bot failed is no acknowledgement.
    await send(sandbox, { text: 'failed' });
    await settle();
    client.ack(client.events[2]!, 500);
    await settle();
    clock.advance(ACK_TIMEOUT_MS);
    await settle();
    expect(client.events).toHaveLength(4);
    expect(sandbox.live.stats.failedAcks).toBe(1);
  });

  it('gives each event to one of the app connections, not to all', async () => {
    const sandbox = createSandbox();
    const clients = [];
    for (let i = 0; i < 3; i += 1) clients.push(await connectLive(sandbox, { autoAck: true, appId: i === 0 ? SANDBOX_APP_ID : undefined }));
    const sent = [];
    for (let i = 0; i < 30; i += 1) sent.push((await send(sandbox, { text: `n${i}` })).body.event_id);
    await settle();
    const received = clients.map((client) => client.events.map((event) => event.body.header.event_id as string));
    expect(received.flat().sort()).toEqual([...sent].sort());
    expect(received.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
  });

  it('holds events while the app has no connection, and hands them to the next one', async () => {
    const sandbox = createSandbox();
    const sent = await send(sandbox, { text: 'before anyone listens' });
    const client = await connectLive(sandbox);
    await settle();
    expect(client.events.map((event) => event.body.header.event_id)).toEqual([sent.body.event_id]);
  });

  it('drops connections now and then while faults are on, never while they are off', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const calm = await connectLive(sandbox);
    clock.advance(10 * 60_000);
    await settle();
    expect(calm.closes).toEqual([]);

    sandbox.setFaults({ rate: 0.1, kinds: ['500'] });
    clock.advance(60_000);
    await settle();
    expect(calm.closes).toEqual([{ code: 1006, reason: expect.any(String) }]);
    expect(sandbox.live.connections).toBe(0);
    expect(sandbox.live.stats.connectionsDropped).toBe(1);

    sandbox.setFaults({ rate: 0, kinds: ['500'] });
    sandbox.setLiveSettings({ dropEveryMs: 10_000 });
    const timed = await connectLive(sandbox);
    clock.advance(9_999);
    await settle();
    expect(timed.closes).toEqual([]);
    clock.advance(1);
    await settle();
    expect(timed.closes.map((close) => close.code)).toEqual([1006]);
  });

  it('sends an event that was in flight on a dropped connection again, to the next connection', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const first = await connectLive(sandbox);
    await send(sandbox, { text: 'in flight' });
    await settle();
    expect(sandbox.dropConnections()).toBe(1);
    await settle();
    expect(first.closes.map((close) => close.code)).toEqual([1006]);
    const second = await connectLive(sandbox, { autoAck: true });
    clock.advance(ACK_TIMEOUT_MS);
    await settle();
    expect(second.events.map((event) => event.body.header.event_id)).toEqual(first.events.map((event) => event.body.header.event_id));
  });
});
