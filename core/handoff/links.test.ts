import { describe, expect, it } from 'vitest';
import { appLink, appLinkPath, parseAppLink, type AppLink } from './links';

const MESSAGE = 'om_dc13264520392913993dd051dba21dcf';
const CHAT = 'oc_5ad11d72b830411d72b836c20';

describe('links into the app', () => {
  it('writes the desktop link and the fragment path', () => {
    expect(appLink({ kind: 'message', messageId: MESSAGE, profileId: 'sandbox' })).toBe(
      `feishu-inspector://message/${MESSAGE}?profile=sandbox`,
    );
    expect(appLink({ kind: 'chat', chatId: CHAT })).toBe(`feishu-inspector://chat/${CHAT}`);
    expect(appLinkPath({ kind: 'message', messageId: MESSAGE })).toBe(`/message/${MESSAGE}`);
  });

  it('reads back what it writes, in every form a link arrives in', () => {
    const links: AppLink[] = [
      { kind: 'message', messageId: MESSAGE, profileId: 'p-1a2b' },
      { kind: 'message', messageId: 'om_error_99991672' },
      { kind: 'chat', chatId: CHAT, profileId: 'sandbox' },
    ];
    for (const link of links) {
      expect(parseAppLink(appLink(link))).toEqual(link);
      expect(parseAppLink(`#${appLinkPath(link)}`)).toEqual(link);
      expect(parseAppLink(`http://127.0.0.1:5173/#${appLinkPath(link)}`)).toEqual(link);
      expect(parseAppLink(appLinkPath(link))).toEqual(link);
    }
    // Windows and some launchers hand the link over as typed: a different case, one slash.
    expect(parseAppLink(`Feishu-Inspector:/message/${MESSAGE}`)).toEqual({ kind: 'message', messageId: MESSAGE });
  });

  it('refuses what is not a link to a message or a chat, and drops a profile that is not an ID', () => {
    for (const text of [
      '',
      'https://example.com/message/om_abcdefgh',
      `feishu-inspector://message/${CHAT}`,
      `feishu-inspector://chat/${MESSAGE}`,
      'feishu-inspector://message/om_<script>',
      `feishu-inspector://message/${MESSAGE}/extra`,
      'feishu-inspector://settings',
      '#/message/%E0%A4%A',
    ])
      expect(parseAppLink(text), text).toBeUndefined();
    expect(parseAppLink(`feishu-inspector://message/${MESSAGE}?profile=${encodeURIComponent('a b/../c')}`)).toEqual({
      kind: 'message',
      messageId: MESSAGE,
    });
  });

  it('carries nothing but the IDs: no other parameter survives', () => {
    const link = parseAppLink(`feishu-inspector://message/${MESSAGE}?profile=sandbox&app_secret=s3cr3t&token=t-abc`);
    expect(link).toEqual({ kind: 'message', messageId: MESSAGE, profileId: 'sandbox' });
    expect(appLink(link!)).not.toMatch(/secret|token/);
  });
});
