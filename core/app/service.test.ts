import { describe, expect, it } from 'vitest';
import { InspectorService } from './service';
import { maskSecret, SANDBOX_PROFILE_ID, SANDBOX_STORE_PROFILE_ID } from '../profiles/types';
import { memoryStores, reversingCipher } from '../testing/memory-stores';
import { openStores } from './stores';
import { profileFromEnv } from '../profiles/env';
import { createSandbox, SANDBOX_APP_ID, SANDBOX_APP_SECRET } from '../sandbox/emulator';
import { FakeClock } from '../testing/fake-clock';
import {
  LARGE_FILE_ID,
  LARGE_FILE_KEY,
  MESSAGE_FIXTURES,
  SEED_MESSAGE_ID,
  SLOW_FILE_ID,
  SLOW_FILE_KEY,
} from '../sandbox/fixtures/messages';
import { UNREACHABLE_STOP_AFTER } from '../batch/pipeline';
import { DEFAULT_BATCH_CONCURRENCY } from '../batch/run';
import type { FetchLike } from '../base/ports';
import { explainFailure, unreachableReason } from '../errors';

const REAL_SECRET = 'Zq8mN3vL0pR7sT2wY5xA1bC4dE6fG9hJ';

/** A service with stores in memory and no network: only the Sandbox profile answers. */
function sandboxOnlyService(clock = new FakeClock(), stores = memoryStores(clock)) {
  return new InspectorService({ stores, fetch: () => Promise.reject(new Error('offline')), clock, host: 'browser', version: 't' });
}

/** The sandbox-only service, whose backoffs return at once and whose requests never time out. */
function quickRetryService() {
  const clock = new FakeClock();
  clock.autoAdvance = true;
  const fetch: FetchLike = () => Promise.reject(new Error('offline'));
  return new InspectorService({ stores: memoryStores(clock), fetch, clock, host: 'browser', version: 't', retry: { timeoutMs: Infinity } });
}

/** A service over stores in memory, with one stored Lark profile 'Production' and its secret. */
async function serviceWith(fetch: FetchLike, options: { secret?: boolean } = {}) {
  const clock = new FakeClock();
  const stores = memoryStores(clock);
  const service = new InspectorService({ stores, fetch, clock, host: 'desktop', version: '1.2.3' });
  const prod = await service.saveProfile({
    input: { name: 'Production', domain: 'lark', appId: 'cli_a1b2c3', defaultUserIdType: 'union_id', appSecret: REAL_SECRET },
    persistSecret: true,
  });
  if (options.secret === false) await stores.secrets.deleteSecret(prod.profileId);
  return { service, stores, prodId: prod.profileId };
}

