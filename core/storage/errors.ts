/** Errors of any store. Each carries a `code`, so a host or the page can pick a translated message. */

/** Bad input to a store (a malformed ID, an empty secret, a history entry without a message ID). */
export class StoreInputError extends Error {
  readonly code = 'invalid_input';
  constructor(message: string) {
    super(message);
    this.name = 'StoreInputError';
  }
}
