/**
 * What the page says when a call to the main side fails: errors of ours come with a code and the
 * values of their sentence (core/base/app-error.ts), said here in the reader's language; anything
 * else is a bug, shown with its English text so it can be reported.
 */

import type { TFunction } from 'i18next';
import { BridgeCallError } from '../../../core/api/contract';
import { isAppErrorCode } from '../../../core/base/app-error';

export function appErrorText(error: unknown, t: TFunction): string {
  if (error instanceof BridgeCallError && isAppErrorCode(error.code)) {
    const params = Object.fromEntries(
      Object.entries(error.params).map(([key, value]) => [key, Array.isArray(value) ? value.join('; ') : value]),
    );
    if (error.code === 'missing_secret') {
      const problem = (['none', 'undecryptable', 'unknown_scheme', 'malformed'] as const).find((p) => p === params.problem) ?? 'none';
      return t(`appError.missing_secret.${problem}`, params);
    }
    return t(`appError.${error.code}`, params);
  }
  return t('appError.bug', { detail: error instanceof Error ? error.message : String(error) });
}
