import { describe, expect, it } from 'vitest';
import { maskCredentialFields, REDACTED } from './redact';
import { redactText } from '../feishu/exchange';

describe('maskCredentialFields', () => {
  it('masks share_token, token and secret values, escaped quotes included, and leaves the rest', () => {
    expect(maskCredentialFields('{"share_token":"cse_\\"x","token": "t","other":"v","app_secret":"s"}')).toBe(
      `{"share_token":"${REDACTED}","token": "${REDACTED}","other":"v","app_secret":"${REDACTED}"}`,
    );
  });
});

describe('redactText', () => {
  it('replaces known secrets anywhere, credential fields and Bearer values', () => {
    const text = 'secret=Zq8mN3vL in a log; {"tenant_access_token":"t-abc"}; Authorization: Bearer t-xyz';
    expect(redactText(text, ['Zq8mN3vL'])).toBe(
      `secret=${REDACTED} in a log; {"tenant_access_token":"${REDACTED}"}; Authorization: Bearer ${REDACTED}`,
    );
  });
});

describe('credential fields nested in a JSON string', () => {
  it('masks share_token inside body.content of a response body', () => {
    const content = JSON.stringify({ summary: 'Standup', share_token: 'cse_secret_123', start_time: '1' });
    const body = JSON.stringify({ code: 0, data: { items: [{ body: { content } }] } });
    const masked = maskCredentialFields(body);
    expect(masked).not.toContain('cse_secret_123');
    const parsed = JSON.parse(masked) as { data: { items: { body: { content: string } }[] } };
    expect(JSON.parse(parsed.data.items[0]!.body.content)).toEqual({ summary: 'Standup', share_token: REDACTED, start_time: '1' });
  });
});

describe('maskCredentialFields on text without a credential key', () => {
  it('returns the same text, and still masks a key written in any of its forms', () => {
    const plain = '{"text":"hello \\"world\\"","mentions":[]}';
    expect(maskCredentialFields(plain)).toBe(plain);
    for (const key of [
      'share_token',
      'token',
      'tenant_access_token',
      'app_access_token',
      'user_access_token',
      'app_secret',
      'access_token',
      'refresh_token',
    ]) {
      expect(maskCredentialFields(`{"${key}":"v1"}`), key).toBe(`{"${key}":"${REDACTED}"}`);
    }
  });
});
