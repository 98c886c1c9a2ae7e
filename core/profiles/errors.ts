/**
 * Errors of the profile, secret and history stores. Each carries a `code` so a host or the
 * renderer can pick a translated message; `message` is the English fallback and never contains
 * a secret.
 */

import type { CodedError } from '../base/app-error';

export class ProfileNotFoundError extends Error implements CodedError {
  readonly code = 'profile_not_found';
  readonly params: { profileId: string };
  constructor(profileId: string) {
    super(`no profile with id ${profileId}`);
    this.name = 'ProfileNotFoundError';
    this.params = { profileId };
  }
}

/** The Sandbox and the environment profile are not stored: they cannot be edited or deleted. */
export class BuiltInProfileError extends Error implements CodedError {
  readonly code = 'built_in_profile';
  readonly profileId: string;
  readonly params: { profileId: string };
  constructor(profileId: string, message: string) {
    super(message);
    this.name = 'BuiltInProfileError';
    this.profileId = profileId;
    this.params = { profileId };
  }
}

/** Input that does not make a valid profile; `issues` lists each problem as `field: what to do`. */
export class ProfileValidationError extends Error implements CodedError {
  readonly code = 'invalid_profile';
  readonly issues: string[];
  readonly params: { issues: string[] };
  constructor(issues: string[]) {
    super(`The profile is not valid: ${issues.join('; ')}`);
    this.name = 'ProfileValidationError';
    this.issues = issues;
    this.params = { issues };
  }
}

/** A profiles file that cannot be imported; nothing from it was stored. */
export class ProfileImportError extends Error implements CodedError {
  readonly code = 'invalid_import';
  readonly issues: string[];
  readonly params: { issues: string[] };
  constructor(issues: string[]) {
    super(`Nothing was imported: ${issues.join('; ')}`);
    this.name = 'ProfileImportError';
    this.issues = issues;
    this.params = { issues };
  }
}

/** The settings file was written by a newer version: writing it back would lose what this version cannot read. */
export class SettingsTooNewError extends Error implements CodedError {
  readonly code = 'settings_too_new';
  readonly schemaVersion: number;
  get params(): { schemaVersion: number } {
    return { schemaVersion: this.schemaVersion };
  }
  constructor(schemaVersion: number) {
    super(
      `The settings were saved by a newer version of the app (schema ${schemaVersion}); this version will not change them. Update the app to edit profiles.`,
    );
    this.name = 'SettingsTooNewError';
    this.schemaVersion = schemaVersion;
  }
}

/** Persisting a secret was refused because the only encryption available does not protect it. */
export class WeakEncryptionError extends Error implements CodedError {
  readonly code = 'weak_encryption';
  readonly backend: string | undefined;
  readonly reason: string;
  get params(): { reason: string; backend: string } {
    return { reason: this.reason, backend: this.backend ?? '' };
  }
  constructor(reason: string, backend?: string) {
    super(`The app_secret was not saved: ${reason}. Keep it for this session only, or set up the system keyring and try again.`);
    this.name = 'WeakEncryptionError';
    this.backend = backend;
    this.reason = reason;
  }
}
