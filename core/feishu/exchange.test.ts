import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FeishuClient } from './client';
import { REDACTED, redactSecrets, redactText } from './exchange';
import { maskItems } from './mask';
import type { ApiMessage } from './types';
import { FakeClock } from '../testing/fake-clock';
import type { FetchLike } from '../base/ports';

/** `\uXXXX` for one UTF-16 unit. */
const unicodeEscape = (unit: number, upper = false) => {
  const hex = unit.toString(16).padStart(4, '0');
  return `\\u${upper ? hex.toUpperCase() : hex}`;
};
const units = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));
/** A JSON string's contents, with the characters `pick` chooses written as `\uXXXX` and the rest as JSON.stringify writes them. */
const jsonWith = (secret: string, pick: (char: string) => boolean, upper = false) =>
  Array.from(secret, (char) =>
    pick(char)
      ? units(char)
          .map((unit) => unicodeEscape(unit, upper))
          .join('')
      : JSON.stringify(char).slice(1, -1),
  ).join('');

/** The ways a server may write a secret it echoes: in JSON strings (by various encoders), and percent-encoded. */
function echoedForms(secret: string) {
  const escaped = JSON.stringify(secret).slice(1, -1);
  return {
    json: {
      escaped,
      slashEscaped: escaped.replaceAll('/', '\\/'),
      everyCharAsUnicode: jsonWith(secret, () => true),
      everyCharAsUnicodeUpper: jsonWith(secret, () => true, true),
      // Python's json.dumps (ensure_ascii), and Go's encoding/json (HTML-safe).
      nonAsciiAsUnicode: jsonWith(secret, (char) => char.charCodeAt(0) > 0x7e),
      htmlSafe: jsonWith(secret, (char) => '<>&\u2028\u2029'.includes(char)),
      quoteAndBackslashAsUnicode: jsonWith(secret, (char) => char === '"' || char === '\\'),
    },
    url: {
      uriComponent: encodeURIComponent(secret),
      uriComponentLowerHex: encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (byte) => byte.toLowerCase()),
      form: new URLSearchParams({ s: secret }).toString().slice('s='.length),
    },
  };
}

/** Characters that each encoding treats apart, mixed with any code point at all. */
const secretChar = fc.oneof(
  fc.constantFrom('"', '\\', '/', ' ', '+', '%', '&', '<', '\n', '\t', '\u0000', '\u001f', '\u2028', 'é', '中', '😀'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }),
);
// Four characters at least: the redaction leaves shorter secrets alone (they would match everywhere).
const secretArb = fc.string({ unit: secretChar, minLength: 4, maxLength: 24 });

describe('exchange records', () => {
  it('hold no secret that a server echoed back, in any JSON-string or URL encoding', async () => {
    await fc.assert(
      fc.asyncProperty(secretArb, async (secret) => {
        const forms = echoedForms(secret);
        // The test's encoders write what a server could: each form reads back as the secret.
        for (const form of Object.values(forms.json)) expect(JSON.parse(`"${form}"`)).toBe(secret);
        expect(decodeURIComponent(forms.url.uriComponent)).toBe(secret);
        expect(new URLSearchParams(`s=${forms.url.form}`).get('s')).toBe(secret);

        const all = [secret, ...Object.values(forms.json), ...Object.values(forms.url)];
        const echo = [...Object.values(forms.json), ...Object.values(forms.url)].map((form) => `"${form}"`).join(',');
        const fetch: FetchLike = async (request) => {
          const sent = await request.text();
          return new Response(
            `{"code":10014,"msg":"app secret invalid: ${forms.json.escaped}","echo":[${echo}],"request":${JSON.stringify(sent)}}`,
            { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
          );
        };
        const client = new FeishuClient({ baseUrl: 'https://open.test', appId: 'cli_x', appSecret: secret, fetch, clock: new FakeClock() });
        const result = await client.testConnection();
        expect(result.ok).toBe(false);
        if (result.ok) return;
        const [exchange] = result.exchanges;
        const recorded = [
          exchange!.url,
          exchange!.requestBody,
          exchange!.responseBody,
          ...Object.values(exchange!.requestHeaders),
          ...Object.values(exchange!.responseHeaders),
          result.failure.msg,
          result.failure.body,
        ];
        expect(exchange!.responseBody).toContain(REDACTED);
        for (const text of recorded) for (const form of all) expect(text ?? '').not.toContain(form);
      }),
      { numRuns: 300 },
    );
    // 300 runs take about 5 s on a quiet machine: far more on a loaded one. A budget, not a target.
  }, 120_000);

  it('redacts a secret escaped inside a JSON string inside JSON (message content)', () => {
    const secret = 'a"b\\c/d';
    const nested = JSON.stringify({ content: JSON.stringify({ text: `echo ${secret}` }) });
    const redacted = redactSecrets(nested, [secret]);
    expect(redacted).not.toContain('a\\\\\\"b');
    expect(JSON.parse(JSON.parse(redacted).content)).toEqual({ text: `echo ${REDACTED}` });
  });

  it('leaves secrets shorter than four characters alone', () => {
    expect(redactSecrets('a "b" \\u0061', ['a', 'b"'])).toBe('a "b" \\u0061');
  });
});

describe('credentials inside message content', () => {
  it('are masked in a recorded body as deep as in the answer (a share_token in a card inside content)', () => {
    const card = JSON.stringify({ json_card: JSON.stringify({ share_token: 'join-credential-1234' }) });
    const body = JSON.stringify({ code: 0, data: { items: [{ msg_type: 'interactive', body: { content: card } }] } });
    const recorded = redactText(body, []);
    expect(recorded).not.toContain('join-credential-1234');
    expect(recorded).toContain(REDACTED);
  });

  it('leave content of an unexpected type alone instead of failing the batch', () => {
    const items = [{ message_id: 'om_1', body: { content: { text: 'an object' } } }] as unknown as ApiMessage[];
    expect(maskItems(items)).toBe(items);
  });
});
