import { describe, expect, it } from 'vitest';
import { listByLanguage, tableByLanguage } from './lang';

interface Words {
  save: string;
  count: (n: number) => string;
}

describe('bilingual text, written side by side', () => {
  it('gives each language its own table, functions included', () => {
    const words = tableByLanguage<Words>({
      save: { 'zh-CN': '保存', en: 'Save' },
      count: { 'zh-CN': (n) => `${n} 条`, en: (n) => `${n} items` },
    });
    expect(words['zh-CN'].save).toBe('保存');
    expect(words.en.save).toBe('Save');
    expect(words['zh-CN'].count(3)).toBe('3 条');
    expect(words.en.count(3)).toBe('3 items');
    expect(Object.keys(words.en)).toEqual(['save', 'count']);
  });

  it('gives each language its own list, in the order written', () => {
    expect(listByLanguage({ 'zh-CN': '一', en: 'one' }, { 'zh-CN': '二', en: 'two' })).toEqual({
      'zh-CN': ['一', '二'],
      en: ['one', 'two'],
    });
  });

  it('does not compile a text in one language only, or a table without a field', () => {
    // @ts-expect-error the English of `save` is missing
    tableByLanguage<Words>({ save: { 'zh-CN': '保存' }, count: { 'zh-CN': String, en: String } });
    // @ts-expect-error `count` is missing
    tableByLanguage<Words>({ save: { 'zh-CN': '保存', en: 'Save' } });
    // @ts-expect-error the Chinese of the second item is missing
    listByLanguage({ 'zh-CN': '一', en: 'one' }, { en: 'two' });
  });
});
