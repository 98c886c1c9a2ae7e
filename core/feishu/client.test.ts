import { describe, expect, it } from 'vitest';
import { CHAT_PATH, FeishuClient, TOKEN_PATH, type RetryPolicy } from './client';
import { REDACTED } from './exchange';
import { FakeClock } from '../testing/fake-clock';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../sandbox/emulator';
import { LARGE_FILE_ID, LARGE_FILE_KEY, SEED_MESSAGE_ID, SLOW_FILE_ID, SLOW_FILE_KEY } from '../sandbox/fixtures/messages';
import type { FetchLike } from '../base/ports';

const BASE = 'https://sandbox.test';

function setup(overrides: { fetch?: FetchLike; clock?: FakeClock; tokenLifetimeS?: number; appSecret?: string } = {}) {
  const clock = overrides.clock ?? new FakeClock();
  const sandbox = createSandbox({ clock, tokenLifetimeS: overrides.tokenLifetimeS });
  const requests: Request[] = [];
  const fetch: FetchLike =
    overrides.fetch ??
    (async (request) => {
      requests.push(request.clone());
      return sandbox.handle(request);
    });
  const client = new FeishuClient({
    baseUrl: `${BASE}/`,
    appId: SANDBOX_APP_ID,
    appSecret: overrides.appSecret ?? SANDBOX_APP_SECRET,
    fetch,
    clock,
    random: () => 0.5,
  });
  return { client, clock, sandbox, requests };
}

/** A fetch that answers from a script of responses, then from the sandbox. */
function scripted(
  sandbox: ReturnType<typeof createSandbox>,
  script: ((req: Request) => Response | Promise<Response> | undefined)[],
): FetchLike {
  return async (request) => {
    const isMessage = !new URL(request.url).pathname.startsWith(TOKEN_PATH);
    if (isMessage && script.length > 0) {
      const step = script.shift()!;
      const response = await step(request);
      if (response) return response;
    }
    return sandbox.handle(request);
  };
}

