/** The shape of a catalogue entry. */

import type { Bilingual } from '../../base/lang';

export interface DocLink {
  url: string;
  label: Bilingual<string>;
}

export interface CatalogueEntry {
  /** The code as a string, or a kind for code-less failures, or 'unknown'. */
  id: string;
  code?: number;
  title: Bilingual<string>;
  /** What the failure means for this call: getting one message's content. */
  meaning: Bilingual<string>;
  causes: Bilingual<string[]>;
  /** Remediation steps in order, without their numbers. */
  steps: Bilingual<string[]>;
  docs: DocLink[];
  /** Worth retrying automatically. */
  retryable: boolean;
  /** A user-token code that should not happen with the app's tenant token (as the bot); as a user it is expected. */
  unexpected?: boolean;
  /**
   * What the entry says instead when the call was made as a user (signed in, or with a pasted user
   * token): the same code can mean the user, not the bot, lacks something.
   */
  asUser?: Partial<Pick<CatalogueEntry, 'title' | 'meaning' | 'causes' | 'steps' | 'docs'>>;
}
