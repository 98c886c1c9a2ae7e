/**
 * The raw HTTP exchanges behind a lookup, as the inspector shows them. Secrets never reach
 * an exchange: every string is passed through `redactSecrets` before it is stored.
 */

import type { FailureStage } from './types';
import { maskCredentialFields, REDACTED } from '../base/redact';

export interface Exchange {
  /** Which call this was: the tenant token, or the message itself. */
  stage: FailureStage;
  /** 1 for the first try; retries and replays count up. */
  attempt: number;
  method: string;
  url: string;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  /** Absent when no response came (timeout, network error). */
  status?: number;
  responseHeaders: Record<string, string>;
  responseBody?: string;
  startedAt: number;
  durationMs: number;
  logId?: string;
  /** Transport error text (timeout, DNS, TLS...). */
  error?: string;
  /** Why this exchange happened or what came of it: "retry after 429", "token refreshed"... */
  note?: string;
}

export { REDACTED } from '../base/redact';

/** Bodies larger than this are cut in the exchange record (the parsed result keeps everything). */
export const MAX_RECORDED_BODY = 256 * 1024;

/** Replaces every occurrence of each secret (app_secret, tokens) with a marker. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // includes() first: a record holds a dozen strings, and almost none of them holds a secret.
    if (secret.length >= 4 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

const BEARER = /(Bearer\s+)[^\s"',]+/g;

/** Known secrets, credential fields and Bearer values: redacted even when the caller did not know them. */
export function redactText(text: string, secrets: readonly string[]): string {
  const out = redactSecrets(text, secrets);
  // The patterns need a quote (a credential field) or "Bearer": most header values have
  // neither, and a lookup records a dozen of them.
  if (!out.includes('"') && !out.includes('Bearer')) return out;
  const masked = maskCredentialFields(out);
  return masked.includes('Bearer') ? masked.replace(BEARER, `$1${REDACTED}`) : masked;
}

export function redactHeaders(headers: Headers | Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    out[name.toLowerCase()] = redactText(value, secrets);
  }
  return out;
}

export function cutBody(text: string): string {
  if (text.length <= MAX_RECORDED_BODY) return text;
  return `${text.slice(0, MAX_RECORDED_BODY)}\n… (${text.length - MAX_RECORDED_BODY} more characters not recorded)`;
}
