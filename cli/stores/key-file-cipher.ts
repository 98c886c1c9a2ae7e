/**
 * The command line's cipher: AES-256-GCM with a random key of its own in a file beside the
 * secrets file, readable by the user's account only (mode 0600). The command line reaches no
 * system keychain, and a sign-in that lasted one command would be no sign-in at all: this keeps
 * a signed-in user's session and a store app's ticket from one command to the next. It protects
 * them from anyone who gets the secrets file without the key (a backup, a copied settings
 * folder, another account), not from programs running as the user; a key file that others can
 * read is refused (the cipher says so and nothing is written), never used silently.
 */

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CipherAvailability, CipherPort } from '../../core/profiles/secrets';

export const KEY_FILE_SCHEME = 'cli-keyfile-v1';
export const KEY_FILE_NAME = 'secrets.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** What protects the CLI's secrets, for the user (`inspector login` says it). */
export const keyFileReason = (keyPath: string) =>
  `encrypted with a key in ${keyPath} that only your user account can read (the command line reaches no system keychain)`;

/** `keyPath`: where the key is (made on first use). */
export function keyFileCipher(keyPath: string): CipherPort {
  let key: Buffer | undefined;
  const problem = (): string | undefined => {
    if (process.platform === 'win32') return undefined;
    try {
      const mode = statSync(keyPath).mode & 0o777;
      return mode & 0o077 ? `${keyPath} can be read by other accounts (mode ${mode.toString(8)}): run chmod 600 on it` : undefined;
    } catch {
      return undefined; // made on first use, 0600
    }
  };
  const loadKey = (): Buffer => {
    if (key) return key;
    const refused = problem();
    if (refused) throw new Error(refused);
    try {
      key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      mkdirSync(path.dirname(keyPath), { recursive: true });
      try {
        // `wx`: of two commands making the key at once, one writes it and both use that one.
        writeFileSync(keyPath, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
      } catch (raced) {
        if ((raced as { code?: unknown }).code !== 'EEXIST') throw raced;
      }
      chmodSync(keyPath, 0o600);
      key = Buffer.from(readFileSync(keyPath, 'utf8').trim(), 'base64');
    }
    if (key.length !== KEY_BYTES) {
      key = undefined;
      throw new Error(`${keyPath} does not hold a key of this program: remove it (what it encrypted is then lost) and sign in again`);
    }
    return key;
  };
  return {
    scheme: KEY_FILE_SCHEME,
    async available(): Promise<CipherAvailability> {
      const refused = problem();
      if (refused) return { ok: false, backend: 'key-file', weak: true, reason: refused };
      return { ok: true, backend: 'key-file', weak: false, reason: keyFileReason(keyPath) };
    },
    async encrypt(plain) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', loadKey(), iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
    },
    async decrypt(base64) {
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw new Error('too short to be ciphertext');
      const decipher = createDecipheriv('aes-256-gcm', loadKey(), bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    },
  };
}
