import { describe, expect, it } from 'vitest';
import { InspectorService } from '../app/service';
import type { FetchLike } from '../base/ports';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET, SANDBOX_BASE_URL } from '../sandbox/emulator';
import { FakeClock } from '../testing/fake-clock';
import { memoryStores } from '../testing/memory-stores';
import { explainFailure } from '../errors';
import { escapeHtml } from '../export/common';
import { ticketBundle, ticketFileName, TICKET_DATA_ID, type TicketContext } from './bundle';

/**
 * A service whose custom profile talks to the sandbox through a fetch that notes every token the
 * platform issued: what a bundle must never hold, together with the app_secret.
 */
async function serviceWithTokens() {
  const clock = new FakeClock(Date.UTC(2026, 11, 5, 12, 30));
  const sandbox = createSandbox({ clock });
  const issued = new Set<string>();
  const fetch: FetchLike = async (request, init) => {
    const response = await sandbox.handle(request, init);
    const text = await response.clone().text();
    for (const match of text.matchAll(/"(?:tenant|app)_access_token"\s*:\s*"([^"]+)"/g)) issued.add(match[1]!);
    return response;
  };
  const service = new InspectorService({
    stores: memoryStores(clock),
    fetch,
    clock,
    host: 'desktop',
    version: '9.8.7',
    system: { os: 'Linux 6.1.0 x64 · Electron 33.0.0', timeZone: 'Asia/Shanghai' },
  });
  const profile = await service.saveProfile({
    input: {
      name: 'Staging',
      domain: 'custom',
      baseUrl: SANDBOX_BASE_URL,
      appId: SANDBOX_APP_ID,
      defaultUserIdType: 'union_id',
      appSecret: SANDBOX_APP_SECRET,
    },
    persistSecret: true,
  });
  return { service, profileId: profile.profileId, issued, clock };
}

/** The JSON the page carries, read back as a tool would. */
function dataOf(html: string): Record<string, unknown> {
  const match = new RegExp(`<script type="application/json" id="${TICKET_DATA_ID}">([^<]*)</script>`).exec(html);
  expect(match, 'the data block').not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

function expectNoSecret(html: string, issued: ReadonlySet<string>) {
  expect(issued.size, 'the platform issued tokens').toBeGreaterThan(0);
  for (const secret of [SANDBOX_APP_SECRET, ...issued]) expect(html.includes(secret), `holds ${secret.slice(0, 6)}…`).toBe(false);
  expect(html).not.toMatch(/Bearer (?!«redacted»)/);
}

describe('the ticket bundle of a lookup', () => {
  it('of a failure: the explanation with its steps, the log ID, the profile, what was asked, and no secret or token', async () => {
    const { service, profileId, issued } = await serviceWithTokens();
    const lookup = await service.getMessage({
      messageId: 'om_error_99991672',
      profileId,
      userIdType: 'user_id',
      cardContentType: 'raw_card_content',
    });
    expect(lookup.ok).toBe(false);
    if (lookup.ok) return;
    const { fileName, html } = await service.makeTicketBundle({ lookupId: lookup.lookupId }, 'en');

    expect(fileName).toBe('ticket-om_error_99991672-20261205T123000Z.html');
    expectNoSecret(html, issued);
    const steps = explainFailure(lookup.failure, 'en', { appId: SANDBOX_APP_ID }).steps;
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) expect(html).toContain(`<li>${escapeHtml(step)}</li>`);
    expect(lookup.failure.logId).toBeTruthy();
    expect(html).toContain(lookup.failure.logId!);
    expect(html).toContain('im:message:readonly');
    // What a support engineer must be able to tell the platform, and nothing of the secret.
    for (const fact of [
      SANDBOX_APP_ID,
      SANDBOX_BASE_URL,
      'user_id',
      'raw_card_content',
      '9.8.7',
      'Linux 6.1.0 x64',
      '2026-12-05 12:30:00 UTC',
      'Asia/Shanghai',
    ])
      expect(html).toContain(fact);

    const data = dataOf(html);
    expect(data).toMatchObject({
      format: TICKET_DATA_ID,
      profile: { domain: 'custom', baseUrl: SANDBOX_BASE_URL, appId: SANDBOX_APP_ID },
      request: { messageId: 'om_error_99991672', userIdType: 'user_id', cardContentType: 'raw_card_content' },
      logIds: expect.arrayContaining([lookup.failure.logId]),
      outcome: { ok: false, failure: { code: 99991672 } },
    });
    // Every request and response of the lookup, the token call included.
    const exchanges = data.exchanges as { url: string; stage: string }[];
    expect(exchanges.map((e) => e.stage)).toEqual(lookup.exchanges.map((e) => e.stage));
    expect(exchanges.some((e) => e.stage === 'token')).toBe(true);
  });

  it('of a success: the message as the export draws it, in the reader language, and no secret or token', async () => {
    const { service, profileId, issued } = await serviceWithTokens();
    const lookup = await service.getMessage({ messageId: 'om_dc13264520392913993dd051dba21dcf', profileId });
    expect(lookup.ok).toBe(true);
    const { html } = await service.makeTicketBundle({ lookupId: lookup.lookupId }, 'zh-CN');
    expectNoSecret(html, issued);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('飞书消息排查报告');
    expect(html).toContain('test content');
    expect(html).toContain('union_id');
    expect(dataOf(html)).toMatchObject({ outcome: { ok: true, items: [{ message_id: 'om_dc13264520392913993dd051dba21dcf' }] } });
  });

  it('says so when the lookup is no longer kept, and keeps the latest ones', async () => {
    const { service, profileId } = await serviceWithTokens();
    const first = await service.getMessage({ messageId: 'om_dc13264520392913993dd051dba21dcf', profileId });
    for (let i = 0; i < 20; i++) await service.getMessage({ messageId: 'om_error_230002', profileId });
    await expect(service.makeTicketBundle({ lookupId: first.lookupId })).rejects.toMatchObject({ code: 'lookup_not_kept' });
    await expect(service.makeTicketBundle({ lookupId: 'l999-x' })).rejects.toMatchObject({
      code: 'lookup_not_kept',
      params: { count: 20 },
    });
  });

  it('of a batch row: the failure with its exchanges; a row not run says so', async () => {
    const { service, profileId, issued } = await serviceWithTokens();
    const { batchId } = await service.startBatch({ messageIds: ['om_dc13264520392913993dd051dba21dcf', 'om_error_230002'], profileId });
    for (let i = 0; i < 200 && (await service.getBatchUpdates(batchId, 0)).running; i++) await new Promise((r) => setTimeout(r, 5));
    const { html } = await service.makeTicketBundle({ batchId, index: 1 }, 'en');
    expectNoSecret(html, issued);
    expect(dataOf(html)).toMatchObject({ outcome: { ok: false, failure: { code: 230002 } }, exchanges: expect.any(Array) });
    const ok = await service.makeTicketBundle({ batchId, index: 0 }, 'en');
    expect(ok.html).toContain('test content');
    // A success's exchanges are not kept by a batch: the page says how to include them.
    expect(ok.html).toContain('Look the message up on its own');
    await expect(service.makeTicketBundle({ batchId, index: 5 })).rejects.toMatchObject({ code: 'batch_row_not_run' });
  });
});

