/**
 * "Copy as cURL" for a recorded exchange. The record is already redacted; the command puts shell
 * variables where the token and secret were, so it runs once the user exports them and never
 * carries a secret itself.
 */

import type { Exchange } from './exchange';
import { REDACTED } from './exchange';

export const TOKEN_VARIABLE = 'TENANT_ACCESS_TOKEN';
export const SECRET_VARIABLE = 'APP_SECRET';

/** Headers worth replaying; the rest (content-length, host…) curl sets itself. */
const REPLAYED_HEADERS = new Set(['authorization', 'content-type']);

/** Single-quotes a value for POSIX shells. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Quotes a value for the shell; where it holds the redaction marker, double quotes with the
 * marker replaced by `${variable}`, so the shell fills the real value in.
 */
function quoteWithVariable(value: string, variable: string): string {
  if (!value.includes(REDACTED)) return shellQuote(value);
  const escaped = value.replace(/[\\"`$]/g, (c) => `\\${c}`);
  return `"${escaped.split(REDACTED).join(`\${${variable}}`)}"`;
}

export function exchangeToCurl(exchange: Exchange): string {
  const parts = ['curl', '-sS', '-X', exchange.method, shellQuote(exchange.url)];
  for (const [name, value] of Object.entries(exchange.requestHeaders)) {
    if (REPLAYED_HEADERS.has(name)) parts.push('-H', quoteWithVariable(`${name}: ${value}`, TOKEN_VARIABLE));
  }
  if (exchange.requestBody !== undefined) parts.push('--data-raw', quoteWithVariable(exchange.requestBody, SECRET_VARIABLE));
  return parts.join(' ');
}
