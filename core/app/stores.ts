/**
 * The three stores behind the service: profiles and secrets (core/profiles) and history
 * (core/history), over key-value files the host opens (electron-store on the desktop, conf in
 * the CLI). `openStores` wires them together.
 */

import type { Clock } from '../base/ports';
import { HistoryStore } from '../history/store';
import { ProfileStore, SecretStore, type CipherPort } from '../profiles';
import { StoreNoticeLog, type KeyValuePort } from '../storage';

export interface StorePorts {
  settings: KeyValuePort;
  secrets: KeyValuePort;
  history: KeyValuePort;
  cipher: CipherPort;
  /** The host's log of files it could not read (not JSON); the stores add what they find to it. */
  notices?: StoreNoticeLog;
}

export interface Stores {
  profiles: ProfileStore;
  secrets: SecretStore;
  history: HistoryStore;
  /** What the files held that could not be read, and where the originals were kept: tell the user once. */
  notices: StoreNoticeLog;
}

/** The three stores, with history pruned by the limits saved in the settings. */
export function openStores(ports: StorePorts, clock: Pick<Clock, 'now'>): Stores {
  const notices = ports.notices ?? new StoreNoticeLog();
  const profiles = new ProfileStore({ store: ports.settings, notices });
  return {
    profiles,
    secrets: new SecretStore({ store: ports.secrets, cipher: ports.cipher }),
    history: new HistoryStore({ store: ports.history, clock, limits: () => profiles.getHistorySettings(), notices }),
    notices,
  };
}