describe('FeishuClient', () => {
  it('fetches the seed example with a tenant token and user_id_type', async () => {
    const { client, requests } = setup();
    const result = await client.getMessage(SEED_MESSAGE_ID, { userIdType: 'union_id' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const item = result.value.data?.items?.[0];
    expect(JSON.parse(item?.body?.content ?? '')).toEqual({ text: 'test content' });
    expect(item?.mentions?.[0]?.id).toMatch(/^on_/);
    const messageRequest = requests.find((r) => r.method === 'GET')!;
    expect(new URL(messageRequest.url).searchParams.get('user_id_type')).toBe('union_id');
    expect(new URL(messageRequest.url).searchParams.get('with_sender_name')).toBe('true');
    expect(messageRequest.headers.get('authorization')).toMatch(/^Bearer t-sandbox-/);
    expect(result.exchanges.map((e) => e.stage)).toEqual(['token', 'message']);
  });

  it('caches the token across calls and refreshes it before it expires', async () => {
    const { client, clock, sandbox } = setup({ tokenLifetimeS: 7200 });
    await client.getMessage(SEED_MESSAGE_ID);
    await client.getMessage(SEED_MESSAGE_ID);
    expect(sandbox.stats.tokenRequests).toBe(1);
    clock.advance(89 * 60 * 1000); // 31 minutes left: still fresh
    await client.getMessage(SEED_MESSAGE_ID);
    expect(sandbox.stats.tokenRequests).toBe(1);
    clock.advance(2 * 60 * 1000); // 29 minutes left: refresh ahead of expiry
    const result = await client.getMessage(SEED_MESSAGE_ID);
    expect(result.ok).toBe(true);
    expect(sandbox.stats.tokenRequests).toBe(2);
  });

  it('fetches the token once when many calls start cold (single flight)', async () => {
    const { client, sandbox } = setup();
    const results = await Promise.all(Array.from({ length: 20 }, () => client.getMessage(SEED_MESSAGE_ID)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(sandbox.stats.tokenRequests).toBe(1);
    expect(sandbox.stats.messageRequests).toBe(20);
  });

  it('drops a rejected token, fetches a new one once and replays the call once', async () => {
    const { client, sandbox } = setup();
    await client.getMessage(SEED_MESSAGE_ID);
    sandbox.revokeTokens();
    const result = await client.getMessage(SEED_MESSAGE_ID);
    expect(result.ok).toBe(true);
    expect(sandbox.stats.tokenRequests).toBe(2);
    expect(result.exchanges.map((e) => `${e.stage}:${e.status}`)).toEqual(['message:400', 'token:200', 'message:200']);
    expect(result.exchanges[0]?.note).toMatch(/replaying once/);
  });

  it.each([99991661, 99991663, 99991668])('replays only once after %i, then reports it', async (code) => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const reject = () => Response.json({ code, msg: 'token rejected' }, { status: 400 });
    const { client } = setup({ clock, fetch: scripted(sandbox, [reject, reject, reject]) });
    const result = await client.getMessage(SEED_MESSAGE_ID);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.code).toBe(code);
    expect(result.exchanges.filter((e) => e.stage === 'message')).toHaveLength(2);
    expect(result.exchanges.filter((e) => e.stage === 'token')).toHaveLength(2);
  });

  it('reports a wrong app secret at the token stage with the platform code', async () => {
    const { client } = setup({ appSecret: 'not-the-secret' });
    const result = await client.getMessage(SEED_MESSAGE_ID);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'api', stage: 'token', code: 10014, httpStatus: 400 });
    expect(result.failure.logId).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('reads the log ID from error.log_id, the older error.logid and the x-tt-logid header', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const shapes = [
      () => Response.json({ code: 230002, msg: 'm', error: { log_id: 'LOG-NEW' } }, { status: 400 }),
      () => Response.json({ code: 230002, msg: 'm', error: { logid: 'LOG-OLD' } }, { status: 400 }),
      () => Response.json({ code: 230002, msg: 'm' }, { status: 400, headers: { 'X-Tt-Logid': 'LOG-HEADER' } }),
    ];
    const { client } = setup({ clock, fetch: scripted(sandbox, shapes) });
    const ids = [];
    for (let i = 0; i < 3; i += 1) {
      const result = await client.getMessage(SEED_MESSAGE_ID);
      ids.push(result.ok ? undefined : result.failure.logId);
    }
    expect(ids).toEqual(['LOG-NEW', 'LOG-OLD', 'LOG-HEADER']);
  });

  it('passes permission violations, helps and troubleshooter through', async () => {
    const { client } = setup();
    const result = await client.getMessage('om_error_99991672');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure.permissionViolations?.map((v) => v.subject)).toEqual(['im:message', 'im:message:readonly']);
    expect(result.failure.helps?.[0]?.url).toContain('/auth?q=');
    expect(result.failure.troubleshooter).toContain('https://open.feishu.cn/');
  });

  it('never records the app secret or a token in any exchange', async () => {
    const { client, sandbox } = setup();
    await client.getMessage(SEED_MESSAGE_ID);
    sandbox.revokeTokens();
    const result = await client.getMessage(SEED_MESSAGE_ID);
    const recorded = JSON.stringify(result.exchanges);
    expect(recorded).not.toContain(SANDBOX_APP_SECRET);
    expect(recorded).not.toMatch(/t-sandbox-[0-9a-f]/);
    expect(recorded).toContain(REDACTED);
    const tokenExchange = result.exchanges.find((e) => e.stage === 'token')!;
    expect(JSON.parse(tokenExchange.requestBody!)).toEqual({ app_id: SANDBOX_APP_ID, app_secret: REDACTED });
    expect(JSON.parse(tokenExchange.responseBody!).tenant_access_token).toBe(REDACTED);
    expect(result.exchanges.find((e) => e.stage === 'message')!.requestHeaders.authorization).toBe(`Bearer ${REDACTED}`);
  });

  it('records method, URL, status, headers, duration and log ID of every exchange', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const slow: FetchLike = async (request) => {
      clock.advance(120);
      return sandbox.handle(request);
    };
    const { client } = setup({ clock, fetch: slow });
    const result = await client.getMessage('om_error_230110');
    const message = result.exchanges.find((e) => e.stage === 'message')!;
    expect(message).toMatchObject({ method: 'GET', status: 400, durationMs: 120, attempt: 1 });
    expect(message.url).toBe(`${BASE}/open-apis/im/v1/messages/om_error_230110?with_sender_name=true`);
    expect(message.responseHeaders['content-type']).toContain('application/json');
    expect(message.logId).toBe(message.responseHeaders['x-tt-logid']);
    expect(JSON.parse(message.responseBody!).code).toBe(230110);
  });

  it('one caller giving up while the token loads does not fail the others', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    let releaseToken: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (releaseToken = resolve));
    const fetch: FetchLike = async (request) => {
      if (new URL(request.url).pathname === TOKEN_PATH) await gate;
      return sandbox.handle(request);
    };
    const { client } = setup({ clock, fetch });
    const controller = new AbortController();
    const a = client.getMessage(SEED_MESSAGE_ID, { signal: controller.signal });
    const b = client.getMessage(SEED_MESSAGE_ID);
    controller.abort(new Error('cancelled by the user'));
    releaseToken();
    await expect(a).rejects.toThrow('cancelled by the user');
    expect((await b).ok).toBe(true);
  });

  it('redacts a token that a server echoes into msg, in lookups and resource downloads', async () => {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const echo: FetchLike = async (request) => {
      if (new URL(request.url).pathname === TOKEN_PATH) return sandbox.handle(request);
      const auth = request.headers.get('authorization');
      return Response.json({ code: 99991663, msg: `bad token in ${auth}`, echo: auth }, { status: 400 });
    };
    const { client } = setup({ clock, fetch: echo });
    const lookup = await client.getMessage(SEED_MESSAGE_ID);
    const resource = await client.getResource(SEED_MESSAGE_ID, 'img_x', 'image');
    for (const result of [lookup, resource]) {
      expect(result.ok).toBe(false);
      expect(JSON.stringify(result)).not.toMatch(/t-sandbox-[0-9a-f]/);
    }
  });

  it('asks for the sender name on every message call, whatever else it asks', async () => {
    const { client, requests } = setup();
    await client.getMessage(SEED_MESSAGE_ID);
    await client.getMessage(SEED_MESSAGE_ID, { cardContentType: 'raw_card_content' });
    const asked = requests.filter((r) => r.method === 'GET').map((r) => new URL(r.url).searchParams);
    expect(asked.map((q) => q.get('with_sender_name'))).toEqual(['true', 'true']);
    expect(asked[1]?.get('card_msg_content_type')).toBe('raw_card_content');
  });

  describe('chats', () => {
    const CHAT_ID = 'oc_a0553eda9014c201e6969b478895c230';
    const SECRET = 'chat-test-app-secret-0123456789';

    /**
     * The platform in its own shapes: a token per request (t-chat-1, t-chat-2…), and the chat
     * endpoint answering from a script.
     */
    function platform(script: ((request: Request) => Response)[]) {
      const clock = new FakeClock();
      clock.autoAdvance = true;
      const tokens: string[] = [];
      const chatRequests: Request[] = [];
      const paced: number[] = [];
      const fetch: FetchLike = async (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === TOKEN_PATH) {
          tokens.push(`t-chat-${tokens.length + 1}`);
          return Response.json({ code: 0, msg: 'ok', tenant_access_token: tokens.at(-1), expire: 7200 });
        }
        chatRequests.push(request.clone());
        const step = script.shift();
        if (!step) throw new Error(`unexpected request ${request.url}`);
        return step(request);
      };
      const client = new FeishuClient({
        baseUrl: BASE,
        appId: 'cli_a1b2c3d4e5f6a7b8',
        appSecret: SECRET,
        fetch,
        clock,
        random: () => 0.5,
        retry: { timeoutMs: Infinity },
        pace: (task) => {
          paced.push(clock.now());
          return task();
        },
      });
      return { client, tokens, chatRequests, paced };
    }

    const chat = () =>
      Response.json(
        {
          code: 0,
          msg: 'success',
          data: { name: '支付对账群', i18n_names: { zh_cn: '支付对账群', en_us: 'Payments reconciliation' }, chat_mode: 'group' },
        },
        { headers: { 'x-tt-logid': '202611250800000A1B2C3D4E5F6A7B8C9D' } },
      );

    it('fetches a chat on the lookup path: paced, retried after a 502, replayed once with a new token, nothing secret recorded', async () => {
      const badGateway = () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
      const expired = (request: Request) =>
        Response.json(
          { code: 99991663, msg: `Invalid access token for authorization: ${request.headers.get('authorization')}` },
          { status: 400 },
        );
      const { client, tokens, chatRequests, paced } = platform([badGateway, expired, chat]);

      const result = await client.getChat(CHAT_ID);

      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.data?.i18n_names?.en_us).toBe('Payments reconciliation');
      expect(chatRequests.map((r) => new URL(r.url).pathname)).toEqual(Array(3).fill(`${CHAT_PATH}${CHAT_ID}`));
      expect(chatRequests.map((r) => r.headers.get('authorization'))).toEqual(['Bearer t-chat-1', 'Bearer t-chat-1', 'Bearer t-chat-2']);
      expect(paced).toHaveLength(3);
      expect(result.exchanges.map((e) => `${e.stage}:${e.status}`)).toEqual([
        'token:200',
        'message:502',
        'message:400',
        'token:200',
        'message:200',
      ]);
      expect(result.exchanges[1]?.note).toMatch(/^HTTP 502: waiting \d+ ms, then retry 1$/);
      expect(result.exchanges[2]?.note).toMatch(/replaying once/);
      expect(result.exchanges.at(-1)?.logId).toBe('202611250800000A1B2C3D4E5F6A7B8C9D');
      const recorded = JSON.stringify(result.exchanges);
      for (const secret of [SECRET, ...tokens]) expect(recorded).not.toContain(secret);
      expect(recorded).toContain(REDACTED);
    });

    it('reports a chat the bot is not in, and a missing scope with its violations, as failures with their codes', async () => {
      const notInChat = () => Response.json({ code: 232011, msg: 'Operator can NOT be out of the chat.' }, { status: 400 });
      const noScope = () =>
        Response.json(
          {
            code: 99991672,
            msg: 'Access denied. One of the following scopes is required: [im:chat:readonly, im:chat].',
            error: {
              log_id: 'LOG-SCOPE',
              permission_violations: [{ type: 'action_scope_required', subject: 'im:chat:readonly' }],
            },
          },
          { status: 400 },
        );
      const { client, chatRequests } = platform([notInChat, noScope]);

      const out = await client.getChat(CHAT_ID);
      const denied = await client.getChat(CHAT_ID);

      expect(out.ok ? 'ok' : out.failure).toMatchObject({ kind: 'api', code: 232011, httpStatus: 400 });
      expect(denied.ok ? 'ok' : denied.failure).toMatchObject({ code: 99991672, logId: 'LOG-SCOPE' });
      expect(denied.ok ? [] : denied.failure.permissionViolations?.map((v) => v.subject)).toEqual(['im:chat:readonly']);
      // Neither is worth a retry.
      expect(chatRequests).toHaveLength(2);
    });
  });

  describe('when the platform is flaky', () => {
    it('waits for x-ogw-ratelimit-reset after a 429 and retries', async () => {
      const clock = new FakeClock();
      clock.autoAdvance = true;
      const sandbox = createSandbox({ clock });
      const limited = () =>
        Response.json(
          { code: 99991400, msg: 'request trigger frequency limit' },
          { status: 429, headers: { 'x-ogw-ratelimit-reset': '3' } },
        );
      const client = new FeishuClient({
        baseUrl: BASE,
        appId: SANDBOX_APP_ID,
        appSecret: SANDBOX_APP_SECRET,
        fetch: scripted(sandbox, [limited]),
        clock,
        retry: { timeoutMs: Infinity },
      });
      const result = await client.getMessage(SEED_MESSAGE_ID);
      expect(result.ok).toBe(true);
      expect(clock.sleeps).toEqual([3000]);
      expect(result.exchanges.filter((e) => e.stage === 'message').map((e) => e.status)).toEqual([429, 200]);
      expect(result.exchanges[1]?.note).toMatch(/rate limited: waiting 3000 ms/);
    });

    it('retries a 502 with backoff and gives up cleanly after repeated 5xx', async () => {
      const clock = new FakeClock();
      clock.autoAdvance = true;
      const sandbox = createSandbox({ clock });
      const badGateway = () =>
        new Response('<html><body>502 Bad Gateway</body></html>', { status: 502, headers: { 'content-type': 'text/html' } });
      const make = (script: (() => Response)[]) =>
        new FeishuClient({
          baseUrl: BASE,
          appId: SANDBOX_APP_ID,
          appSecret: SANDBOX_APP_SECRET,
          fetch: scripted(sandbox, script),
          clock,
          random: () => 0.5,
          retry: { timeoutMs: Infinity },
        });

      const recovered = await make([badGateway]).getMessage(SEED_MESSAGE_ID);
      expect(recovered.ok).toBe(true);

      const failed = await make([badGateway, badGateway, badGateway, badGateway]).getMessage(SEED_MESSAGE_ID);
      expect(failed.ok).toBe(false);
      if (failed.ok) return;
      expect(failed.failure).toMatchObject({ kind: 'http', httpStatus: 502 });
      expect(failed.exchanges.filter((e) => e.stage === 'message')).toHaveLength(3);
    });

    it('does not retry a 4xx that cannot succeed', async () => {
      const { client, sandbox } = setup();
      const result = await client.getMessage('om_error_230002');
      expect(result.ok).toBe(false);
      expect(sandbox.stats.messageRequests).toBe(1);
    });

    it('gives up on a request that never answers, as a timeout', async () => {
      const clock = new FakeClock();
      const never: FetchLike = () => new Promise(() => undefined);
      const client = new FeishuClient({
        baseUrl: BASE,
        appId: 'a',
        appSecret: 'b',
        fetch: never,
        clock,
        retry: { transientRetries: 0, timeoutMs: 5000 },
      });
      const pending = client.getMessage(SEED_MESSAGE_ID);
      await Promise.resolve();
      await new Promise((r) => setTimeout(r, 0));
      clock.advance(5000);
      const result = await pending;
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.failure).toMatchObject({ kind: 'timeout', stage: 'token' });
    });

    it('ends the fetch itself, through the signal it was given, on a timeout and when the caller gives up', async () => {
      const clock = new FakeClock();
      const sandbox = createSandbox({ clock });
      const signals: AbortSignal[] = [];
      /** The token comes at once; a message request waits until its signal aborts, as fetch does. */
      const hanging: FetchLike = (request, init) => {
        if (new URL(request.url).pathname === TOKEN_PATH) return sandbox.handle(request);
        const signal = init?.signal;
        if (!signal) return Promise.reject(new Error('no signal given to fetch'));
        signals.push(signal);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      };
      const client = new FeishuClient({
        baseUrl: BASE,
        appId: SANDBOX_APP_ID,
        appSecret: SANDBOX_APP_SECRET,
        fetch: hanging,
        clock,
        retry: { transientRetries: 0, timeoutMs: 5000 },
      });
      const settle = async () => {
        for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 0));
      };

      const timedOut = client.getMessage(SEED_MESSAGE_ID);
      await settle();
      expect(signals).toHaveLength(1);
      expect(signals[0]!.aborted).toBe(false);
      clock.advance(5000);
      expect((await timedOut).ok).toBe(false);
      expect(signals[0]!.aborted).toBe(true);

      const controller = new AbortController();
      const cancelled = client.getMessage(SEED_MESSAGE_ID, { signal: controller.signal });
      await settle();
      expect(signals).toHaveLength(2);
      controller.abort(new Error('cancelled by the user'));
      await expect(cancelled).rejects.toThrow('cancelled by the user');
      expect(signals[1]!.aborted).toBe(true);
    });

    it('tells truncated JSON from an HTML page and from a network failure', async () => {
      const clock = new FakeClock();
      const sandbox = createSandbox({ clock });
      const cases: [() => Response | Promise<Response>, string][] = [
        [() => new Response('{"code":0,"msg":"success","data":{"items":[{"mess', { status: 200 }), 'truncated_json'],
        [
          () => new Response('<!doctype html><title>Gateway</title>', { status: 200, headers: { 'content-type': 'text/html' } }),
          'not_json',
        ],
        [() => Promise.reject(new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND open.feishu.cn') })), 'network'],
      ];
      for (const [respond, kind] of cases) {
        const client = new FeishuClient({
          baseUrl: BASE,
          appId: SANDBOX_APP_ID,
          appSecret: SANDBOX_APP_SECRET,
          fetch: scripted(sandbox, [respond]),
          clock,
          retry: { transientRetries: 0 },
        });
        const result = await client.getMessage(SEED_MESSAGE_ID);
        expect(result.ok ? 'ok' : result.failure.kind).toBe(kind);
        if (!result.ok && kind === 'network') expect(result.failure.msg).toContain('ENOTFOUND');
      }
    });
  });

  describe('resource downloads', () => {
    const IMAGE_MESSAGE = 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5';
    const IMAGE_KEY = 'img_v3_0210t_6f2b1c4e-8d9a-4b7c-a1e2-3f4d5e6a7b8g';
    const MB = 1024 * 1024;

    /** A client over the sandbox (or a script in front of it) that counts the attempts its pace let through. */
    function downloader(options: { clock?: FakeClock; fetch?: FetchLike; retry?: Partial<RetryPolicy> } = {}) {
      const clock = options.clock ?? new FakeClock();
      const sandbox = createSandbox({ clock });
      const paced: string[] = [];
      const client = new FeishuClient({
        baseUrl: BASE,
        appId: SANDBOX_APP_ID,
        appSecret: SANDBOX_APP_SECRET,
        fetch: options.fetch ?? ((request, init) => sandbox.handle(request, init)),
        clock,
        random: () => 0.5,
        retry: options.retry,
        pace: (task) => {
          paced.push(clock.now().toString());
          return task();
        },
      });
      return { client, clock, sandbox, paced };
    }

    /** Lets every pending promise and stream read run. */
    const settle = async () => {
      for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0));
    };

    it('retries a 502 with backoff, each attempt paced, and records the image by its size, not its bytes', async () => {
      const clock = new FakeClock();
      clock.autoAdvance = true;
      const sandbox = createSandbox({ clock });
      const badGateway = () => new Response('<html>502 Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
      const { client, paced } = downloader({ clock, fetch: scripted(sandbox, [badGateway]) });
      const result = await client.getResource(IMAGE_MESSAGE, IMAGE_KEY, 'image');
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(new TextDecoder().decode(result.value.bytes.subarray(1, 4))).toBe('PNG');
      expect(paced).toHaveLength(2);
      const attempts = result.exchanges.filter((e) => e.stage === 'message');
      expect(attempts.map((e) => e.status)).toEqual([502, 200]);
      expect(attempts[0]?.note).toMatch(/^HTTP 502: waiting \d+ ms, then retry 1$/);
      expect(attempts[1]?.responseBody).toBe(`(${result.value.bytes.length} bytes of image/png)`);
      expect(attempts[1]?.requestHeaders.authorization).toBe(`Bearer ${REDACTED}`);
    });

    it('waits for x-ogw-ratelimit-reset after a 429, then downloads', async () => {
      const clock = new FakeClock();
      clock.autoAdvance = true;
      const sandbox = createSandbox({ clock });
      const limited = () =>
        Response.json(
          { code: 99991400, msg: 'request trigger frequency limit' },
          { status: 429, headers: { 'x-ogw-ratelimit-reset': '2' } },
        );
      const { client } = downloader({ clock, fetch: scripted(sandbox, [limited]) });
      const result = await client.getResource(IMAGE_MESSAGE, IMAGE_KEY, 'image');
      expect(result.ok).toBe(true);
      expect(clock.sleeps).toEqual([2000]);
      expect(result.exchanges.filter((e) => e.stage === 'message').map((e) => e.note)).toEqual([
        'rate limited: waiting 2000 ms, then retry 1',
        undefined,
      ]);
    });

    it('replays once with a new token when the cached one has expired', async () => {
      const { client, sandbox } = downloader();
      expect((await client.getMessage(SEED_MESSAGE_ID)).ok).toBe(true);
      sandbox.revokeTokens();
      const result = await client.getResource(IMAGE_MESSAGE, IMAGE_KEY, 'image');
      expect(result.ok).toBe(true);
      expect(result.exchanges.map((e) => `${e.stage}:${e.status}`)).toEqual(['message:400', 'token:200', 'message:200']);
      expect(sandbox.stats.tokenRequests).toBe(2);
    });

    it('stops a 30 MB body as soon as it passes the limit, having pulled little more than the limit', async () => {
      const { client, sandbox } = downloader();
      const result = await client.getResource(LARGE_FILE_ID, LARGE_FILE_KEY, 'file', { maxBytes: 25 * MB });
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.failure).toMatchObject({ kind: 'too_large', stage: 'message', httpStatus: 200 });
      expect(result.failure.msg).toMatch(/larger than the limit of 25 MB \(26214400 bytes\): stopped after reading \d+ bytes/);
      expect(sandbox.stats.resourceBytes).toBeGreaterThan(25 * MB);
      expect(sandbox.stats.resourceBytes).toBeLessThanOrEqual(25 * MB + 128 * 1024);
      // Not retried: a second try would be just as large.
      expect(sandbox.stats.resourceRequests).toBe(1);
      expect(result.exchanges.at(-1)?.responseBody).toMatch(
        /^\(more than 26214400 bytes of application\/octet-stream: stopped after \d+\)$/,
      );
    });

    it('refuses a body whose Content-Length is over the limit without reading any of it', async () => {
      const clock = new FakeClock();
      const sandbox = createSandbox({ clock });
      let pulled = 0;
      let cancelled = false;
      const huge = () =>
        new Response(
          new ReadableStream<Uint8Array>(
            {
              pull(controller) {
                pulled += 64 * 1024;
                controller.enqueue(new Uint8Array(64 * 1024));
                if (pulled >= 30 * MB) controller.close();
              },
              cancel() {
                cancelled = true;
              },
            },
            { highWaterMark: 0 },
          ),
          { status: 200, headers: { 'content-type': 'application/zip', 'content-length': String(30 * MB) } },
        );
      const { client } = downloader({ clock, fetch: scripted(sandbox, [huge]) });
      const result = await client.getResource(IMAGE_MESSAGE, 'file_big', 'file', { maxBytes: 25 * MB });
      expect(result.ok ? 'ok' : result.failure.kind).toBe('too_large');
      if (result.ok) return;
      expect(result.failure.msg).toBe(
        'Content-Length is 30 MB (31457280 bytes), more than the limit of 25 MB (26214400 bytes): not downloaded',
      );
      expect(pulled).toBe(0);
      expect(cancelled).toBe(true);
    });

    it('stops pulling the body when the caller cancels mid-download, even over a transport that ignores the signal', async () => {
      const clock = new FakeClock();
      const sandbox = createSandbox({ clock });
      // The sandbox is handed no signal: the body goes on unless the client itself cancels it.
      const deaf: FetchLike = (request) => sandbox.handle(new Request(request));
      const { client } = downloader({ clock, fetch: deaf });
      const controller = new AbortController();
      const download = client.getResource(SLOW_FILE_ID, SLOW_FILE_KEY, 'file', { signal: controller.signal });
      for (let second = 0; second < 3; second += 1) {
        await settle();
        clock.advance(1000);
      }
      await settle();
      const before = sandbox.stats.resourceBytes;
      expect(before).toBeGreaterThan(0);
      controller.abort(new Error('cancelled by the user'));
      await expect(download).rejects.toThrow('cancelled by the user');
      for (let second = 0; second < 30; second += 1) {
        clock.advance(1000);
        await settle();
      }
      expect(sandbox.stats.resourceBytes).toBeLessThanOrEqual(before + 1024);
    });

    it('lets a slow download run past the timeout while data keeps coming, and times out one that stalls', async () => {
      const clock = new FakeClock();
      const sandbox = createSandbox({ clock });
      let stalled = false;
      const stalls = () => {
        stalled = true;
        return new Response(new ReadableStream<Uint8Array>({ start: (controller) => controller.enqueue(new Uint8Array(512)) }), {
          status: 200,
          headers: { 'content-type': 'application/octet-stream' },
        });
      };
      const { client } = downloader({ clock, fetch: scripted(sandbox, [stalls]), retry: { timeoutMs: 5000, transientRetries: 0 } });

      const stuck = client.getResource(SLOW_FILE_ID, SLOW_FILE_KEY, 'file');
      await settle();
      expect(stalled).toBe(true);
      clock.advance(5000);
      const timedOut = await stuck;
      expect(timedOut.ok ? 'ok' : timedOut.failure).toMatchObject({
        kind: 'timeout',
        msg: 'no data for 5000 ms after 512 bytes of the body',
      });

      // 25 pieces a second apart: 24 s in all, never 5 s without data.
      const slow = client.getResource(SLOW_FILE_ID, SLOW_FILE_KEY, 'file');
      let outcome: Awaited<typeof slow> | undefined;
      void slow.then((result) => (outcome = result));
      for (let second = 0; second < 30 && !outcome; second += 1) {
        await settle();
        clock.advance(1000);
      }
      await settle();
      expect(outcome?.ok).toBe(true);
      expect(outcome?.ok && outcome.value).toMatchObject({ fileName: 'slow-link.log', contentType: 'application/octet-stream' });
      expect(outcome?.ok && outcome.value.bytes.length).toBe(25 * 1024);
    });

    it('parses an error answer as a lookup does, with its code and log ID', async () => {
      const { client } = downloader();
      const result = await client.getResource('om_x100b4b2f3e4d5c6b7a8998a7b6c5d4', 'img_x', 'image');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.failure).toMatchObject({ kind: 'api', code: 234043, msg: 'Unsupported message type.', httpStatus: 400 });
      expect(result.failure.logId).toMatch(/^\d{14}[0-9A-F]{20}$/);
      expect(JSON.parse(result.exchanges.at(-1)!.responseBody!).code).toBe(234043);
    });
  });
});
