/**
 * The two languages of everything a person reads: the UI, error explanations, message labels
 * and exports. One definition, so that a value checked at one layer is accepted by the next.
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/**
 * Something a person reads, in every language. core/ writes it where it is defined, both
 * languages side by side: `{ 'zh-CN': '请求参数无效', en: 'Invalid request parameter' }`, so a
 * sentence and its translation are read (and changed) together and neither can be left out.
 */
export type Bilingual<T> = Record<Lang, T>;

/**
 * A table written field by field in both languages, as one table per language: the shape code
 * that shows one language reads, from the shape a person who writes both edits.
 */
export function tableByLanguage<T extends object>(table: { readonly [K in keyof T]: Bilingual<T[K]> }): Bilingual<T> {
  const entries: [string, Bilingual<unknown>][] = Object.entries(table);
  const inLanguage = (lang: Lang) => Object.fromEntries(entries.map(([key, texts]) => [key, texts[lang]])) as T;
  return { 'zh-CN': inLanguage('zh-CN'), en: inLanguage('en') };
}

/** A list written item by item in both languages, as one list per language. */
export function listByLanguage<T>(...items: readonly Bilingual<T>[]): Bilingual<T[]> {
  return { 'zh-CN': items.map((item) => item['zh-CN']), en: items.map((item) => item.en) };
}
