/**
 * Store adapters for the desktop app: electron-store files in userData (the same names and
 * defaults as the CLI's conf files) and a CipherPort over safeStorage's async API. Imports
 * electron and electron-store: only electron/main.ts may import this file.
 */

import { safeStorage } from 'electron';
import ElectronStore from 'electron-store';
import type { StorePorts } from '../../core/app/stores';
import type { CipherAvailability, CipherPort } from '../../core/profiles/secrets';
import { openStoreFiles, type StoreFileName } from '../../node/store-files';

export const SAFE_STORAGE_SCHEME = 'safeStorage-v1';

const PLATFORM_BACKENDS: Partial<Record<NodeJS.Platform, string>> = { darwin: 'keychain', win32: 'dpapi' };

async function safeStorageAvailability(): Promise<CipherAvailability> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    return { ok: false, weak: true, reason: 'the operating system offers no encryption for saved secrets' };
  }
  if (process.platform !== 'linux') return { ok: true, weak: false, backend: PLATFORM_BACKENDS[process.platform] ?? process.platform };
  const backend = safeStorage.getSelectedStorageBackend();
  if (backend === 'basic_text') {
    return {
      ok: true,
      backend,
      weak: true,
      reason: 'no system keyring (GNOME Keyring or KWallet) was found, so saved secrets would be encrypted with a key anyone can read',
    };
  }
  if (backend === 'unknown')
    return { ok: true, backend, weak: true, reason: 'the keyring is not known yet (asked before the app was ready)' };
  return { ok: true, backend, weak: false };
}

/** safeStorage's async API, base64 ciphertext. Weak on Linux's `basic_text` backend. */
export const safeStorageCipher: CipherPort = {
  scheme: SAFE_STORAGE_SCHEME,
  available: safeStorageAvailability,
  encrypt: async (plain) => (await safeStorage.encryptStringAsync(plain)).toString('base64'),
  decrypt: async (base64) => (await safeStorage.decryptStringAsync(Buffer.from(base64, 'base64'))).result,
};

export interface ElectronStorePorts extends StorePorts {
  files: Record<StoreFileName, string>;
  /** Copies of files that were not JSON and were read as empty (tell the user once). */
  setAside: string[];
}

/** The files can be opened at any time; the cipher answers truly only once the app is ready (before, Linux reports `unknown`, treated as weak). */
export function createElectronStorePorts(): ElectronStorePorts {
  const { ports, files, setAside } = openStoreFiles((spec) => new ElectronStore<Record<string, unknown>>(spec));
  return { ...ports, cipher: safeStorageCipher, files, setAside };
}
