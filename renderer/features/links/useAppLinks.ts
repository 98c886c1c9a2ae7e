import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useEffectEvent, useState } from 'react';
import { parseAppLink, type AppLink } from '../../../core/handoff/links';
import { profilesStateQuery } from '../../queries';

/** What a link opens: a message in the viewer, or a chat in the conversation view. */
export type LinkTarget = { kind: 'message'; id: string } | { kind: 'chat'; id: string };

/** What a link could not do by itself, for the user to decide. */
export type AppLinkNotice =
  | { kind: 'unknown_profile'; target: LinkTarget; profileId: string }
  /** A profile other than the active one: switching is the user's choice, not a link's (any app can open one). */
  | { kind: 'other_profile'; target: LinkTarget; profileId: string; profileName: string };

/** How a link opens what it names: the session's own ways, as the lookup box and the history do. */
export interface AppLinkOpener {
  /** With the active profile, as if the ID were typed in the box and Enter pressed. */
  openMessage(messageId: string): void;
  /** With the profile named, made active first. */
  reopen(messageId: string, profileId: string): Promise<void>;
  /** A chat in the conversation view: with the active profile, or with the one named, made active first. */
  openChat(chatId: string, profileId?: string): Promise<void>;
}

/**
 * Links into the app (`#/message/om_…?profile=…`, core/handoff/links.ts) arrive as the page's
 * fragment: with the page (browser mode, or the desktop's first window), or later, when the
 * desktop hands a link to the running window or the user edits the address. Each is followed
 * once and the fragment removed, so a reload does not follow it again; a fragment that is not a
 * link is left alone.
 */
export function useAppLinks(opener: AppLinkOpener) {
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<AppLinkNotice | null>(null);

  const openTarget = (target: LinkTarget, profileId?: string) => {
    if (target.kind === 'chat') return void opener.openChat(target.id, profileId);
    if (profileId === undefined) return opener.openMessage(target.id);
    return void opener.reopen(target.id, profileId);
  };

  const follow = useEffectEvent(async (link: AppLink) => {
    setNotice(null);
    const target: LinkTarget = link.kind === 'chat' ? { kind: 'chat', id: link.chatId } : { kind: 'message', id: link.messageId };
    if (link.profileId === undefined) return openTarget(target);
    const state = await queryClient.ensureQueryData(profilesStateQuery());
    const named = state.profiles.find((p) => p.profileId === link.profileId);
    if (!named) return setNotice({ kind: 'unknown_profile', target, profileId: link.profileId });
    if (named.profileId === state.activeProfileId) return openTarget(target);
    setNotice({ kind: 'other_profile', target, profileId: named.profileId, profileName: named.name });
  });

  useEffect(() => {
    const take = () => {
      const link = parseAppLink(window.location.hash);
      if (!link) return;
      // Only the fragment goes: the path and query (browser mode's token) stay as they are.
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
      void follow(link);
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);

  return {
    notice,
    dismiss: () => setNotice(null),
    /** What the link names, with the active profile (the link's is not here, or the user keeps theirs). */
    openWithActiveProfile: (target: LinkTarget) => {
      setNotice(null);
      openTarget(target);
    },
    /** What the link names, with the profile it names, made active: the user chose it. */
    openWithLinkProfile: (target: LinkTarget, profileId: string) => {
      setNotice(null);
      openTarget(target, profileId);
    },
  };
}
