import { describe, expect, it } from 'vitest';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from './emulator';
import { SEED_ERROR_CODES } from './fixtures/errors';
import { SEED_MESSAGE_ID } from './fixtures/messages';
import { FakeClock } from '../testing/fake-clock';

const BASE = 'http://127.0.0.1:9999';

async function token(
  sandbox: ReturnType<typeof createSandbox>,
  body: unknown = { app_id: SANDBOX_APP_ID, app_secret: SANDBOX_APP_SECRET },
) {
  const response = await sandbox.handle(
    new Request(`${BASE}/open-apis/auth/v3/tenant_access_token/internal`, { method: 'POST', body: JSON.stringify(body) }),
  );
  return {
    status: response.status,
    body: (await response.json()) as { code: number; msg: string; tenant_access_token?: string; expire?: number },
  };
}

async function get(sandbox: ReturnType<typeof createSandbox>, id: string, bearer?: string, query = '') {
  const response = await sandbox.handle(
    new Request(`${BASE}/open-apis/im/v1/messages/${id}${query}`, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} }),
  );
  return {
    status: response.status,
    logId: response.headers.get('x-tt-logid'),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary API JSON
    body: (await response.json()) as Record<string, any>,
  };
}

describe('sandbox emulator', () => {
  it('issues a tenant token in the seed shape for the sandbox credentials only', async () => {
    const sandbox = createSandbox();
    const ok = await token(sandbox);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(ok.body.tenant_access_token).toMatch(/^t-/);
    expect((await token(sandbox, { app_id: 'cli_other', app_secret: SANDBOX_APP_SECRET })).body.code).toBe(10003);
    expect((await token(sandbox, { app_id: SANDBOX_APP_ID, app_secret: 'wrong' })).body.code).toBe(10014);
  });

  it('serves the seed example exactly as the API page shows it', async () => {
    const sandbox = createSandbox();
    const { body: t } = await token(sandbox);
    const { status, body } = await get(sandbox, SEED_MESSAGE_ID, t.tenant_access_token);
    expect(status).toBe(200);
    expect(body.code).toBe(0);
    expect(body.msg).toBe('success');
    const item = body.data.items[0];
    expect(item.body.content).toBe('{"text":"test content"}');
    expect(item.mentions[0]).toMatchObject({ key: '@_user_1', name: 'Tom', id_type: 'open_id' });
    expect(item).toMatchObject({ thread_id: 'omt_d4be107c616a', create_time: '1615380573411', chat_id: 'oc_5ad11d72b830411d72b836c20' });
  });

  it('hands out the current token again, then a new one near expiry, and forgets expired ones', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const first = (await token(sandbox)).body;
    expect(first.expire).toBe(7200);
    clock.advance(60 * 60 * 1000);
    // An hour later: the same token, with what is left of its two hours.
    expect((await token(sandbox)).body).toMatchObject({ tenant_access_token: first.tenant_access_token, expire: 3600 });
    clock.advance(40 * 60 * 1000);
    const second = (await token(sandbox)).body;
    expect(second.tenant_access_token).not.toBe(first.tenant_access_token);
    expect(second.expire).toBe(7200);
    // The old one still works until its own end, then answers 99991663 as any unknown token.
    expect((await get(sandbox, SEED_MESSAGE_ID, first.tenant_access_token)).body.code).toBe(0);
    clock.advance(20 * 60 * 1000);
    expect((await get(sandbox, SEED_MESSAGE_ID, first.tenant_access_token)).body.code).toBe(99991663);
    expect((await get(sandbox, SEED_MESSAGE_ID, second.tenant_access_token)).body.code).toBe(0);
  });

  it('holds a bounded number of tokens however many are asked for', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock, rateLimits: false });
    let peak = 0;
    for (let i = 0; i < 3000; i += 1) {
      const t = (await token(sandbox)).body.tenant_access_token!;
      if (i % 100 === 0) expect((await get(sandbox, SEED_MESSAGE_ID, t)).body.code).toBe(0);
      peak = Math.max(peak, sandbox.tokensHeld);
      clock.advance(10_000);
    }
    expect(sandbox.stats.tokenRequests).toBe(3000);
    expect(peak).toBeLessThanOrEqual(2);
  });

  it('checks the Bearer token', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock, tokenLifetimeS: 60 });
    expect((await get(sandbox, SEED_MESSAGE_ID)).body.code).toBe(99991661);
    expect((await get(sandbox, SEED_MESSAGE_ID, 't-made-up')).body.code).toBe(99991663);
    const { body: t } = await token(sandbox);
    expect((await get(sandbox, SEED_MESSAGE_ID, t.tenant_access_token)).body.code).toBe(0);
    clock.advance(61_000);
    expect((await get(sandbox, SEED_MESSAGE_ID, t.tenant_access_token)).body.code).toBe(99991663);
  });

  it.each(SEED_ERROR_CODES)('answers om_error_%i with HTTP 400, that code, its msg and a log ID', async (code) => {
    const sandbox = createSandbox();
    const { body: t } = await token(sandbox);
    const { status, body, logId } = await get(sandbox, `om_error_${code}`, t.tenant_access_token);
    expect(status).toBe(400);
    expect(body.code).toBe(code);
    expect(body.msg.length).toBeGreaterThan(10);
    expect(body.error.log_id).toBe(logId);
    expect(logId).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('answers any other ID with 230001 naming the bad message_id', async () => {
    const sandbox = createSandbox();
    const { body: t } = await token(sandbox);
    const { status, body } = await get(sandbox, 'om_nosuchmessage0000', t.tenant_access_token);
    expect(status).toBe(400);
    expect(body.code).toBe(230001);
    expect(body.msg).toContain('om_nosuchmessage0000');
    expect(body.error.field_violations[0].field).toBe('message_id');
  });

  it('translates user IDs for user_id_type and rejects an unknown type', async () => {
    const sandbox = createSandbox();
    const { body: t } = await token(sandbox);
    const asUserId = await get(sandbox, SEED_MESSAGE_ID, t.tenant_access_token, '?user_id_type=user_id');
    expect(asUserId.body.data.items[0].mentions[0]).toMatchObject({ id: 'e33ggbyz', id_type: 'user_id' });
    const bad = await get(sandbox, SEED_MESSAGE_ID, t.tenant_access_token, '?user_id_type=email');
    expect(bad.body.code).toBe(230001);
    expect(bad.body.error.field_violations[0].field).toBe('user_id_type');
  });
});