describe('InspectorService', () => {
  it('lists the Sandbox first and never returns a secret, only its masked tail', async () => {
    const { service, prodId } = await serviceWith(() => Promise.reject(new Error('offline')));
    const profiles = await service.listProfiles();
    expect(profiles.map((p) => p.profileId)).toEqual([SANDBOX_PROFILE_ID, SANDBOX_STORE_PROFILE_ID, prodId]);
    expect(profiles[1]).toMatchObject({
      kind: 'store',
      builtIn: true,
      tenants: [{ key: '736588c9260f175e' }, { key: '2ed263bf32cf1651' }],
    });
    expect(profiles[2]).toMatchObject({ baseUrl: 'https://open.larksuite.com', hasSecret: true, maskedSecret: '••••G9hJ', builtIn: false });
    const serialised = JSON.stringify(profiles);
    expect(serialised).not.toContain(REAL_SECRET);
    expect(serialised).not.toContain(SANDBOX_APP_SECRET);
  });

  it("calls the profile's domain with its default user_id_type and keeps the secret out of the result", async () => {
    const sandbox = createSandbox();
    const seen: string[] = [];
    const fetch: FetchLike = async (request) => {
      seen.push(request.url);
      // Stand in for the platform: the sandbox checks credentials of its own, so map them.
      if (request.method === 'POST') {
        return sandbox.handle(
          new Request(request.url, { method: 'POST', body: JSON.stringify({ app_id: 'cli_sandbox', app_secret: 'sandbox_secret' }) }),
        );
      }
      return sandbox.handle(request);
    };
    const { service, prodId } = await serviceWith(fetch);
    const result = await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: prodId });
    expect(result.ok).toBe(true);
    expect(seen[0]).toBe('https://open.larksuite.com/open-apis/auth/v3/tenant_access_token/internal');
    expect(seen[1]).toBe(
      `https://open.larksuite.com/open-apis/im/v1/messages/${SEED_MESSAGE_ID}?with_sender_name=true&user_id_type=union_id`,
    );
    expect(JSON.stringify(result)).not.toContain(REAL_SECRET);
  });

  it("ignores a hand-edited saved profile under a built-in's id", async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const service = sandboxOnlyService(clock, stores);
    const impostor = { name: 'Impostor', domain: 'custom', baseUrl: 'https://evil.example', appId: 'cli_x', defaultUserIdType: 'open_id' };
    stores.files.settings.set('profiles', [
      { profileId: SANDBOX_PROFILE_ID, ...impostor },
      { profileId: 'env', ...impostor },
    ]);
    expect((await service.listProfiles()).map((p) => p.name)).toEqual(['Sandbox', 'Sandbox store app']);
    await expect(service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: 'env' })).rejects.toThrow(/no profile with id env/);
    expect((await service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: SANDBOX_PROFILE_ID })).ok).toBe(true);
  });

  it('says which profile lacks a secret instead of calling the platform', async () => {
    const { service, prodId } = await serviceWith(() => Promise.reject(new Error('must not be called')), { secret: false });
    await expect(service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: prodId })).rejects.toThrow(/"Production" has no app_secret/);
  });

  it('says why a saved secret cannot be used (a reset keychain) and what to do, instead of "no secret"', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock, { ...reversingCipher, decrypt: async () => Promise.reject(new Error('keychain reset')) });
    stores.files.settings.set('profiles', [
      { profileId: 'p1', name: 'Production', domain: 'lark', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id' },
    ]);
    stores.files.secrets.set('secrets', { p1: `${reversingCipher.scheme}:${btoa('terces')}` });
    const service = new InspectorService({
      stores,
      fetch: () => Promise.reject(new Error('must not be called')),
      clock,
      host: 'desktop',
      version: 't',
    });
    const state = await service.getProfilesState();
    expect(state.profiles[2]).toMatchObject({ profileId: 'p1', hasSecret: false, secretProblem: { kind: 'undecryptable' } });
    await expect(service.getMessage({ messageId: SEED_MESSAGE_ID, profileId: 'p1' })).rejects.toThrow(
      /"Production" has a saved app_secret that cannot be decrypted \(the system keychain was reset.*\): enter the app_secret again/,
    );
    // One saved by the desktop app, read where there is no keychain (the CLI, browser mode).
    stores.files.secrets.set('secrets', { p1: 'safeStorage-v1:AAAA' });
    expect((await service.listProfiles())[2]?.secretProblem).toEqual({ kind: 'unknown_scheme', scheme: 'safeStorage-v1' });
  });

  it('tells what the settings file held that could not be read, with the copy of the original', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    stores.files.settings.set('profiles', [
      { profileId: 'p1', name: 'Typo', domain: 'Feishu', appId: 'cli_a1b2c3', defaultUserIdType: 'open_id' },
    ]);
    const service = sandboxOnlyService(clock, { ...stores, ...openStores({ ...stores.files, cipher: reversingCipher }, clock) });
    expect((await service.getProfilesState()).notices).toEqual([
      {
        kind: 'entries_set_aside',
        file: 'settings',
        aside: 'memory:aside-1',
        details: [expect.stringMatching(/^profiles\[0\] \("Typo"\) dropped: domain/)],
      },
    ]);
    expect((await sandboxOnlyService().getProfilesState()).notices).toEqual([]);
  });

  it('masks a secret as four dots and its last four characters, and shows nothing of a short one', () => {
    expect(maskSecret('abcdefghijklmnop')).toBe('••••mnop');
    expect(maskSecret('abcdefgh')).toBe('••••');
    expect(maskSecret(undefined)).toBeUndefined();
  });
});

