/**
 * From a failed lookup to the "cannot reach <host>" state: which host, why, and the steps worth
 * trying in order. Pure, so the choice of steps is tested without rendering.
 */

import { SANDBOX_PROFILE_ID, type ProfileSummary } from '../../../core/api/contract';
import { hostOf, unreachableReason, type UnreachableReason } from '../../../core/errors';
import type { FeishuFailure } from '../../../core/feishu/types';

export type Platform = 'feishu' | 'lark' | 'custom' | 'sandbox';

export type StepKey = 'offline' | 'network' | 'dns' | 'tls' | 'proxy' | 'feishu' | 'lark' | 'custom' | 'firewall';

export interface Unreachable {
  reason: UnreachableReason;
  /** `open.feishu.cn`, `open.larksuite.com`, or the custom base URL's host (with its port). */
  host: string;
  baseUrl: string;
  platform: Platform;
  profileName?: string;
  steps: StepKey[];
}

/** What to try first for each reason; the platform and firewall steps follow where they apply. */
const FIRST_STEPS: Record<UnreachableReason, StepKey[]> = {
  offline: ['offline'],
  dns: ['network', 'dns'],
  refused: ['network'],
  reset: ['network', 'proxy'],
  tls: ['tls', 'network'],
  proxy: ['proxy', 'network'],
  timeout: ['network'],
  other: ['network'],
};

function platformOf(profile: ProfileSummary | undefined): Platform {
  if (!profile) return 'custom';
  if (profile.profileId === SANDBOX_PROFILE_ID) return 'sandbox';
  return profile.domain;
}

/**
 * The unreachable state for a failure, or undefined when the platform answered (then the error
 * panel explains the answer). `requestUrl` names the host when the profile is not known.
 */
export function unreachableState(
  failure: FeishuFailure,
  profile: ProfileSummary | undefined,
  options: { online?: boolean; requestUrl?: string } = {},
): Unreachable | undefined {
  const platform = platformOf(profile);
  // The Sandbox's failures are simulated and used no network: being offline explains nothing.
  const reason = unreachableReason(failure, { online: platform === 'sandbox' ? true : options.online });
  if (!reason) return undefined;
  const baseUrl = profile?.baseUrl || originOf(options.requestUrl) || '';
  const steps = [...FIRST_STEPS[reason]];
  if (reason !== 'offline') {
    // The sandbox has no platform to switch to: its note says the failure was simulated.
    if (platform !== 'sandbox') {
      // A base URL that is not even a URL is the likeliest cause of a failure with no name.
      if (platform === 'custom' && reason === 'other') steps.unshift('custom');
      else steps.push(platform);
    }
    if (reason !== 'tls' && reason !== 'proxy') steps.push('firewall');
  }
  return { reason, host: hostOf(baseUrl), baseUrl, platform, profileName: profile?.name, steps };
}

/**
 * For a batch: how many rows could not reach the platform, and which host, said once above the
 * table instead of in every row alone.
 */
export function unreachableSummary(
  rows: readonly ({ failure?: FeishuFailure } | undefined)[],
  profile: ProfileSummary | undefined,
  online = true,
): { count: number; host: string } | undefined {
  let count = 0;
  let first: Unreachable | undefined;
  for (const row of rows) {
    const state = row?.failure && unreachableState(row.failure, profile, { online });
    if (!state) continue;
    count += 1;
    first ??= state;
  }
  return first ? { count, host: first.host } : undefined;
}

function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
