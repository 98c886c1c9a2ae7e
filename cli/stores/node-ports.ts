/**
 * Store adapters for the Node host (the CLI and browser mode): conf files with the same names,
 * defaults and schema handling as the desktop app's electron-store files. There is no OS
 * keychain here: browser mode keeps secrets in memory for the session only; the command line,
 * whose every command is a process of its own, keeps them with a key file (key-file-cipher.ts).
 */

import Conf from 'conf';
import path from 'node:path';
import type { StorePorts } from '../../core/app/stores';
import type { CipherPort } from '../../core/profiles/secrets';
import { openStoreFiles, type StoreFileName } from '../../node/store-files';
import { KEY_FILE_NAME, keyFileCipher } from './key-file-cipher';

export const NODE_PROJECT_NAME = 'feishu-message-inspector';

export const SESSION_ONLY_REASON =
  'the command line and browser mode cannot reach the system keychain, so app secrets are kept in memory until this process ends; save them in the desktop app, or set FEISHU_APP_SECRET';

/** Never encrypts: SecretStore refuses to persist with it and keeps secrets for the session. */
export const sessionOnlyCipher: CipherPort = {
  scheme: 'none',
  available: async () => ({ ok: false, backend: 'none', weak: true, reason: SESSION_ONLY_REASON }),
  encrypt: async () => {
    throw new Error(`Secrets cannot be encrypted here: ${SESSION_ONLY_REASON}`);
  },
  decrypt: async () => {
    throw new Error(`Secrets cannot be decrypted here: ${SESSION_ONLY_REASON}`);
  },
};

export interface NodeStoreOptions {
  /** The directory of the files; by default the user's config directory for the project. */
  cwd?: string;
  now?: () => number;
  /** How secrets are kept: for the session only (the default: browser mode), or with a key file (the command line). */
  secrets?: 'session' | 'key-file';
}

export interface NodeStorePorts extends StorePorts {
  /** Where each file is, to show the user. */
  files: Record<StoreFileName, string>;
  /** Copies of files that were not JSON and were read as empty (tell the user once). */
  setAside: string[];
}

export function createNodeStorePorts(options: NodeStoreOptions = {}): NodeStorePorts {
  const { ports, files, setAside } = openStoreFiles(
    ({ name, ...spec }) =>
      new Conf<Record<string, unknown>>({
        projectName: NODE_PROJECT_NAME,
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
        configName: name,
        ...spec,
      }),
    options.now,
  );
  const cipher = options.secrets === 'key-file' ? keyFileCipher(path.join(path.dirname(files.secrets), KEY_FILE_NAME)) : sessionOnlyCipher;
  return { ...ports, cipher, files, setAside };
}
