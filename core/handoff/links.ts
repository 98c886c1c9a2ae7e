/**
 * Links into the app: `feishu-inspector://message/<om_…>?profile=<id>` and
 * `feishu-inspector://chat/<oc_…>?profile=<id>`. The desktop registers the scheme with the OS;
 * browser mode takes the same path as a URL fragment (`#/message/<om_…>?profile=<id>`).
 *
 * A link names a message or a chat and, optionally, a profile by its ID: nothing else. It never
 * carries a secret or a token, so one can be pasted anywhere. Parsing accepts only what this
 * module writes (IDs of the expected shape, known parameters) and ignores the rest.
 */

export const APP_LINK_SCHEME = 'feishu-inspector';

export type AppLink = { kind: 'message'; messageId: string; profileId?: string } | { kind: 'chat'; chatId: string; profileId?: string };

const MESSAGE_ID = /^om_\w{6,64}$/;
const CHAT_ID = /^oc_\w{6,64}$/;
/** Profile IDs are made by the app (a slug or a random ID); the built-ins are `sandbox` and `env`. */
const PROFILE_ID = /^[\w-]{1,64}$/;

/** The path both forms share: `/message/om_…?profile=…`. */
export function appLinkPath(link: AppLink): string {
  const path = link.kind === 'message' ? `/message/${link.messageId}` : `/chat/${link.chatId}`;
  return link.profileId === undefined ? path : `${path}?profile=${encodeURIComponent(link.profileId)}`;
}

/** `feishu-inspector://message/om_…?profile=…`, for the desktop app. */
export function appLink(link: AppLink): string {
  return `${APP_LINK_SCHEME}:/${appLinkPath(link)}`;
}

/**
 * Reads a link in any of its forms: `feishu-inspector://…`, a URL whose fragment is `#/…`, a bare
 * fragment `#/…` or the path `/…`. Undefined when it is not one of ours or names no valid ID.
 */
export function parseAppLink(text: string): AppLink | undefined {
  const path = pathOf(text.trim());
  if (path === undefined) return undefined;
  const [route, query = ''] = splitOnce(path, '?');
  const parts = route.split('/').filter((part) => part !== '');
  if (parts.length !== 2) return undefined;
  const [kind, id] = [parts[0]!, decodeSafely(parts[1]!)];
  const profile = new URLSearchParams(query).get('profile') ?? undefined;
  const profileId = profile !== undefined && PROFILE_ID.test(profile) ? profile : undefined;
  const withProfile = profileId === undefined ? {} : { profileId };
  if (kind === 'message' && id !== undefined && MESSAGE_ID.test(id)) return { kind: 'message', messageId: id, ...withProfile };
  if (kind === 'chat' && id !== undefined && CHAT_ID.test(id)) return { kind: 'chat', chatId: id, ...withProfile };
  return undefined;
}

function pathOf(text: string): string | undefined {
  const scheme = `${APP_LINK_SCHEME}:`;
  if (text.toLowerCase().startsWith(scheme)) return text.slice(scheme.length).replace(/^\/*/, '/');
  const hash = text.indexOf('#');
  if (hash >= 0) return text.slice(hash + 1);
  return text.startsWith('/') ? text : undefined;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

function decodeSafely(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
