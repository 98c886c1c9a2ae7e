import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MAX_BATCH_IDS, SANDBOX_PROFILE_ID } from '../../../core/api/contract';
import type { UserIdType } from '../../../core/feishu/types';
import { api } from '../../api';
import { langOf } from '../../i18n';
import { profilesStateQuery } from '../../queries';
import { useLookupHistory } from './navigation';
import type { OpenedFile } from './OpenFile';
import type { ConversationOpen } from '../conversation/open';
import { appErrorText } from '../errors/app-error';
import { identityFor } from '../identity/choice';

/** More IDs than this run as a batch; fewer show as tabs, each fetched when chosen. */
const BATCH_THRESHOLD = 20;

/**
 * What the main screen shows and how it gets there: the active profile, the lookup box's text,
 * the back/forward history of lookups (each a message, a few as tabs, or a batch), and a file
 * opened offline, which stands in front of them until closed.
 */
export function useLookupSession() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const profilesState = useQuery(profilesStateQuery());
  const profileId = profilesState.data?.activeProfileId ?? SANDBOX_PROFILE_ID;
  const profile = profilesState.data?.profiles.find((p) => p.profileId === profileId);
  const [userIdType, setUserIdType] = useState<UserIdType>('open_id');
  const history = useLookupHistory();
  const lookup = history.current;
  // What the box shows: the user's edit of the current entry, else the text the entry came from.
  const entryKey = lookup ? String(lookup.attempt) : 'none';
  const [draft, setDraft] = useState<{ entryKey: string; text: string } | null>(null);
  const text = draft?.entryKey === entryKey ? draft.text : (lookup?.text ?? '');
  const setText = (next: string) => setDraft({ entryKey, text: next });

  const [offline, setOffline] = useState<OpenedFile | null>(null);
  const openMessage = (messageId: string) => {
    setOffline(null);
    history.push(messageId, [messageId]);
  };
  /** A chat or a thread in the conversation view, with the active profile unless another is named. */
  const openConversation = (open: Omit<ConversationOpen, 'profileId'> & { profileId?: string }, text: string = open.target.id) => {
    setOffline(null);
    history.pushConversation(text, { ...open, profileId: open.profileId ?? profileId });
  };
  const [batchError, setBatchError] = useState<string | null>(null);
  /** Many IDs run as a batch in the main side, paced by the app's rate limits. */
  const runBatch = async (ids: string[]) => {
    setBatchError(null);
    try {
      const { batchId } = await api.startBatch({
        messageIds: ids.slice(0, MAX_BATCH_IDS),
        profileId,
        ...identityFor(profileId),
        userIdType,
        lang: langOf(i18n),
      });
      history.push(text, ids.slice(0, MAX_BATCH_IDS), { batchId, profileId });
      if (ids.length > MAX_BATCH_IDS) setBatchError(t('batch.truncated', { max: MAX_BATCH_IDS, count: ids.length }));
    } catch (error) {
      setBatchError(appErrorText(error, t));
    }
  };
  /** The IDs found in the box: a few are fetched one at a time, many run as a batch. */
  const lookUp = (ids: string[]) => {
    setOffline(null);
    if (ids.length > BATCH_THRESHOLD) void runBatch(ids);
    else history.push(text, ids);
  };
  /**
   * From the history or a link: the message with the profile it names, made active first when it
   * exists. The profiles are read from the cache (or fetched), not from this render: a link can
   * arrive before they have loaded.
   */
  const reopen = async (messageId: string, fromProfileId: string) => {
    await activate(fromProfileId);
    openMessage(messageId);
  };
  /** The profile named made active when it exists; answers the profile active after. */
  const activate = async (wanted?: string): Promise<string> => {
    const state = await queryClient.ensureQueryData(profilesStateQuery());
    if (wanted === undefined || wanted === state.activeProfileId || !state.profiles.some((p) => p.profileId === wanted)) {
      return state.activeProfileId;
    }
    await api.setActiveProfile(wanted);
    await queryClient.invalidateQueries({ queryKey: profilesStateQuery().queryKey });
    return wanted;
  };
  /** From a link: a chat in the conversation view, with the profile named made active first (the user chose it). */
  const openChat = async (chatId: string, fromProfileId?: string) => {
    const active = await activate(fromProfileId);
    openConversation({ target: { kind: 'chat', id: chatId }, profileId: active });
  };

  return {
    profilesState: profilesState.data,
    profileId,
    profile,
    userIdType,
    setUserIdType,
    history,
    lookup,
    text,
    setText,
    offline,
    setOffline,
    openMessage,
    openConversation,
    lookUp,
    runBatch,
    batchError,
    reopen,
    openChat,
  };
}
