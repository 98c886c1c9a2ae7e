/**
 * One rule for credential-looking JSON fields, wherever raw text is shown or recorded: the
 * values of these keys are replaced by a marker. (The exchange record also replaces every known
 * secret value, wherever it stands; see feishu/exchange.ts.)
 */

export const REDACTED = '«redacted»';

const KEYS = 'share_token|token|tenant_access_token|app_access_token|user_access_token|app_secret|access_token|refresh_token';
const CREDENTIAL_FIELDS = new RegExp(`("(?:${KEYS})"\\s*:\\s*)"(?:[^"\\\\]|\\\\.)*"`, 'g');
/** The same fields inside a JSON string inside JSON (body.content in a response body): quotes escaped. */
const ESCAPED_CREDENTIAL_FIELDS = new RegExp(`(\\\\"(?:${KEYS})\\\\"\\s*:\\s*)\\\\"(?:[^\\\\]|\\\\[^"])*\\\\"`, 'g');

export function maskCredentialFields(text: string, marker = REDACTED): string {
  // Every key holds "token" or "secret": most texts (message content, headers) have neither.
  if (!text.includes('token') && !text.includes('secret')) return text;
  return text.replace(CREDENTIAL_FIELDS, `$1"${marker}"`).replace(ESCAPED_CREDENTIAL_FIELDS, `$1\\"${marker}\\"`);
}
