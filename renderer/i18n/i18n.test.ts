import { describe, expect, it } from 'vitest';
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

/** Strings that are the same in both languages on purpose: names of API things, not prose. */
const SAME_IN_BOTH = new Set([
  'lookup.userIdType',
  'view.json',
  'fields.none',
  'profiles.domainLark',
  'profiles.appId',
  'profiles.appSecret',
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

  it('use the same interpolation variables in both languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [key, value] of enStrings) expect(vars(zhStrings.get(key) ?? ''), key).toEqual(vars(value));
  });
});
