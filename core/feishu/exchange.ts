/**
 * The raw HTTP exchanges behind a lookup, as the inspector shows them. Secrets never reach
 * an exchange: every string is passed through `redactSecrets` before it is stored.
 */

import type { FailureStage } from './types';
import { maskCredentials, REDACTED } from '../base/redact';

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

/**
 * Replaces every occurrence of each secret (app_secret, tokens) with a marker: as itself, and as
 * a server may echo it (inside a JSON string, escaped; in a URL or a form, percent-encoded).
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  // A secret written other than as itself holds a backslash, a percent sign or a plus.
  const mayBeEncoded = ENCODING_SIGNS.test(text);
  for (const secret of secrets) {
    // Shorter ones would match everywhere.
    if (secret.length < 4) continue;
    // includes() first: a record holds a dozen strings, and almost none of them holds a secret.
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
    if (mayBeEncoded) out = out.replace(encodedSecretPattern(secret), REDACTED);
  }
  return out;
}

const ENCODING_SIGNS = /[\\%+]/;

/** Built once per secret: a client redacts with the same few all its life. */
const encodedPatterns = new Map<string, RegExp>();
const MAX_CACHED_PATTERNS = 256;

/** Matches the secret with each character in any of the forms `characterForms` lists (mixed, as some servers write them). */
function encodedSecretPattern(secret: string): RegExp {
  let pattern = encodedPatterns.get(secret);
  if (!pattern) {
    if (encodedPatterns.size >= MAX_CACHED_PATTERNS) encodedPatterns.clear();
    pattern = new RegExp(Array.from(secret, characterForms).join(''), 'g');
    encodedPatterns.set(secret, pattern);
  }
  return pattern;
}

/** What follows the backslash when a JSON string escapes a character by its short form. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  '\b': 'b',
  '\f': 'f',
  '\n': 'n',
  '\r': 'r',
  '\t': 't',
};
/** One to three backslashes: an escape in a JSON string, or in a JSON string inside one (message content). */
const ESCAPE = '\\\\{1,3}';

/**
 * A regular expression for one character (one code point) as a JSON string or a URL may write
 * it: itself, `\uXXXX` in either case (a surrogate pair beyond the BMP), its short escape
 * (`\"`, `\\`, `\/`, `\n`…), its UTF-8 bytes percent-encoded, and `+` for a space (forms).
 */
function characterForms(char: string): string {
  const units = Array.from({ length: char.length }, (_, i) => char.charCodeAt(i));
  const forms = [
    units.map((unit) => `\\u${unit.toString(16).padStart(4, '0')}`).join(''),
    units.map((unit) => `${ESCAPE}u${hexDigits(unit, 4)}`).join(''),
    Array.from(new TextEncoder().encode(char), (byte) => `%${hexDigits(byte, 2)}`).join(''),
  ];
  const short = SHORT_ESCAPES[char];
  if (short !== undefined) forms.push(`${ESCAPE}\\u${short.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (char === ' ') forms.push('\\+');
  return `(?:${forms.join('|')})`;
}

/** Hex digits of a number as a pattern that takes either case. */
function hexDigits(value: number, width: number): string {
  return Array.from(value.toString(16).padStart(width, '0'), (digit) =>
    /[a-f]/.test(digit) ? `[${digit}${digit.toUpperCase()}]` : digit,
  ).join('');
}

const BEARER = /(Bearer\s+)[^\s"',]+/g;

/** Known secrets, credential fields and Bearer values: redacted even when the caller did not know them. */
export function redactText(text: string, secrets: readonly string[]): string {
  const out = redactSecrets(text, secrets);
  // The patterns need a quote (a credential field) or "Bearer": most header values have
  // neither, and a lookup records a dozen of them.
  if (!out.includes('"') && !out.includes('Bearer')) return out;
  // The deep rule: a credential inside JSON held in a JSON string (a card's json_card inside
  // body.content) is masked here as it is in the answer itself.
  const masked = maskCredentials(out);
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
