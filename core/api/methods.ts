/**
 * The names of InspectorApi's methods, with no other imports: the Electron preload bundles this
 * file alone (it must stay small and sandbox-safe). contract.ts checks at compile time that this
 * list and the interface agree.
 */
export const INSPECTOR_METHOD_NAMES = [
  'getAppInfo',
  'listProfiles',
  'getMessage',
  'getSandboxSettings',
  'setSandboxSettings',
  'getProfilesState',
  'saveProfile',
  'deleteProfile',
  'duplicateProfile',
  'setActiveProfile',
  'testProfile',
  'exportProfiles',
  'importProfiles',
  'listHistory',
  'deleteHistoryEntry',
  'clearHistory',
  'getHistorySettings',
  'setHistorySettings',
  'startBatch',
  'getBatchUpdates',
  'cancelBatch',
  'retryBatch',
  'exportBatch',
  'getResource',
  'makeTicketBundle',
  'getChatInfo',
  'listConversation',
  'getReactions',
  'startChatExport',
  'getChatExport',
  'cancelChatExport',
  'listChatExports',
  'startLive',
  'stopLive',
  'getLiveUpdates',
  'getLiveEvent',
  'exportLive',
  'sandboxAct',
  'startSignIn',
  'getSignIn',
  'cancelSignIn',
  'signOut',
  'setAppTicket',
  'resendAppTicket',
  'getSandboxTickets',
] as const;

export type InspectorMethodName = (typeof INSPECTOR_METHOD_NAMES)[number];

/** The IPC channel that carries every call; the method name travels inside. */
export const IPC_CHANNEL = 'inspector:invoke';

/** The global name under which the preload exposes the contract to the renderer. */
export const PRELOAD_GLOBAL = 'inspector';
