import { describe, it, expect } from 'vitest';
import {
  CATALOGUE,
  CODELESS_IDS,
  LANGS,
  SEED_CODES,
  SIGN_IN_AGAIN_CODES,
  catalogueEntry,
  catalogueEntryForCode,
  type CatalogueEntry,
} from './catalogue';

const ALLOWED_DOC_HOSTS = new Set(['open.feishu.cn', 'open.larksuite.com', 'feishu.cn']);
const HAN = /\p{Script=Han}/u;

/** The entry as the bot reads it, and as a user when its texts differ then. */
function variantsOf(entry: CatalogueEntry): CatalogueEntry[] {
  return entry.asUser ? [entry, { ...entry, ...entry.asUser }] : [entry];
}

function textsOf(entry: CatalogueEntry): string[] {
  return variantsOf(entry).flatMap((variant) =>
    LANGS.flatMap((lang) => [
      variant.title[lang],
      variant.meaning[lang],
      ...variant.causes[lang],
      ...variant.steps[lang],
      ...variant.docs.map((d) => d.label[lang]),
    ]),
  );
}

describe('error catalogue', () => {
  it('has unique ids, and numeric ids match their code', () => {
    const ids = CATALOGUE.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const entry of CATALOGUE) {
      if (entry.code !== undefined) expect(entry.id).toBe(String(entry.code));
      else expect(entry.id).not.toMatch(/^\d+$/);
    }
  });

  it.each(CATALOGUE.map((e) => [e.id, e] as const))(
    '%s has a non-empty title, meaning, causes and steps in every language, as the bot and as a user',
    (_id, whole) => {
      for (const [entry, lang] of variantsOf(whole).flatMap((v) => LANGS.map((l) => [v, l] as const))) {
        expect(entry.title[lang]?.trim(), `${lang} title`).toBeTruthy();
        expect(entry.meaning[lang]?.trim(), `${lang} meaning`).toBeTruthy();
        expect(entry.causes[lang]?.length, `${lang} causes`).toBeGreaterThan(0);
        expect(entry.steps[lang]?.length, `${lang} steps`).toBeGreaterThan(0);
        for (const text of [...(entry.causes[lang] ?? []), ...(entry.steps[lang] ?? [])]) {
          expect(text.trim(), `${lang} list item`).toBeTruthy();
        }
        for (const link of entry.docs) expect(link.label[lang]?.trim(), `${lang} doc label`).toBeTruthy();
      }
    },
  );

  it('keeps the languages parallel and in their own language', () => {
    for (const entry of CATALOGUE.flatMap(variantsOf)) {
      expect(entry.causes['zh-CN'].length, entry.id).toBe(entry.causes.en.length);
      expect(entry.steps['zh-CN'].length, entry.id).toBe(entry.steps.en.length);
      expect(entry.title['zh-CN'], entry.id).toMatch(HAN);
      expect(entry.meaning['zh-CN'], entry.id).toMatch(HAN);
      expect(entry.title.en, entry.id).not.toMatch(HAN);
      expect(entry.meaning.en, entry.id).not.toMatch(HAN);
      for (const text of [...entry.causes.en, ...entry.steps.en]) expect(text, entry.id).not.toMatch(HAN);
    }
  });

  it('writes steps without their own numbers', () => {
    for (const entry of CATALOGUE) {
      for (const variant of variantsOf(entry)) {
        for (const lang of LANGS) {
          for (const step of variant.steps[lang]) expect(step, entry.id).not.toMatch(/^\s*(\d+[.)、]|[-*•])\s*/);
        }
      }
    }
  });

  it('links only https pages on the platform domains', () => {
    for (const entry of CATALOGUE.flatMap(variantsOf)) {
      for (const link of entry.docs) {
        const url = new URL(link.url);
        expect(url.protocol, link.url).toBe('https:');
        expect(ALLOWED_DOC_HOSTS.has(url.hostname), link.url).toBe(true);
      }
    }
  });

  it('has entries for every seed code, the platform codes and the code-less kinds', () => {
    const codes = [
      ...SEED_CODES,
      99991400,
      99991661,
      99991663,
      99991672,
      10003,
      10014,
      10015,
      234043,
      234003,
      2200,
      99991668,
      99991677,
      99991679,
      230020,
      // A store app's token calls.
      10012,
      99991664,
      99991662,
      // The OAuth token endpoint: signing in, and renewing the sign-in.
      20049,
      20003,
      20004,
      20065,
      20071,
      20002,
      20048,
      20024,
      20010,
      20026,
      20037,
      20064,
      20073,
      20036,
      20063,
    ];
    for (const code of codes) expect(catalogueEntryForCode(code)?.code, String(code)).toBe(code);
    for (const id of [...CODELESS_IDS, 'unknown', 'credential_ticket_missing', 'credential_token_expired', 'credential_signed_out']) {
      expect(catalogueEntry(id)?.id).toBe(id);
    }
  });

  it('maps each seed code to its entry', () => {
    expect(SEED_CODES).toEqual([230001, 230002, 230006, 230013, 230027, 230050, 230110]);
    for (const code of SEED_CODES) {
      const entry = catalogueEntryForCode(code);
      expect(entry?.id).toBe(String(code));
      expect(entry?.retryable).toBe(false);
      expect(entry?.unexpected).toBeFalsy();
    }
  });

  it("gives 230013 the seed's six steps, ending with the admin console check", () => {
    const entry = catalogueEntryForCode(230013);
    expect(entry?.steps['zh-CN']).toHaveLength(6);
    expect(entry?.steps.en).toHaveLength(6);
    expect(entry?.steps['zh-CN'][0]).toContain('开发者后台');
    expect(entry?.steps['zh-CN'][1]).toContain('创建版本');
    expect(entry?.steps['zh-CN'][2]).toContain('可用范围');
    expect(entry?.steps['zh-CN'][4]).toContain('发布');
    expect(entry?.steps['zh-CN'][5]).toContain('禁用成员');
    expect(entry?.meaning['zh-CN']).toContain('离职');
    expect(entry?.docs.map((d) => d.url)).toContain(
      'https://open.feishu.cn/document/home/introduction-to-scope-and-authorization/availability',
    );
  });

  it("gives 230027 the seed's three causes", () => {
    const causes = catalogueEntryForCode(230027)?.causes['zh-CN'] ?? [];
    expect(causes).toHaveLength(3);
    expect(causes[0]).toContain('权限');
    expect(causes[1]).toContain('用户授权');
    expect(causes[2]).toContain('外部群');
  });

  it('keeps 230110 apart from recalled messages', () => {
    const entry = catalogueEntryForCode(230110);
    expect(entry?.meaning.en).toMatch(/recall/i);
    expect(entry?.meaning.en).toContain('deleted: true');
    expect(entry?.meaning.en).toMatch(/empty items/);
    expect(entry?.meaning['zh-CN']).toContain('撤回');
  });

  it("uses the seed's doc links for the seed codes", () => {
    const urls = (code: number) => catalogueEntryForCode(code)?.docs.map((d) => d.url) ?? [];
    expect(urls(230002)).toContain('https://open.feishu.cn/document/ukTMukTMukTM/uATM04CMxQjLwEDN');
    expect(urls(230006)).toContain(
      'https://open.feishu.cn/document/uAjLw4CM/ugTN1YjL4UTN24CO1UjN/trouble-shooting/how-to-enable-bot-ability',
    );
    expect(urls(230013)).toContain('https://feishu.cn/admin');
    expect(urls(230027)).toContain('https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/develop-robots/add-bot-to-external-group');
  });

  it('marks exactly the transient failures as retryable', () => {
    const retryable = CATALOGUE.filter((e) => e.retryable)
      .map((e) => e.id)
      .sort();
    expect(retryable).toEqual(
      ['2200', '99991400', 'http_5xx', 'network', 'timeout', 'events_1', 'events_1000040343', 'events_handshake'].sort(),
    );
  });

  it('marks the user-token codes and 230020 as unexpected, and says so in both languages', () => {
    const unexpected = CATALOGUE.filter((e) => e.unexpected)
      .map((e) => e.id)
      .sort();
    expect(unexpected).toEqual(['230020', '99991668', '99991677', '99991679'].sort());
    for (const id of unexpected) {
      const entry = catalogueEntry(id);
      expect(entry?.meaning.en, id).toMatch(/should not (occur|happen)/);
      expect(entry?.meaning['zh-CN'], id).toMatch(/不应出现|不会出现/);
    }
  });

  it('explains the user-token codes as expected ones when the call was made as a user', () => {
    for (const id of ['99991668', '99991677', '99991679']) {
      const asUser = catalogueEntry(id)?.asUser;
      expect(asUser?.meaning?.en, id).toBeTruthy();
      expect(asUser?.meaning?.en, id).not.toMatch(/should not (occur|happen)/);
      expect(asUser?.meaning?.['zh-CN'], id).not.toMatch(/不应出现|不会出现/);
      expect(asUser?.title?.en, id).not.toMatch(/unexpected/i);
    }
  });

  it('tells the rate-limited caller to wait for x-ogw-ratelimit-reset', () => {
    const entry = catalogueEntryForCode(99991400);
    expect(entry?.meaning.en).toContain('x-ogw-ratelimit-reset');
    expect(entry?.steps['zh-CN'][0]).toContain('x-ogw-ratelimit-reset');
  });

  it('has no stray placeholders besides {code} and {msg}, and {user} and {expiresAt} only where the failure carries them', () => {
    for (const entry of CATALOGUE) {
      // Only a credential failure always names its user and expiry; elsewhere they would read as a fallback.
      const allowed = entry.id.startsWith('credential_') ? ['code', 'msg', 'user', 'expiresAt'] : ['code', 'msg'];
      for (const text of textsOf(entry)) {
        for (const match of text.matchAll(/\{(\w+)\}/g)) expect(allowed, entry.id).toContain(match[1]);
      }
    }
  });

  it('tells a store app to become a store-app profile rather than to use a custom app', () => {
    const steps = catalogueEntryForCode(10003)?.steps;
    expect(steps?.en.join(' ')).not.toMatch(/custom app instead/);
    expect(steps?.en.at(-1)).toMatch(/store-app one/);
    expect(steps?.en.at(-1)).toMatch(/app_ticket/);
    expect(steps?.en.at(-1)).toMatch(/tenant_key/);
    expect(steps?.['zh-CN'].at(-1)).toMatch(/商店应用/);
    for (const code of [10014, 10015]) expect(catalogueEntryForCode(code)?.meaning.en, String(code)).toMatch(/store app/);
  });

  it('says where a resent app_ticket arrives, and what a tenant_key is', () => {
    const ticket = catalogueEntryForCode(10012);
    expect(ticket?.steps.en.join(' ')).toMatch(/Ask the platform to resend/);
    expect(ticket?.steps.en.join(' ')).toMatch(/request URL set under Events & Callbacks/);
    expect(ticket?.steps.en.join(' ')).toMatch(/not to the inspector/);
    expect(catalogueEntry('credential_ticket_missing')?.steps.en.join(' ')).toMatch(/not to the inspector/);
    const notInstalled = catalogueEntryForCode(99991662);
    expect(notInstalled?.meaning.en).toMatch(/tenant_key/);
    expect(notInstalled?.meaning.en).toMatch(/install/);
    expect(notInstalled?.steps['zh-CN'].join('')).toMatch(/安装/);
  });

  it('tells the user to register the exact loopback redirect URL for 20071', () => {
    const steps = catalogueEntryForCode(20071)?.steps;
    expect(steps?.en[0]).toContain('http://127.0.0.1:<port>/callback');
    expect(steps?.en[0]).toContain('Security Settings > Redirect URLs');
    expect(steps?.['zh-CN'][0]).toContain('http://127.0.0.1:<端口>/callback');
  });

  it('ends every code of a spent sign-in in signing in again', () => {
    for (const code of [...SIGN_IN_AGAIN_CODES, 20003, 20004, 20065, 20049]) {
      const entry = catalogueEntryForCode(code);
      expect(entry?.steps.en.join(' '), String(code)).toMatch(/Sign in again/);
      expect(entry?.steps.en.join(' '), String(code)).toContain('inspector login --profile');
      expect(entry?.steps['zh-CN'].join(''), String(code)).toMatch(/重新登录/);
    }
  });

  it('offers signing in as a member of the chat for 230002 and 230027 as the bot, but not as the user', () => {
    for (const code of [230002, 230027]) {
      const entry = catalogueEntryForCode(code);
      expect(entry?.steps.en.join(' '), String(code)).toContain('"Try as user"');
      expect(entry?.steps.en.join(' '), String(code)).toContain('--as user');
      expect(entry?.steps['zh-CN'].join(''), String(code)).toContain('--as user');
      expect(entry?.asUser?.steps?.en.join(' '), String(code)).not.toContain('Try as user');
    }
    expect(catalogueEntryForCode(230002)?.asUser?.meaning?.en).toMatch(/user is not a member/);
  });

  it('explains the codes of the list call and the chats endpoint, not as unknown', () => {
    for (const code of [230073, 99992402, 232006]) expect(catalogueEntryForCode(code)?.id, String(code)).toBe(String(code));
  });

  it("has an entry for each of the long connection's endpoint codes and its handshake, none reachable by a lookup's code", () => {
    for (const code of [1, 403, 514, 1000040343, 1000040350]) {
      const entry = catalogueEntry(`events_${code}`);
      expect(entry?.id, String(code)).toBe(`events_${code}`);
      expect(entry?.code, String(code)).toBeUndefined();
      expect(catalogueEntryForCode(code), String(code)).toBeUndefined();
    }
    expect(catalogueEntry('events_handshake')?.retryable).toBe(true);
    expect(catalogueEntry('events_1000040350')?.meaning.en).toMatch(/50/);
  });
});
