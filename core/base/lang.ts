/**
 * The two languages of everything a person reads: the UI, error explanations, message labels
 * and exports. One definition, so that a value checked at one layer is accepted by the next.
 */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];
