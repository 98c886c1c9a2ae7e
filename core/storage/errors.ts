/** Errors of any store. Each carries a `code`, so a host or the page can pick a translated message. */

import type { CodedError } from '../base/app-error';

/** Bad input to a store (a malformed ID, an empty secret, a history entry without a message ID). */
export class StoreInputError extends Error implements CodedError {
  readonly code = 'invalid_input';
  get params(): { detail: string } {
    return { detail: this.message };
  }
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}
