/**
 * Credential-shaped text, found and removed before anything is written to history: Feishu
 * access tokens (`t-` tenant, `u-` user, `a-` app, `ur-` refresh), bearer headers,
 * `secret=…`-style pairs, credential JSON fields and app_secret-like 32+ character strings.
 */

import { maskCredentialFields, REDACTED } from '../base/redact';

/** A Feishu access token anywhere in a string (no word boundary: a token glued to a word is still one). */
export const TOKEN_SHAPED = /(?:ur|[tua])-[A-Za-z0-9_.]{16,}/g;
const BEARER = /\bbearer\s+[^\s"',;]+/gi;
const SECRET_PAIR = /\b((?:app_?)?secret|token|access_token|password|passwd|pwd)(\s*[=:]\s*)("?)[^\s"',;&]+\3/gi;
/** Mixed-case letters and digits, 32+ long: how app_secrets look (message IDs and hex hashes do not match). */
const SECRET_LIKE = /(?<![A-Za-z0-9_-])(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{32,}(?![A-Za-z0-9_-])/g;

export function containsCredential(text: string): boolean {
  return scrubCredentials(text) !== text;
}

/** The text with every credential-shaped part replaced by «redacted». */
export function scrubCredentials(text: string): string {
  let current = text;
  // Replacing can only shorten what matches, but loop until nothing changes rather than rely on it.
  for (let pass = 0; pass < 5; pass++) {
    const next = maskCredentialFields(current)
      .replace(BEARER, `Bearer ${REDACTED}`)
      .replace(SECRET_PAIR, `$1$2${REDACTED}`)
      .replace(TOKEN_SHAPED, REDACTED)
      .replace(SECRET_LIKE, REDACTED);
    if (next === current) return next;
    current = next;
  }
  return REDACTED;
}
