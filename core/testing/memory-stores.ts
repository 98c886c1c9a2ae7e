import { openStores, type Stores } from '../app/stores';
import type { CipherPort } from '../profiles/secrets';
import { MemoryKeyValueStore } from '../storage/port';
import type { Clock } from '../base/ports';

/** Base64 of the reversed text: stands in for an OS keychain in tests (what is stored is not the plain text). */
export const reversingCipher: CipherPort = {
  scheme: 'test-reverse-v1',
  available: async () => ({ ok: true, backend: 'test', weak: false }),
  encrypt: async (plain) => btoa(String.fromCharCode(...new TextEncoder().encode([...plain].reverse().join('')))),
  decrypt: async (base64) => [...new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)))].reverse().join(''),
};

/** Profiles, secrets and history in memory, for tests of the service and its bindings. */
export function memoryStores(
  clock: Pick<Clock, 'now'>,
  cipher: CipherPort = reversingCipher,
): Stores & { files: Record<'settings' | 'secrets' | 'history', MemoryKeyValueStore> } {
  const files = { settings: new MemoryKeyValueStore(), secrets: new MemoryKeyValueStore(), history: new MemoryKeyValueStore() };
  return { ...openStores({ ...files, cipher }, clock), files };
}
