/** The shape of a catalogue entry, and the helpers that write its texts in both languages. */

import type { Lang } from '../../base/lang';

export interface DocLink {
  url: string;
  label: Record<Lang, string>;
}

export interface CatalogueEntry {
  /** The code as a string, or a kind for code-less failures, or 'unknown'. */
  id: string;
  code?: number;
  title: Record<Lang, string>;
  /** What the failure means for this call: getting one message's content. */
  meaning: Record<Lang, string>;
  causes: Record<Lang, string[]>;
  /** Remediation steps in order, without their numbers. */
  steps: Record<Lang, string[]>;
  docs: DocLink[];
  /** Worth retrying automatically. */
  retryable: boolean;
  /** A user-token code that should not happen with the app's tenant token. */
  unexpected?: boolean;
}

export const t = (zh: string, en: string): Record<Lang, string> => ({ 'zh-CN': zh, en });
export const l = (zh: string[], en: string[]): Record<Lang, string[]> => ({ 'zh-CN': zh, en });
export const doc = (url: string, zh: string, en: string): DocLink => ({ url, label: t(zh, en) });
