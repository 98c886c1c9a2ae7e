/**
 * Errors a person reads. The main side throws them with a stable `code` and the values their
 * sentence needs (`params`); the bridge carries both to the page, which says it in the reader's
 * language. `message` is the English sentence, for the CLI and logs. Neither ever holds a secret.
 */

export const APP_ERROR_CODES = [
  'profile_not_found',
  'built_in_profile',
  'invalid_profile',
  'invalid_import',
  'settings_too_new',
  'weak_encryption',
  'invalid_input',
  'missing_secret',
  'batch_not_found',
  'batch_running',
  'lookup_not_kept',
  'batch_row_not_run',
  'not_signed_in',
  'unknown_tenant',
  'sign_in_not_found',
  'sign_in_unavailable',
  'live_event_gone',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

export type AppErrorParams = Record<string, string | number | string[]>;

/** What an error of ours offers the bridge. */
export interface CodedError {
  readonly code: AppErrorCode;
  readonly params: AppErrorParams;
  readonly message: string;
}

export function isAppErrorCode(code: unknown): code is AppErrorCode {
  return (APP_ERROR_CODES as readonly unknown[]).includes(code);
}

export function isCodedError(error: unknown): error is CodedError {
  if (!(error instanceof Error)) return false;
  const { code, params } = error as Partial<CodedError>;
  return isAppErrorCode(code) && typeof params === 'object' && params !== null;
}

/** An error of ours with no class of its own. */
export class AppError extends Error implements CodedError {
  readonly code: AppErrorCode;
  readonly params: AppErrorParams;
  constructor(code: AppErrorCode, message: string, params: AppErrorParams = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.params = params;
  }
}
