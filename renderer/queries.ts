/** One query factory per contract method (TanStack Query's queryOptions pattern). */

import { queryOptions } from '@tanstack/react-query';
import type { BridgeCallError, ChatInfoRequest, GetMessageRequest, HistoryQuery, Lang } from '../core/api/contract';
import { api } from './api';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: BridgeCallError | Error;
  }
}

export const appInfoQuery = () => queryOptions({ queryKey: ['appInfo'], queryFn: () => api.getAppInfo(), staleTime: Infinity });

/**
 * Each press of Enter is a new attempt: the platform is asked again, never a stale cache.
 * `lang` only chooses the words of the preview the history keeps; it stays out of the key, so
 * that switching the UI's language does not ask the platform again.
 */
export const messageQuery = (request: GetMessageRequest, attempt: number, lang?: Lang) =>
  queryOptions({
    queryKey: ['message', request, attempt],
    queryFn: () => api.getMessage(lang === undefined ? request : { ...request, lang }),
    staleTime: 0,
    gcTime: 5 * 60 * 1000,
    retry: false,
  });

export const sandboxSettingsQuery = () => queryOptions({ queryKey: ['sandboxSettings'], queryFn: () => api.getSandboxSettings() });

/** The app_tickets the sandbox pushed to its store app; polled, as a resend from anywhere pushes another. */
export const sandboxTicketsQuery = () =>
  queryOptions({ queryKey: ['sandboxTickets'], queryFn: () => api.getSandboxTickets(), refetchInterval: 5_000 });

export const profilesStateQuery = () => queryOptions({ queryKey: ['profilesState'], queryFn: () => api.getProfilesState() });

export const historyQuery = (query: HistoryQuery) => queryOptions({ queryKey: ['history', query], queryFn: () => api.listHistory(query) });

export const historySettingsQuery = () => queryOptions({ queryKey: ['historySettings'], queryFn: () => api.getHistorySettings() });

/** A chat's name: the main side keeps it a while per profile, so asking again (another language, another message) is cheap. */
export const chatInfoQuery = (request: ChatInfoRequest) =>
  queryOptions({ queryKey: ['chatInfo', request], queryFn: () => api.getChatInfo(request), staleTime: 60 * 1000, retry: false });
