import { describe, expect, it } from 'vitest';
import { createApiProxy, dispatch, INSPECTOR_METHODS, type InspectorApi, type Transport } from './contract';
import { InspectorService } from '../app/service';
import { memoryStores } from '../testing/memory-stores';
import { FakeClock } from '../testing/fake-clock';
import { SEED_MESSAGE_ID } from '../sandbox/fixtures/messages';

function service() {
  return new InspectorService({
    stores: memoryStores(new FakeClock()),
    fetch: () => Promise.reject(new Error('no network in tests')),
    clock: new FakeClock(),
    host: 'browser',
    version: 'test',
  });
}

describe('dispatch', () => {
  it('keeps the code and the values of an error of ours, so the page can say it in its language', async () => {
    const api = service();
    expect(await dispatch(api, 'setActiveProfile', ['gone'])).toEqual({
      ok: false,
      error: { code: 'profile_not_found', message: 'no profile with id gone', params: { profileId: 'gone' } },
    });
    const invalid = await dispatch(api, 'saveProfile', [{ input: { name: '', domain: 'feishu', appId: 'x' }, persistSecret: false }]);
    expect(invalid).toMatchObject({
      ok: false,
      error: { code: 'invalid_profile', params: { issues: expect.arrayContaining([expect.any(String)]) } },
    });
    expect(await dispatch(api, 'getBatchUpdates', ['b9-none', 0])).toMatchObject({
      ok: false,
      error: { code: 'batch_not_found', params: { batchId: 'b9-none' } },
    });
  });

  it('passes an error that is not ours on as internal, with its text', async () => {
    const api = service();
    api.listProfiles = () => Promise.reject(new TypeError('x is undefined'));
    expect(await dispatch(api, 'listProfiles', [])).toEqual({ ok: false, error: { code: 'internal', message: 'x is undefined' } });
  });

  it('refuses a method that is not in the contract, including inherited names', async () => {
    const api = service();
    for (const name of ['deleteEverything', 'constructor', 'toString', '__proto__', 42]) {
      const reply = await dispatch(api, name, []);
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('validates arguments at runtime instead of trusting types', async () => {
    const api = service();
    const cases: unknown[] = [
      [],
      [{}],
      [{ messageId: '' }],
      [{ messageId: 'om_x', userIdType: 'email' }],
      [{ messageId: 'om_x', extra: 1 }],
      'not-an-array',
    ];
    for (const args of cases) {
      const reply = await dispatch(api, 'getMessage', args);
      expect(reply).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
    }
  });

  it("takes the reader's language where the main side writes previews or exports, and only a language it knows", async () => {
    const api = service();
    for (const [method, args] of [
      ['getMessage', [{ messageId: SEED_MESSAGE_ID, lang: 'fr' }]],
      ['startBatch', [{ messageIds: [SEED_MESSAGE_ID], lang: 'zh' }]],
      ['retryBatch', ['b1-sandbox', [0], 'ZH-CN']],
      ['exportBatch', ['b1-sandbox', 'json', 'de']],
    ] as const) {
      expect(await dispatch(api, method, args), method).toMatchObject({ ok: false, error: { code: 'bad_arguments' } });
    }
    const reply = await dispatch(api, 'getMessage', [{ messageId: SEED_MESSAGE_ID, lang: 'zh-CN' }]);
    expect(reply).toMatchObject({ ok: true, value: { ok: true, messageId: SEED_MESSAGE_ID } });
  });

  it('runs a valid call on the service and wraps the value', async () => {
    const reply = await dispatch(service(), 'getMessage', [{ messageId: SEED_MESSAGE_ID }]);
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value).toMatchObject({ ok: true, messageId: SEED_MESSAGE_ID, profileId: 'sandbox' });
  });

  it('turns a thrown error of ours into a reply with its code', async () => {
    const reply = await dispatch(service(), 'getMessage', [{ messageId: SEED_MESSAGE_ID, profileId: 'gone' }]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'profile_not_found', message: expect.stringContaining('gone') } });
  });
});

describe('createApiProxy', () => {
  it('offers every contract method and round-trips through a transport', async () => {
    const api = service();
    const calls: string[] = [];
    const transport: Transport = async (method, args) => {
      calls.push(method);
      return dispatch(api, method, JSON.parse(JSON.stringify(args)));
    };
    const proxy: InspectorApi = createApiProxy(transport);
    expect(Object.keys(proxy).sort()).toEqual([...INSPECTOR_METHODS].sort());
    const profiles = await proxy.listProfiles();
    expect(profiles[0]).toMatchObject({ profileId: 'sandbox', builtIn: true, hasSecret: true, maskedSecret: '••••cret' });
    await expect(proxy.getMessage({ messageId: '' })).rejects.toThrow(/messageId/);
    expect(calls).toEqual(['listProfiles', 'getMessage']);
  });
});