describe('profileFromEnv', () => {
  it('needs both app_id and secret, and accepts feishu, lark or a base URL', () => {
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x' })).toBeUndefined();
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's' })?.profile.domain).toBe('feishu');
    expect(profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'lark' })?.profile.domain).toBe('lark');
    const local = profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'http://127.0.0.1:9000/' });
    expect(local?.profile).toMatchObject({ domain: 'custom', baseUrl: 'http://127.0.0.1:9000' });
    expect(() => profileFromEnv({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_DOMAIN: 'ftp://x' })).toThrow(/FEISHU_DOMAIN/);
  });
});

describe('InspectorService against the sandbox gallery', () => {
  const sandboxService = () => sandboxOnlyService();

  it.each([
    ['om_fault_dns', 'dns'],
    ['om_fault_tls', 'tls'],
    ['om_fault_network', 'reset'],
  ] as const)('%s fails as a platform that cannot be reached (%s), after the retries', async (messageId, reason) => {
    const result = await quickRetryService().getMessage({ messageId });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(unreachableReason(result.failure)).toBe(reason);
    expect(result.exchanges.filter((e) => e.url.includes(messageId))).toHaveLength(3);
  });

  it('an answered fault is not taken for an unreachable platform', async () => {
    const result = await quickRetryService().getMessage({ messageId: 'om_fault_502' });
    expect(!result.ok && unreachableReason(result.failure)).toBeUndefined();
  });

  it('masks a shared event share_token in the answer and in the raw exchanges', async () => {
    const result = await sandboxService().getMessage({ messageId: 'om_x100b9a11e1254a4eca1e7da40000000' });
    expect(result.ok).toBe(true);
    const serialised = JSON.stringify(result);
    expect(serialised).not.toContain('cse_9a11e5ec4e7dead0beef0ca1e7da4');
    expect(serialised).toContain('Quarterly planning');
  });

  it('returns the three forms of a card for card_msg_content_type', async () => {
    const service = sandboxService();
    const contentOf = async (cardContentType?: 'user_card_content' | 'raw_card_content') => {
      const result = await service.getMessage({ messageId: 'om_x100b9a11e17ca4d2000000000000000', cardContentType });
      return result.ok ? JSON.parse(result.response.data!.items![0]!.body!.content!) : undefined;
    };
    expect(JSON.stringify(await contentOf())).toContain('请升级至最新版本客户端');
    expect((await contentOf('user_card_content')).schema).toBe('2.0');
    expect(typeof (await contentOf('raw_card_content')).json_card).toBe('string');
  });
});

