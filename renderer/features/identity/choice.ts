/**
 * Whom lookups are made as, per profile: the app's bot (the default) or the user signed in on
 * it, and a store app's tenant. Remembered on this computer (localStorage), read by every place
 * that asks the main side for something of a profile, so a lookup, its conversation, its images
 * and an export all speak as the same identity.
 */

import { useEffect, useState, useSyncExternalStore } from 'react';
import type { IdentityChoice, ProfileSummary } from '../../../core/api/contract';

const PREFIX = 'inspector.identity.';
const listeners = new Set<() => void>();
/** The parsed choice per profile, so a render reads the same object until it changes. */
const cache = new Map<string, IdentityChoice>();

function read(profileId: string): IdentityChoice {
  const held = cache.get(profileId);
  if (held) return held;
  let choice: IdentityChoice = {};
  try {
    const saved = JSON.parse(localStorage.getItem(PREFIX + profileId) ?? '{}') as Record<string, unknown>;
    choice = {
      ...(saved.as === 'user' ? { as: 'user' as const } : {}),
      ...(typeof saved.tenantKey === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(saved.tenantKey) ? { tenantKey: saved.tenantKey } : {}),
    };
  } catch {
    // A damaged entry is the default: the bot.
  }
  cache.set(profileId, choice);
  return choice;
}

/** The profile's choice, as the requests carry it (`as`, `tenantKey`). */
export function identityFor(profileId: string): IdentityChoice {
  return read(profileId);
}

export function setIdentity(profileId: string, change: IdentityChoice): void {
  const next = { ...read(profileId), ...change };
  const stored: IdentityChoice = {
    ...(next.as === 'user' ? { as: 'user' } : {}),
    ...(next.tenantKey ? { tenantKey: next.tenantKey } : {}),
  };
  localStorage.setItem(PREFIX + profileId, JSON.stringify(stored));
  cache.set(profileId, stored);
  for (const listener of listeners) listener();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** The profile's choice, re-rendering when it changes. */
export function useIdentity(profileId: string): IdentityChoice {
  return useSyncExternalStore(subscribe, () => read(profileId));
}

/**
 * The choice as a request should carry it: the user only while one is signed in (after a sign-out
 * the lookups go back to the bot), a tenant only for a store app that lists it.
 */
export function effectiveIdentity(choice: IdentityChoice, profile: ProfileSummary | undefined): IdentityChoice {
  if (!profile || profile.kind === 'pasted') return {};
  const tenantKey =
    profile.kind === 'store' && profile.tenants?.some((tenant) => tenant.key === choice.tenantKey) ? choice.tenantKey : undefined;
  return {
    ...(choice.as === 'user' && profile.signedIn ? { as: 'user' as const } : {}),
    ...(tenantKey ? { tenantKey } : {}),
  };
}

/** Whether a pasted token's expiry has passed, turning true when it does (the page stays open for hours). */
export function useExpired(expiresAt: number | undefined): boolean {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    if (expiresAt === undefined) return;
    const wait = expiresAt - Date.now();
    if (wait <= 0 || wait > 2 ** 31 - 1) return;
    const timer = setTimeout(tick, wait + 50);
    return () => clearTimeout(timer);
  }, [expiresAt]);
  return expiresAt !== undefined && now !== null && expiresAt <= now;
}