describe('the page itself', () => {
  const context: TicketContext = {
    profile: { name: 'P', domain: 'lark', baseUrl: 'https://open.larksuite.com', appId: 'cli_a1b2' },
    asked: {},
    app: { version: '1.0.0', host: 'browser', os: 'Linux' },
    generatedAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    timeZone: 'UTC',
    lang: 'en',
  };

  it('cannot be made to run script by what a message or a server says', () => {
    const hostile = '</script><script>alert(1)</script><img src=x onerror=alert(2)>\u2028';
    const { html } = ticketBundle(
      {
        messageId: 'om_hostile0001',
        profileId: 'p',
        requestedAt: 0,
        outcome: {
          ok: true,
          items: [{ message_id: 'om_hostile0001', msg_type: 'text', body: { content: JSON.stringify({ text: hostile }) } }],
        },
        exchanges: [
          {
            stage: 'message',
            attempt: 1,
            method: 'GET',
            url: `https://open.larksuite.com/x?q=${hostile}`,
            requestHeaders: { 'x-evil': hostile },
            responseHeaders: {},
            responseBody: hostile,
            startedAt: 0,
            durationMs: 1,
            note: hostile,
          },
        ],
        exchangesKept: true,
      },
      context,
    );
    // One script element, the data; no tag from the payload survives as markup.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/);
    expect(html).toContain("default-src 'none'");
    const data = JSON.parse(/<script type="application\/json" id="[^"]+">([^<]*)<\/script>/.exec(html)![1]!) as {
      exchanges: { responseBody: string }[];
    };
    expect(data.exchanges[0]!.responseBody).toBe(hostile);
  });

  it('names the stage a failure happened in, a long-connection one too, in both languages', () => {
    const failed = (stage: 'event_endpoint' | 'event_socket', lang: 'en' | 'zh-CN') =>
      ticketBundle(
        {
          messageId: 'om_x',
          profileId: 'p',
          requestedAt: 0,
          outcome: { ok: false, failure: { kind: 'api', stage, code: 1000040350, msg: 'too many connections' } },
          exchanges: [
            {
              stage,
              attempt: 1,
              method: 'POST',
              url: 'https://open.larksuite.com/callback/ws/endpoint',
              requestHeaders: {},
              responseHeaders: {},
              startedAt: 0,
              durationMs: 1,
            },
          ],
          exchangesKept: true,
        },
        { ...context, lang },
      ).html;
    const endpoint = failed('event_endpoint', 'en');
    expect(endpoint.match(/asking for the long-connection endpoint/g)).toHaveLength(2);
    expect(endpoint).not.toContain('getting the message');
    expect(failed('event_socket', 'zh-CN').match(/打开长连接（WebSocket 握手）/g)).toHaveLength(2);
    expect(failed('event_socket', 'zh-CN')).not.toContain('获取消息时');
  });

  it('names its file safely, whatever the ID holds', () => {
    expect(ticketFileName('om_a/../b c', Date.UTC(2026, 0, 2, 3, 4, 5))).toBe('ticket-om_a____b_c-20260102T030405Z.html');
  });
});