describe('profiles through the service', () => {
  it('creates, edits, duplicates, tests, activates and deletes profiles, keeping secrets out of answers', async () => {
    const sandbox = createSandbox();
    const { service, stores, prodId } = await serviceWith((request) => sandbox.handle(request));
    // A custom profile pointed at a local sandbox: "Test connection" fetches a real token.
    const local = await service.saveProfile({
      input: {
        name: 'Local sandbox',
        domain: 'custom',
        baseUrl: 'http://127.0.0.1:9000/',
        appId: 'cli_sandbox',
        defaultUserIdType: 'open_id',
        appSecret: SANDBOX_APP_SECRET,
      },
      persistSecret: true,
    });
    expect(local).toMatchObject({ baseUrl: 'http://127.0.0.1:9000', hasSecret: true, maskedSecret: '••••cret' });
    const tested = await service.testProfile(local.profileId);
    expect(tested.ok).toBe(true);
    const wrong = await service.testProfile(prodId);
    expect(wrong.ok ? 'ok' : wrong.failure.code).toBe(10003);

    const renamed = await service.saveProfile({
      profileId: local.profileId,
      input: { name: 'Local', domain: 'custom', baseUrl: 'http://127.0.0.1:9000', appId: 'cli_sandbox', defaultUserIdType: 'user_id' },
      persistSecret: true,
    });
    expect(renamed).toMatchObject({ name: 'Local', hasSecret: true, defaultUserIdType: 'user_id' });
    const copy = await service.duplicateProfile(local.profileId);
    expect(copy).toMatchObject({ name: 'Local (copy)', hasSecret: true });

    await service.setActiveProfile(copy.profileId);
    expect((await service.getProfilesState()).activeProfileId).toBe(copy.profileId);
    await service.deleteProfile(copy.profileId);
    const state = await service.getProfilesState();
    expect(state.activeProfileId).toBe(SANDBOX_PROFILE_ID);
    expect(state.profiles.map((p) => p.name)).toEqual(['Sandbox', 'Sandbox store app', 'Production', 'Local']);

    const everything = JSON.stringify([state, await service.exportProfiles(), stores.files.settings.text(), stores.files.history.text()]);
    expect(everything).not.toContain(REAL_SECRET);
    expect(everything).not.toContain(SANDBOX_APP_SECRET);
    expect(stores.files.secrets.text()).not.toContain(REAL_SECRET);
  });

  it('refuses to delete or edit the Sandbox, and says what is wrong with a bad profile', async () => {
    const { service } = await serviceWith(() => Promise.reject(new Error('offline')));
    await expect(service.deleteProfile(SANDBOX_PROFILE_ID)).rejects.toThrow(/Sandbox/);
    await expect(
      service.saveProfile({ input: { name: '', domain: 'feishu', appId: 'nope', defaultUserIdType: 'open_id' }, persistSecret: true }),
    ).rejects.toThrow(/not valid/);
  });

  it('answers before it records: the history work runs after, and history reads wait for it', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const held: (() => void)[] = [];
    const service = new InspectorService({
      stores,
      fetch: () => Promise.reject(new Error('offline')),
      clock,
      host: 'browser',
      version: 't',
      defer: (work) => held.push(work),
    });
    const lookup = await service.getMessage({ messageId: SEED_MESSAGE_ID });
    expect(lookup.ok).toBe(true);
    expect(held).toHaveLength(1);
    let listed = false;
    const page = service.listHistory({}).then((p) => ((listed = true), p));
    await Promise.resolve();
    expect(listed).toBe(false);
    held.shift()!();
    expect((await page).entries.map((e) => e.messageId)).toEqual([SEED_MESSAGE_ID]);
  });

  it('closes cleanly when the history cannot be written (a full disk): the lookup still counts', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    stores.files.history.set = () => {
      throw new Error('ENOSPC: no space left on device');
    };
    const service = sandboxOnlyService(clock, stores);
    expect((await service.getMessage({ messageId: SEED_MESSAGE_ID })).ok).toBe(true);
    await expect(service.close()).resolves.toBeUndefined();
  });

  it('records every lookup in the history, without tokens', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const service = sandboxOnlyService(clock, stores);
    await service.getMessage({ messageId: SEED_MESSAGE_ID });
    await service.getMessage({ messageId: 'om_error_230002' });
    const page = await service.listHistory({});
    expect(page.entries.map((e) => [e.messageId, e.outcome, e.code ?? null, e.msgType ?? null])).toEqual([
      ['om_error_230002', 'error', 230002, null],
      [SEED_MESSAGE_ID, 'ok', null, 'text'],
    ]);
    expect(page.entries[1]!.preview).toBe('test content');
    expect((await service.listHistory({ query: '230002' })).total).toBe(1);
    // The file is written a moment later; close() (what hosts call before exiting) waits for it.
    await service.close();
    expect(stores.files.history.text()).toContain('om_error_230002');
    expect(stores.files.history.text()).not.toMatch(/t-sandbox-/);
    await service.clearHistory();
    expect((await service.listHistory({})).total).toBe(0);
  });
});

