import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { createApiProxy, dispatch } from '../../../core/api/contract';
import { InspectorService } from '../../../core/app/service';
import { memoryStores } from '../../../core/testing/memory-stores';
import { FakeClock } from '../../../core/testing/fake-clock';
import { startI18n, type Lang } from '../../i18n';
import { appErrorText } from './app-error';

/** The page's view of a real service, through the same dispatch both bridges use. */
function pageApi(stores = memoryStores(new FakeClock())) {
  const service = new InspectorService({
    stores,
    fetch: () => Promise.reject(new Error('no network in tests')),
    clock: new FakeClock(),
    host: 'browser',
    version: 'test',
  });
  // A reply crosses the bridge as JSON.
  return createApiProxy(async (method, args) => JSON.parse(JSON.stringify(await dispatch(service, method, args))));
}

const t = (lang: Lang) => startI18n(i18next.createInstance(), lang).t;

async function failureOf(call: Promise<unknown>): Promise<unknown> {
  try {
    await call;
  } catch (error) {
    return error;
  }
  throw new Error('the call did not fail');
}

describe('errors from the main side, in the reader’s language', () => {
  it('says a store error in Chinese in the Chinese UI, and in English in the English UI', async () => {
    const error = await failureOf(pageApi().setActiveProfile('gone'));
    expect(appErrorText(error, t('zh-CN'))).toBe('配置“gone”已不存在：可能已在另一个窗口中删除。');
    expect(appErrorText(error, t('en'))).toBe('There is no profile "gone" any more: it may have been deleted in another window.');
  });

  it('says that a profile has no secret, in Chinese', async () => {
    const clock = new FakeClock();
    const stores = memoryStores(clock);
    const api = pageApi(stores);
    const saved = await api.saveProfile({
      input: {
        name: 'Prod',
        domain: 'feishu',
        appId: 'cli_a1b2c3d4e5f60718',
        defaultUserIdType: 'open_id',
        appSecret: 'a-secret-for-the-session-only',
      },
      persistSecret: false,
    });
    await stores.secrets.deleteSecret(saved.profileId);
    const error = await failureOf(api.testProfile(saved.profileId));
    expect(appErrorText(error, t('zh-CN'))).toBe('配置“Prod”没有 app_secret：请在配置设置中添加。');
  });

  it('shows an unexpected failure with its own text, in a translated sentence', () => {
    expect(appErrorText(new Error('boom'), t('zh-CN'))).toBe('检查器无法完成此操作：boom');
  });
});
