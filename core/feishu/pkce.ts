/**
 * The pieces of an OAuth 2 authorization-code sign-in with PKCE (RFC 7636, S256) and a `state`
 * (RFC 6749 §10.12), on WebCrypto so the same code runs in Node and in a page.
 */

import { ACCOUNTS_BASE_URLS, AUTHORIZE_PATH, USER_SCOPES } from './identity';

/** base64url without padding, as PKCE writes it. */
function base64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A random string of `bytes` bytes' entropy, in the characters PKCE allows. */
export function randomToken(bytes = 32): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The S256 challenge of a verifier: base64url(SHA-256(verifier)). */
export async function s256Challenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface PkcePair {
  /** 43 characters: kept by the app, sent with the code. */
  verifier: string;
  /** Sent with the authorize request. */
  challenge: string;
}

export async function newPkcePair(): Promise<PkcePair> {
  const verifier = randomToken(32);
  return { verifier, challenge: await s256Challenge(verifier) };
}

/** The host of the authorize page: the platform's accounts host, or a custom base URL (a sandbox) itself. */
export function accountsBaseUrl(domain: 'feishu' | 'lark' | 'custom', baseUrl: string): string {
  return domain === 'custom' ? baseUrl.replace(/\/+$/, '') : ACCOUNTS_BASE_URLS[domain];
}

/** The authorize page's URL for this sign-in. */
export function authorizeUrl(options: {
  accountsBase: string;
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
  scopes?: readonly string[];
}): string {
  const params = new URLSearchParams({
    client_id: options.clientId,
    response_type: 'code',
    redirect_uri: options.redirectUri,
    scope: (options.scopes ?? USER_SCOPES).join(' '),
    state: options.state,
    code_challenge: options.challenge,
    code_challenge_method: 'S256',
  });
  return `${options.accountsBase}${AUTHORIZE_PATH}?${params.toString()}`;
}