describe("previews in the reader's language", () => {
  const IMAGE = 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5';
  const FORWARD = 'om_x100b4d2e9f0a1b2c3d4e5f60718293';

  it('the history keeps each preview in the language of its lookup', async () => {
    const service = sandboxOnlyService();
    await service.getMessage({ messageId: IMAGE, lang: 'zh-CN' });
    await service.getMessage({ messageId: FORWARD, lang: 'zh-CN' });
    await service.getMessage({ messageId: IMAGE });
    const previews = (await service.listHistory({})).entries.map((e) => e.preview);
    expect(previews).toEqual([
      expect.stringMatching(/^\[image img_/),
      expect.stringMatching(/^\[合并转发\] /),
      expect.stringMatching(/^\[图片 img_/),
    ]);
    // What the user typed to find it again works in either language.
    expect((await service.listHistory({ query: '合并转发' })).total).toBe(1);
  });

  it('batch rows read in the language the batch was started in; a retry in the one it asks for', async () => {
    const service = sandboxOnlyService();
    const { batchId } = await service.startBatch({ messageIds: [IMAGE, FORWARD], lang: 'zh-CN' });
    const first = await waitForBatch(service, batchId);
    const preview = (rows: typeof first.rows, id: string) => rows.find((r) => r.messageId === id)?.preview;
    expect(preview(first.rows, IMAGE)).toMatch(/^\[图片 img_/);
    expect(preview(first.rows, FORWARD)).toMatch(/^\[合并转发\] /);

    await service.retryBatch(batchId, [1]);
    const same = await waitForBatch(service, batchId, first.cursor);
    expect(preview(same.rows, FORWARD)).toMatch(/^\[合并转发\] /);

    await service.retryBatch(batchId, [0], 'en');
    const english = await waitForBatch(service, batchId, same.cursor);
    expect(preview(english.rows, IMAGE)).toMatch(/^\[image img_/);
  });

  it('a batch started without a language reads in English', async () => {
    const service = sandboxOnlyService();
    const { batchId } = await service.startBatch({ messageIds: [IMAGE] });
    expect((await waitForBatch(service, batchId)).rows[0]!.preview).toMatch(/^\[image img_/);
  });

  it('a desktop export speaks the language asked for, in message content too', async () => {
    const saved: string[] = [];
    const service = new InspectorService({
      stores: memoryStores(new FakeClock()),
      fetch: () => Promise.reject(new Error('offline')),
      clock: new FakeClock(),
      host: 'desktop',
      version: 't',
      files: {
        saveExport: async (name, chunks) => {
          for await (const chunk of chunks) saved.push(chunk);
          return { saved: name };
        },
      },
    });
    const { batchId } = await service.startBatch({ messageIds: [IMAGE] });
    await waitForBatch(service, batchId);
    await service.exportBatch(batchId, 'markdown', 'zh-CN');
    const md = saved.join('');
    expect(md).toMatch(/^# Messages \(b\d+-sandbox\)\n\n生成时间: /);
    expect(md).toContain('\\[图片 `img_');
  });
});

describe('sender names through the service', () => {
  const NAMED = 'om_x100b4f0000000000000000000000b1';
  const UNNAMED = 'om_x100b4f0000000000000000000000b2';

  /** The platform names a sender only when asked with with_sender_name=true, and not every sender. */
  const platform: FetchLike = async (request) => {
    const url = new URL(request.url);
    if (url.pathname.endsWith('/tenant_access_token/internal')) {
      return Response.json({ code: 0, msg: 'ok', tenant_access_token: 't-fake-token', expire: 7200 });
    }
    const messageId = url.pathname.split('/').at(-1)!;
    const asked = url.searchParams.get('with_sender_name') === 'true';
    const sender = {
      id: 'ou_155184d1e73cbfb8973e5a9e698e74f2',
      id_type: 'open_id',
      sender_type: 'user',
      ...(asked && messageId === NAMED ? { sender_name: 'Li Lei', sender_i18n_names: { zh_cn: '李雷', en_us: 'Lei Li' } } : {}),
    };
    const item = { message_id: messageId, msg_type: 'text', chat_id: 'oc_1', sender, body: { content: '{"text":"hi"}' } };
    return Response.json({ code: 0, msg: 'success', data: { items: [item] } });
  };

  it('the history keeps the name in the language of the lookup, and finds the entry by it', async () => {
    const { service, prodId } = await serviceWith(platform);
    await service.getMessage({ messageId: NAMED, profileId: prodId, lang: 'zh-CN' });
    await service.getMessage({ messageId: NAMED, profileId: prodId, lang: 'en' });
    await service.getMessage({ messageId: UNNAMED, profileId: prodId, lang: 'en' });
    const entries = (await service.listHistory({})).entries;
    expect(entries.map((e) => [e.messageId, e.senderName])).toEqual([
      [UNNAMED, undefined],
      [NAMED, 'Lei Li'],
      [NAMED, '李雷'],
    ]);
    expect((await service.listHistory({ query: '李雷' })).total).toBe(1);
  });

  it("batch rows carry the sender's name in the batch's language, none where the platform gave none", async () => {
    const { service, prodId } = await serviceWith(platform);
    const { batchId } = await service.startBatch({ messageIds: [NAMED, UNNAMED], profileId: prodId, lang: 'zh-CN' });
    const { rows } = await waitForBatch(service, batchId);
    expect(rows.map((r) => [r.messageId, r.senderName]).sort()).toEqual([
      [NAMED, '李雷'],
      [UNNAMED, undefined],
    ]);
  });
});

/** The batch's updates since `cursor`, once it has stopped running. */
async function waitForBatch(service: InspectorService, batchId: string, cursor = 0) {
  for (let i = 0; i < 500; i += 1) {
    const updates = await service.getBatchUpdates(batchId, cursor);
    if (!updates.running) return updates;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the batch did not finish');
}

describe('batches through the service', () => {
  it('runs, reports rows and progress, retries failures, and exports what finished', async () => {
    const service = sandboxOnlyService();
    const ids = [SEED_MESSAGE_ID, 'om_error_230002', 'om_x100b4d2e9f0a1b2c3d4e5f60718293', 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5'];
    const { batchId, total } = await service.startBatch({ messageIds: ids });
    expect(total).toBe(4);
    const first = await waitForBatch(service, batchId);
    expect(first.progress).toMatchObject({ total: 4, done: 4, failed: 1, remaining: 0 });
    expect(first.rows.map((r) => [r.messageId, r.status])).toEqual(
      expect.arrayContaining([
        [SEED_MESSAGE_ID, 'ok'],
        ['om_error_230002', 'failed'],
      ]),
    );
    expect(first.rows.find((r) => r.messageId === 'om_x100b4d2e9f0a1b2c3d4e5f60718293')).toMatchObject({
      msgType: 'merge_forward',
      itemsCount: 3,
    });
    expect(first.rows.find((r) => r.messageId === 'om_error_230002')?.failure).toMatchObject({ code: 230002 });

    // A cursor returns only what finished since.
    expect((await service.getBatchUpdates(batchId, first.cursor)).rows).toEqual([]);

    await service.retryBatch(batchId, [1]);
    const again = await waitForBatch(service, batchId);
    expect(again.progress).toMatchObject({ done: 4, failed: 1 });

    let json = '';
    for await (const chunk of service.batchExportChunks(batchId, 'json')) json += chunk;
    const exported = JSON.parse(json) as { data: { items: { message_id: string }[] }; errors: { message_id: string; code: number }[] };
    expect(exported.data.items.map((i) => i.message_id)).toContain(SEED_MESSAGE_ID);
    expect(exported.data.items).toHaveLength(1 + 3 + 1);
    expect(exported.errors).toEqual([expect.objectContaining({ message_id: 'om_error_230002', code: 230002 })]);
  });

  it('keeps only the last few finished batches (each holds every message it fetched)', async () => {
    const service = sandboxOnlyService();
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) ids.push((await service.startBatch({ messageIds: [SEED_MESSAGE_ID] })).batchId);
    await waitForBatch(service, ids[6]!);
    await expect(service.getBatchUpdates(ids[0]!, 0)).rejects.toThrow(/no batch/);
    expect((await service.getBatchUpdates(ids[6]!, 0)).progress.done).toBe(1);
  });

  it('cancels: what finished stays, nothing else runs', async () => {
    const service = sandboxOnlyService();
    // Past 50 calls the limiter waits on the (fake, frozen) clock: the batch is stuck mid-way.
    const ids = Array.from({ length: 80 }, (_, i) => (i % 2 ? SEED_MESSAGE_ID : 'om_x100b4a1e2d3c4b5a69788796a5b4c3'));
    const { batchId } = await service.startBatch({ messageIds: ids });
    for (let i = 0; i < 100 && (await service.getBatchUpdates(batchId, 0)).progress.done < 50; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    await service.cancelBatch(batchId);
    const updates = await waitForBatch(service, batchId);
    expect(updates.cancelled).toBe(true);
    expect(updates.progress.done).toBe(50);
    expect(updates.progress.remaining).toBe(30);
  });
  it('stops by itself when the platform cannot be reached, and runs the rest when asked', async () => {
    const service = quickRetryService();
    // The sandbox's messages, then IDs it does not know (it answers those with an API error).
    const ids = [...MESSAGE_FIXTURES.keys(), ...Array.from({ length: 72 }, (_, i) => `om_${String(i).padStart(32, '0')}`)];
    await service.setSandboxSettings({ faultRate: 1, faultKinds: ['dns'], rateLimits: false });
    const { batchId } = await service.startBatch({ messageIds: ids });
    const stopped = await waitForBatch(service, batchId);
    expect(stopped).toMatchObject({ running: false, cancelled: true });
    expect(stopped.stoppedUnreachable).toBeGreaterThanOrEqual(UNREACHABLE_STOP_AFTER);
    expect(stopped.progress.done).toBe(stopped.rows.length);
    expect(stopped.progress.remaining).toBe(ids.length - stopped.progress.done);
    expect(stopped.progress.remaining).toBeGreaterThan(0);
    expect(stopped.rows.every((row) => row.status === 'failed' && /ENOTFOUND/.test(row.failure?.msg ?? ''))).toBe(true);

    // The network is back: only the rows never run, as "Run the N not run" asks.
    await service.setSandboxSettings({ faultRate: 0, faultKinds: ['dns'], rateLimits: false });
    const ran = new Set(stopped.rows.map((row) => row.index));
    const notRun = ids.flatMap((_, i) => (ran.has(i) ? [] : [i]));
    await service.retryBatch(batchId, notRun);
    const rest = await waitForBatch(service, batchId, stopped.cursor);
    expect(rest.stoppedUnreachable).toBeUndefined();
    expect(rest.progress).toMatchObject({ done: ids.length, remaining: 0 });
    expect(rest.rows.map((row) => row.index).sort((a, b) => a - b)).toEqual(notRun);
    expect(rest.rows.every((row) => row.status === 'ok' || row.failure?.kind === 'api')).toBe(true);
    // The rows that failed to reach the platform keep their failure until retried.
    expect(rest.progress.failed).toBe(stopped.rows.length + rest.rows.filter((row) => row.status === 'failed').length);
  });

  it('does not stop for a token request that failed once for every lookup waiting on it', async () => {
    const clock = new FakeClock();
    clock.autoAdvance = true;
    let tokenCalls = 0;
    const sandbox = createSandbox({ clock });
    // The first token request (and its retries) cannot reach the platform; later ones can.
    const fetch: FetchLike = async (request) => {
      if (new URL(request.url).pathname.includes('tenant_access_token') && (tokenCalls += 1) <= 3)
        throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND open.larksuite.com') });
      return sandbox.handle(request);
    };
    const stores = memoryStores(clock);
    const service = new InspectorService({ stores, fetch, clock, host: 'desktop', version: 't', retry: { timeoutMs: Infinity } });
    const prod = await service.saveProfile({
      input: { name: 'Production', domain: 'lark', appId: SANDBOX_APP_ID, defaultUserIdType: 'open_id', appSecret: SANDBOX_APP_SECRET },
      persistSecret: true,
    });
    const ids = Array.from({ length: 30 }, () => SEED_MESSAGE_ID).map((id, i) => `${id.slice(0, -2)}${String(i).padStart(2, '0')}`);
    const { batchId } = await service.startBatch({ messageIds: ids, profileId: prod.profileId });
    const updates = await waitForBatch(service, batchId);
    expect(updates.stoppedUnreachable).toBeUndefined();
    expect(updates.cancelled).toBe(false);
    expect(updates.progress).toMatchObject({ done: 30, remaining: 0 });
    expect(updates.rows.filter((row) => row.failure?.stage === 'token')).toHaveLength(DEFAULT_BATCH_CONCURRENCY);
  });

  it('cancel ends a Sandbox lookup that never answers (a timeout fault) at once, not after the timeout', async () => {
    // The fake clock never reaches the 20 s timeout: only the cancel can end this batch.
    const service = sandboxOnlyService();
    const { batchId } = await service.startBatch({ messageIds: ['om_fault_timeout', SEED_MESSAGE_ID] });
    for (let i = 0; i < 100 && (await service.getBatchUpdates(batchId, 0)).progress.done < 1; i += 1)
      await new Promise((r) => setTimeout(r, 10));
    await service.cancelBatch(batchId);
    const updates = await waitForBatch(service, batchId);
    expect(updates.cancelled).toBe(true);
    expect(updates.rows.map((r) => [r.messageId, r.status])).toEqual([[SEED_MESSAGE_ID, 'ok']]);
  });
});

describe('resources through the service', () => {
  const service = () => sandboxOnlyService();

  it('downloads an image of a message, and a file with its name', async () => {
    const image = await service().getResource({
      messageId: 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5',
      fileKey: 'img_v3_0210t_6f2b1c4e-8d9a-4b7c-a1e2-3f4d5e6a7b8g',
      type: 'image',
    });
    expect(image.ok && image.contentType).toBe('image/png');
    expect(image.ok && atob(image.base64).slice(1, 4)).toBe('PNG');
    const fileMessage = await service().getMessage({ messageId: 'om_x100b9a11e05f11e0000000000000000' });
    const content = fileMessage.ok
      ? (JSON.parse(fileMessage.response.data!.items![0]!.body!.content!) as { file_key: string; file_name: string })
      : undefined;
    const file = await service().getResource({
      messageId: 'om_x100b9a11e05f11e0000000000000000',
      fileKey: content!.file_key,
      type: 'file',
    });
    expect(file.ok && file.fileName).toBe(content!.file_name);
  });

  it('explains the platform refusals: cards 234043, keys not in the message or asked by a sub-message 234003', async () => {
    const api = service();
    const card = await api.getResource({ messageId: 'om_x100b4b2f3e4d5c6b7a8998a7b6c5d4', fileKey: 'img_x', type: 'image' });
    expect(card.ok ? 0 : card.failure.code).toBe(234043);
    const notThere = await api.getResource({ messageId: 'om_x100b4c3a4f5e6d7c8b9aa9b8c7d6e5', fileKey: 'img_other', type: 'image' });
    expect(notThere.ok ? 0 : notThere.failure.code).toBe(234003);

    const forward = await api.getMessage({ messageId: 'om_x100b9a11e20f04a4dee000000000000' });
    const items = forward.ok ? forward.response.data!.items! : [];
    const child = items.find((item) => item.msg_type === 'image')!;
    const key = (JSON.parse(child.body!.content!) as { image_key: string }).image_key;
    const viaContainer = await api.getResource({ messageId: items[0]!.message_id!, fileKey: key, type: 'image' });
    expect(viaContainer.ok).toBe(true);
    const viaChild = await api.getResource({ messageId: child.message_id!, fileKey: key, type: 'image' });
    expect(viaChild.ok ? 0 : viaChild.failure.code).toBe(234003);
  });

  /** A service over its own sandbox, so that a test can see what the sandbox handed out. */
  function serviceOverSandbox() {
    const clock = new FakeClock();
    const sandbox = createSandbox({ clock });
    const offline: FetchLike = () => Promise.reject(new Error('offline'));
    return {
      clock,
      sandbox,
      service: new InspectorService({ stores: memoryStores(clock), fetch: offline, clock, host: 'browser', version: 't', sandbox }),
    };
  }

  it('refuses a 30 MB file at the 25 MB limit, having read little more than the limit, and says why in both languages', async () => {
    const { service, sandbox } = serviceOverSandbox();
    const result = await service.getResource({ messageId: LARGE_FILE_ID, fileKey: LARGE_FILE_KEY, type: 'file' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.failure).toMatchObject({ kind: 'too_large', httpStatus: 200 });
    expect(result.failure.msg).toContain('limit of 25 MB');
    expect(sandbox.stats.resourceBytes).toBeLessThanOrEqual(25 * 1024 * 1024 + 128 * 1024);
    expect(explainFailure(result.failure, 'en').title).toBe('The resource is too large');
    expect(explainFailure(result.failure, 'zh-CN').title).toBe('资源太大');
    expect(result.exchanges.at(-1)?.responseBody).toMatch(/^\(more than 26214400 bytes of application\/octet-stream/);
  });

  it('downloads a file that trickles in for longer than a lookup may take, since data keeps coming', async () => {
    const { service, clock } = serviceOverSandbox();
    let outcome: Awaited<ReturnType<InspectorService['getResource']>> | undefined;
    void service.getResource({ messageId: SLOW_FILE_ID, fileKey: SLOW_FILE_KEY, type: 'file' }).then((result) => (outcome = result));
    for (let second = 0; second < 40 && !outcome; second += 1) {
      for (let i = 0; i < 20; i += 1) await new Promise((r) => setTimeout(r, 0));
      clock.advance(1000);
    }
    expect(outcome).toMatchObject({ ok: true, fileName: 'slow-link.log', size: 25 * 1024 });
  });
});