describe('sandbox faults and limits', () => {
  async function setup(options: Parameters<typeof createSandbox>[0] = {}) {
    const sandbox = createSandbox(options);
    const { body: t } = await token(sandbox);
    return { sandbox, bearer: t.tenant_access_token! };
  }

  it('enforces 50 requests in any second per app with 429, 99991400 and a reset header', async () => {
    const clock = new FakeClock();
    const { sandbox, bearer } = await setup({ clock });
    const statuses: number[] = [];
    for (let i = 0; i < 51; i += 1) statuses.push((await get(sandbox, SEED_MESSAGE_ID, bearer)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(50);
    const limited = await sandbox.handle(
      new Request(`${BASE}/open-apis/im/v1/messages/${SEED_MESSAGE_ID}`, { headers: { Authorization: `Bearer ${bearer}` } }),
    );
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ogw-ratelimit-reset')).toBe('1');
    expect(((await limited.json()) as { code: number }).code).toBe(99991400);
    clock.advance(1000);
    expect((await get(sandbox, SEED_MESSAGE_ID, bearer)).status).toBe(200);
  });

  it('enforces 1000 in any minute even when every second stays under 50', async () => {
    const clock = new FakeClock();
    const { sandbox, bearer } = await setup({ clock });
    let accepted = 0;
    for (let second = 0; second < 25; second += 1) {
      for (let i = 0; i < 45; i += 1) if ((await get(sandbox, SEED_MESSAGE_ID, bearer)).status === 200) accepted += 1;
      clock.advance(1000);
    }
    expect(accepted).toBe(1000);
    const limited = await get(sandbox, SEED_MESSAGE_ID, bearer);
    expect(limited.status).toBe(429);
    expect(Number(limited.body.code)).toBe(99991400);
    expect(sandbox.stats.rateLimited).toBe(126);
  });

  it('om_fault_<kind> always fails that way; om_flaky_<kind> fails every other time', async () => {
    const { sandbox, bearer } = await setup();
    const raw = async (id: string) =>
      sandbox.handle(new Request(`${BASE}/open-apis/im/v1/messages/${id}`, { headers: { Authorization: `Bearer ${bearer}` } }));
    expect((await raw('om_fault_502')).status).toBe(502);
    expect((await raw('om_fault_502')).status).toBe(502);
    expect((await raw('om_fault_html')).headers.get('content-type')).toContain('text/html');
    await expect(raw('om_fault_network')).rejects.toThrow('fetch failed');
    // Unreachable-platform faults read as fetch's own: the host that did not resolve, the certificate refused.
    const causeOf = (id: string) =>
      raw(id).then(
        () => 'answered',
        (error: Error) => String((error.cause as Error).message),
      );
    expect(await causeOf('om_fault_dns')).toBe(`getaddrinfo ENOTFOUND ${new URL(BASE).hostname} (sandbox fault)`);
    expect(await causeOf('om_fault_tls')).toContain('certificate');
    expect((await raw('om_flaky_429')).status).toBe(429);
    const second = await raw('om_flaky_429');
    expect(second.status).toBe(200);
    expect(((await second.json()) as { data: { items: { message_id: string }[] } }).data.items[0]!.message_id).toBe('om_flaky_429');
  });

  it('injects faults at the configured rate and can be changed while running', async () => {
    let draw = 0;
    const { sandbox, bearer } = await setup({ random: () => [0.1, 0.0, 0.9][draw++ % 3]!, faults: { rate: 0.2, kinds: ['503'] } });
    // Draws: 0.1 < 0.2 → a fault, 0.0 picks its kind; then 0.9 → no fault.
    expect((await get(sandbox, SEED_MESSAGE_ID, bearer).catch(() => ({ status: -1 }))).status).toBe(-1);
    expect((await get(sandbox, SEED_MESSAGE_ID, bearer)).status).toBe(200);
    expect(sandbox.stats.faultsInjected).toBe(1);
    sandbox.setFaults({ rate: 0, kinds: ['503'] });
    expect((await get(sandbox, SEED_MESSAGE_ID, bearer)).status).toBe(200);
  });

  it('a timeout fault answers only when the caller gives up', async () => {
    const { sandbox, bearer } = await setup();
    const controller = new AbortController();
    const pending = sandbox.handle(
      new Request(`${BASE}/open-apis/im/v1/messages/om_fault_timeout`, {
        headers: { Authorization: `Bearer ${bearer}` },
        signal: controller.signal,
      }),
    );
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });
});
