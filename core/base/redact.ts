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

const MAX_MASK_DEPTH = 64;

/**
 * `maskCredentialFields`, also inside JSON held in JSON strings (a raw card's `json_card`, a
 * text that quotes a calendar payload), where the field's quotes are escaped and the regex above
 * cannot see them. The text is re-serialised only when such a nested field was
 * masked; otherwise it comes back as `maskCredentialFields` made it.
 */
export function maskCredentials(text: string, level = 0): string {
  // Every key holds "token" or "secret", escaped or not: most texts have neither.
  if (!text.includes('token') && !text.includes('secret')) return text;
  const masked = maskCredentialFields(text);
  if (level >= MAX_MASK_DEPTH || !masked.includes('\\"')) return masked;
  let parsed: unknown;
  try {
    parsed = JSON.parse(masked);
  } catch {
    return masked;
  }
  let changed = false;
  // Iterative walk: content can nest deeper than the call stack allows.
  const stack: unknown[] = [parsed];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== 'object' || value === null) continue;
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (typeof child === 'string') {
        if (!child.includes('"')) continue;
        const inner = maskCredentials(child, level + 1);
        if (inner !== child) {
          record[key] = inner;
          changed = true;
        }
      } else if (typeof child === 'object' && child !== null) {
        stack.push(child);
      }
    }
  }
  if (typeof parsed === 'string') {
    const inner = maskCredentials(parsed, level + 1);
    if (inner !== parsed) return JSON.stringify(inner);
  }
  return changed ? JSON.stringify(parsed) : masked;
}
