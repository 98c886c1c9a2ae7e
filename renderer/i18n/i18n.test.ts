import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { LANGS, startI18n } from './index';
import { en } from './en';
import { zhCN } from './zh-CN';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/**
 * Strings that are the same in both languages on purpose: names of API things, not prose, or
 * nothing but a value the formats put in the UI's language.
 */
const SAME_IN_BOTH = new Set([
  'lookup.userIdType',
  'view.json',
  'fields.none',
  'profiles.domainLark',
  'profiles.appId',
  'profiles.appSecret',
  'exchange.duration',
]);

/** `{{name}}` or `{{name, format}}`, as i18next reads them. */
const INTERPOLATION = /\{\{\s*(\w+)\s*(?:,\s*([^}]*?))?\s*\}\}/g;

/**
 * Variables that carry text (IDs, names, paths, messages, error codes) and are shown as given.
 * Any other variable is a number, and a number must go through a format.
 */
const TEXT_VARS = new Set([
  'active',
  'ids',
  'profileId',
  'issues',
  'detail',
  'reason',
  'profileName',
  'scheme',
  'name',
  'source',
  'masked',
  'path',
  // Formatted before they are given (a rate, a duration, a size) or names of files and folders.
  'rate',
  'left',
  'bytes',
  'file',
  'folder',
  'error',
  'id',
  'kinds',
  'label',
  'type',
  'reason',
  'form',
  'locales',
  'current',
  'key',
  'code',
  'msg',
  'description',
  'tenantKey',
  'uri',
  'what',
  'host',
  'baseUrl',
  'format',
  'levels',
  'scopes',
]);

const enStrings = flatten(en as unknown as Tree);
const zhStrings = flatten(zhCN as unknown as Tree);

describe('translations', () => {
  it('have the same keys in both languages', () => {
    expect([...zhStrings.keys()].sort()).toEqual([...enStrings.keys()].sort());
  });

  it('have no empty string in either language', () => {
    for (const [key, value] of [...enStrings, ...zhStrings]) expect(value.trim(), key).not.toBe('');
  });

  it('are translated: every Chinese string is Chinese, unless it names an API thing', () => {
    const untranslated = [...zhStrings]
      .filter(([key, value]) => !SAME_IN_BOTH.has(key) && !/[\u4e00-\u9fff]/.test(value))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('use the same interpolation variables, with the same formats, in both languages', () => {
    const vars = (s: string) => [...s.matchAll(INTERPOLATION)].map((m) => `${m[1]}|${m[2] ?? ''}`).sort();
    for (const [key, value] of enStrings) expect(vars(zhStrings.get(key) ?? ''), key).toEqual(vars(value));
  });

  it('format every number they show: a variable that is not text has a format', () => {
    const unformatted = [...enStrings, ...zhStrings].flatMap(([key, value]) =>
      [...value.matchAll(INTERPOLATION)].filter((m) => !m[2] && !TEXT_VARS.has(m[1]!)).map((m) => `${key}: ${m[1]}`),
    );
    expect(unformatted).toEqual([]);
  });

  it('show every number grouped, in each language, whatever the string', () => {
    for (const language of LANGS) {
      // Keys built at run time: the typed t() cannot know them.
      const t = startI18n(i18next.createInstance(), language).t as unknown as (key: string, values: object) => string;
      for (const [key, value] of enStrings) {
        const values: Record<string, unknown> = { count: 1234567 };
        for (const m of value.matchAll(INTERPOLATION)) values[m[1]!] = TEXT_VARS.has(m[1]!) ? 'text' : 1234567;
        const text = t(key.replace(/_(one|other)$/, ''), values);
        expect(text, `${language} ${key}`).not.toContain('1234567');
        expect(text, `${language} ${key}`).not.toContain('{{');
      }
    }
  });
});
