/**
 * The error catalogue: what each failure of GET /open-apis/im/v1/messages/:message_id (and of
 * the tenant-token call before it) means, why it happens and what to do, in zh-CN and en.
 *
 * The seed page's error table (seed/get-message.md) is the source of truth for the 2300xx codes;
 * platform codes follow the public troubleshooting pages linked from each entry. Texts may carry
 * the placeholders `{code}` and `{msg}` (and, for the user's sign-in, `{user}` and `{expiresAt}`),
 * filled in by `explainFailure`.
 */

import { CODELESS_ENTRIES } from './codeless';
import { CONVERSATION_ENTRIES } from './conversation';
import { CREDENTIAL_PROBLEM_ENTRIES } from './credential-problems';
import { CREDENTIALS_ENTRIES } from './credentials';
import type { CatalogueEntry } from './entry';
import { EVENTS_ENTRIES } from './events';
import { GATEWAY_ENTRIES } from './gateway';
import { MESSAGE_ENTRIES } from './message';
import { OAUTH_ENTRIES } from './oauth';
import { RESOURCE_ENTRIES } from './resource';
import { SERVER_ENTRIES } from './server';
import { STORE_APP_ENTRIES } from './store-app';
import { UNEXPECTED_ENTRIES } from './unexpected';
import { UNKNOWN_ENTRIES } from './unknown';

export { LANGS, type Lang } from '../../base/lang';
export { CODELESS_IDS, type CodelessId } from './codeless';
export { credentialEntryId, SIGNED_OUT_NOTE } from './credential-problems';
export type { CatalogueEntry, DocLink } from './entry';
export { EVENTS_HANDSHAKE_ID, eventsEntryId } from './events';
export { SEED_CODES } from './message';
export { SIGN_IN_AGAIN_CODES } from './oauth';
export { GET_AS_USER_SCOPES } from './unexpected';

/** Every entry, one file per group of codes. */
export const CATALOGUE: readonly CatalogueEntry[] = [
  ...MESSAGE_ENTRIES,
  ...CONVERSATION_ENTRIES,
  ...GATEWAY_ENTRIES,
  ...CREDENTIALS_ENTRIES,
  ...STORE_APP_ENTRIES,
  ...OAUTH_ENTRIES,
  ...CREDENTIAL_PROBLEM_ENTRIES,
  ...RESOURCE_ENTRIES,
  ...SERVER_ENTRIES,
  ...EVENTS_ENTRIES,
  ...UNEXPECTED_ENTRIES,
  ...CODELESS_ENTRIES,
  ...UNKNOWN_ENTRIES,
];

const BY_ID: ReadonlyMap<string, CatalogueEntry> = new Map(CATALOGUE.map((entry) => [entry.id, entry]));

/** The entry with this id, or undefined. */
export function catalogueEntry(id: string): CatalogueEntry | undefined {
  return BY_ID.get(id);
}

/** The entry for a platform code, or undefined when the code is not catalogued. */
export function catalogueEntryForCode(code: number): CatalogueEntry | undefined {
  const entry = BY_ID.get(String(code));
  return entry?.code === code ? entry : undefined;
}

/** The fallback entry; always present. */
export function unknownEntry(): CatalogueEntry {
  const entry = BY_ID.get('unknown');
  if (!entry) throw new Error('error catalogue has no "unknown" entry');
  return entry;
}
